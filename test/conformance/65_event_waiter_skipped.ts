// Twin of 65_event_waiter_skipped.py: a waiter killed before its wake-up is skipped, a timed-out wait
// returns None and is not woken later, send_exception raises in the waiter (E1, E2, E3).
import { Event, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, KeyError, log, py, run } from './oracle.js';

function* waiter(ev: Event<string>, name: string, timeout: number | null = null) {
  log(py`${name}: wait(timeout=${timeout})`);
  try {
    log(py`${name}: got ${yield* ev.wait(timeout ?? undefined)}`);
  } catch (e) {
    log(`${name}: ${excText(e)}`);
    throw e;
  }
}

function* main() {
  const ev = new Event<string>();
  const a = spawn(waiter, ev, 'a');
  spawnN(waiter, ev, 't', 0.5);
  yield* sleep(1);
  ev.send('v');
  log('main: sent, killing a before its wake-up');
  yield* a.kill();
  log(py`main: a dead=${a.dead}`);
  yield* sleep(0);
  const ready = ev.ready();
  log(py`main: ready=${ready} wait -> ${yield* ev.wait()}`);
  const ev2 = new Event<string>();
  spawnN(waiter, ev2, 'b');
  yield* sleep(1);
  ev2.sendException(new KeyError("'k'"));
  yield* sleep(0);
  log('main: done');
}

run(main);
