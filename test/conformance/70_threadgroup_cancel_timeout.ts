// Twin of 70_threadgroup_cancel_timeout.py: ThreadGroup.cancel() keeps unstarted threads from running; with a
// timeout it checks every waitTime and stops the group once the timeout has passed (O8, G12).
import { GreenletExit, sleep } from '../../src/greenthread/index.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { log, py, run } from './oracle.js';
import './oslo.js';

function* worker(name: string, secs: number) {
  try {
    log(`${name}: start`);
    yield* sleep(secs);
    log(`${name}: end`);
  } catch (e) {
    if (!(e instanceof GreenletExit)) throw e;
    log(`${name}: GreenletExit`);
    throw e;
  }
}

function tick() {
  log('timer: tick');
}

function* main() {
  // (The scenario silences cancel()'s DeprecationWarning; greenhub prints none.)
  const tg = new ThreadGroup();
  yield* tg.addThread(worker, 'a', 0.5);
  yield* tg.addThread(worker, 'b', 1);
  log('main: cancel() before the threads started');
  yield* tg.cancel();
  log(py`main: cancel returned, threads=${tg.threads.length}`);
  yield* sleep(0);
  log(py`main: after a pass, threads=${tg.threads.length}`);

  tg.addTimer(1, tick, 0.25);
  yield* tg.addThread(worker, 'c', 0.75);
  yield* tg.addThread(worker, 'd', 10);
  yield* sleep(0);
  log('main: cancel(timeout=2, wait_time=0.5)');
  yield* tg.cancel(undefined, { timeout: 2, waitTime: 0.5 });
  log(py`main: cancel returned, threads=${tg.threads.length} timers=${tg.timers.length}`);
  yield* tg.wait();
  log('main: wait returned');

  const tg2 = new ThreadGroup();
  tg2.addTimer(1, tick, 0.125);
  yield* tg2.addThread(worker, 'e', 0.625);
  yield* sleep(0);
  log('main: tg2.cancel(timeout=5, wait_time=0.25)');
  yield* tg2.cancel(undefined, { timeout: 5, waitTime: 0.25 });
  log(py`main: cancel returned, threads=${tg2.threads.length} timers=${tg2.timers.length}`);
  yield* sleep(1.5);
  yield* tg2.stop();
  log('main: done');
}

run(main);
