// Twin of 22_semaphore_fifo.py: queued acquirers are served FIFO; a release wakes the head by a 0-timer (S1, S2).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { Semaphore } from '../../src/greenthread/semaphore.js';
import { log, py, run } from './oracle.js';

function* user(sem: Semaphore, name: string, hold: number) {
  log(py`${name}: acquire (counter=${sem.counter})`);
  yield* sem.guard(function* () {
    log(py`${name}: got it`);
    yield* sleep(hold);
    log(py`${name}: release`);
  });
  log(py`${name}: released`);
}

function* main() {
  const sem = new Semaphore(1);
  spawnN(user, sem, 'a', 1);
  spawnN(user, sem, 'b', 1);
  spawnN(user, sem, 'c', 1);
  yield* sleep(0.5);
  log(py`main: counter=${sem.counter} balance=${sem.balance} locked=${sem.locked()}`);
  yield* sleep(0.5);
  // a released during this pass, before main ran: count is up, b not yet in
  log(py`main: counter=${sem.counter} balance=${sem.balance}, acquire now`);
  yield* sem.acquire();
  log('main: got it after the queue');
  sem.release();
  log(py`main: released, counter=${sem.counter}`);
  yield* sleep(5);
  log(py`main: counter=${sem.counter}`);
}

run(main);
