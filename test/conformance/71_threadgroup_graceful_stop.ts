// Twin of 71_threadgroup_graceful_stop.py: stop(graceful=True) waits for a running timer callback and for
// each thread (a failure logged "Error waiting on thread."); a group thread stopping its own group is
// skipped and survives (O4, O5, O6).
import { GreenletExit, sleep } from '../../src/greenthread/index.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { log, py, run, ValueError } from './oracle.js';
import './oslo.js';

function* worker(name: string, secs: number, fail = false) {
  try {
    log(`${name}: start`);
    yield* sleep(secs);
    if (fail) {
      log(`${name}: raising`);
      throw new ValueError(name);
    }
    log(`${name}: end`);
    return name;
  } catch (e) {
    if (!(e instanceof GreenletExit)) throw e;
    log(`${name}: GreenletExit`);
    throw e;
  }
}

function* slowTick() {
  log('timer: tick begins');
  yield* sleep(0.75);
  log('timer: tick ends');
}

function* stopper(tg: ThreadGroup, graceful: boolean) {
  log(py`stopper: stop(graceful=${graceful})`);
  yield* tg.stop(graceful);
  log(py`stopper: stop returned, threads=${tg.threads.length}`);
  yield* sleep(0.5);
  log('stopper: still alive');
}

function* main() {
  const tg = new ThreadGroup();
  tg.addTimer(1, slowTick, 0.5);
  yield* tg.addThread(worker, 'w1', 1.5);
  yield* tg.addThread(worker, 'w2', 1, true);
  yield* tg.addThread(worker, 'w3', 2);
  yield* sleep(0.75);
  log('main: stop(graceful=True)');
  yield* tg.stop(true);
  log(py`main: stop returned at threads=${tg.threads.length} timers=${tg.timers.length}`);

  const tg2 = new ThreadGroup();
  yield* tg2.addThread(worker, 'x1', 3);
  yield* tg2.addThread(stopper, tg2, false);
  yield* tg2.addThread(worker, 'x2', 3);
  yield* sleep(0.25);
  log(py`main: tg2 threads=${tg2.threads.length}`);
  yield* tg2.wait();
  log('main: tg2 wait returned');

  const tg3 = new ThreadGroup();
  yield* tg3.addThread(worker, 'y1', 0.25);
  yield* tg3.addThread(stopper, tg3, true);
  yield* tg3.addThread(worker, 'y2', 0.5);
  yield* tg3.wait();
  log('main: tg3 wait returned');
}

run(main);
