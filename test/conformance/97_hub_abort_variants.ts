// Twin of 97_hub_abort_variants.py: hub.abort() from main, a thread and a timer callback, with and without
// wait; from a timer callback, abort(wait=True) fails with eventlet's assertion while the loop still ends
// (H17, H13, H9). eventlet's hub.abort(wait) is `yield* abortHub(wait)`; from a timer, `abortHub(wait).next()`.
import { getHub } from '../../src/hub/index.js';
import { abortHub, Event, type Green, Queue, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, pyRepr, run } from './oracle.js';

function* sleeper(name: string, d: number) {
  log(py`${name}: sleep ${d}`);
  yield* sleep(d);
  log(`${name}: woke`);
}

function tick(name: string): void {
  log(`timer ${name}`);
}

function* aborter(d: number, wait: boolean) {
  yield* sleep(d);
  log(py`aborter: abort(wait=${wait})`);
  yield* abortHub(wait);
  log('aborter: after abort, sleep 0.25');
  yield* sleep(0.25);
  log('aborter: woke (after abort)');
}

function timerAbort(wait: boolean): void {
  log(py`timer: abort(wait=${wait})`);
  abortHub(wait).next();
  log('timer: abort returned');
}

function* attempt(name: string, fn: () => Green<unknown>) {
  try {
    const r = yield* fn();
    log(`main: ${name} returned ${pyRepr(r)}`);
  } catch (e) {
    log(`main: ${name} raised ${excText(e)}`);
  }
}

function* main() {
  const hub = getHub();
  log(py`main: abort() before the hub runs, running=${hub.running}`);
  yield* abortHub();
  hub.scheduleCallGlobal(0.5, tick, 'a');
  yield* attempt('sleep(1)', () => sleep(1));
  spawnN(sleeper, 'x', 2);
  hub.scheduleCallGlobal(0.5, tick, 'b');
  yield* sleep(0);
  log(py`main: running=${hub.running}; abort()`);
  yield* abortHub();
  yield* attempt('sleep(5)', () => sleep(5));
  log(py`main: running=${hub.running} timers=${hub.schedule.size}`);
  const ev = new Event();
  spawn(aborter, 1, false);
  spawnN(sleeper, 'y', 3);
  yield* attempt('ev.wait', () => ev.wait());
  const q = new Queue();
  spawn(aborter, 1, true);
  spawnN(sleeper, 'z', 3);
  yield* attempt('q.get', () => q.get());
  log(`main: q.getting=${q.getting()}`);
  hub.scheduleCallGlobal(1, timerAbort, false);
  hub.scheduleCallGlobal(1, tick, 'c');
  hub.scheduleCallGlobal(1.5, tick, 'd (discarded?)');
  yield* attempt('sleep(3)', () => sleep(3));
  hub.scheduleCallGlobal(1, timerAbort, true);
  hub.scheduleCallGlobal(1, tick, 'e');
  hub.scheduleCallGlobal(1.5, tick, 'f (discarded?)');
  yield* attempt('sleep(3) #2', () => sleep(3));
  yield* attempt('sleep(1) fresh', () => sleep(1));
  log('main: done');
}

run(main);
