// Twin of 33_threadgroup_stop.py: ThreadGroup.stop() stops timers (a running callback is not interrupted)
// and kills threads in order, one hub pass per kill (O5, O6, G9, G11).
import { GreenletExit, sleep, spawnN } from '../../src/greenthread/index.js';
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

function* slowTick() {
  log('timer: tick begins');
  yield* sleep(1);
  log('timer: tick ends');
}

function* bystander() {
  for (let i = 0; i < 3; i++) {
    log('bystander: step');
    yield* sleep(0);
  }
}

function* main() {
  const tg = new ThreadGroup();
  tg.addTimer(2, slowTick, 0.5);
  yield* tg.addThread(worker, 'w1', 10);
  yield* tg.addThread(worker, 'w2', 0.25);
  yield* tg.addThread(worker, 'w3', 10);
  yield* sleep(1);
  log(py`main: threads=${tg.threads.length}, stop()`);
  spawnN(bystander);
  yield* tg.stop();
  log(py`main: stop returned, threads=${tg.threads.length} timers=${tg.timers.length}`);
  yield* tg.wait();
  log('main: wait returned');
  yield* sleep(5);
  log('main: done');
}

run(main);
