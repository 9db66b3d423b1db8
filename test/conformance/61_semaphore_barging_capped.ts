// Twin of 61_semaphore_barging_capped.py: non-blocking and timed acquires barge past a queued waiter,
// BoundedSemaphore over-release, CappedSemaphore blocking at both ends (S2-S5).
import { BoundedSemaphore, CappedSemaphore, Semaphore, sleep, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';
import { ValueError } from '../../src/hub/errors.js';

function* waiter(sem: Semaphore, name: string) {
  log(`${name}: acquire`);
  yield* sem.acquire();
  log(`${name}: acquired`);
}

function* barger(sem: Semaphore, name: string, kind: string) {
  if (kind === 'nonblocking') {
    log(py`${name}: acquire(blocking=False) -> ${yield* sem.acquire({ blocking: false })}`);
  } else {
    log(py`${name}: acquire(timeout=1) -> ${yield* sem.acquire({ timeout: 1 })}`);
  }
}

function* cappedReleaser(c: CappedSemaphore, name: string) {
  log(`${name}: release`);
  yield* c.release();
  log(py`${name}: released, balance=${c.balance}`);
}

function* cappedAcquirer(c: CappedSemaphore, name: string) {
  log(`${name}: acquire`);
  yield* c.acquire();
  log(py`${name}: acquired, balance=${c.balance}`);
}

function* main() {
  const s = new Semaphore(1);
  yield* s.acquire();
  spawnN(waiter, s, 'w');
  yield* sleep(1);
  log(py`main: release, balance=${s.balance}`);
  s.release();
  log(py`main: acquire(blocking=False) -> ${yield* s.acquire({ blocking: false })}`);
  yield* sleep(0);
  log(py`main: counter=${s.counter} balance=${s.balance}`);
  s.release();
  log(py`main: acquire(timeout=1) -> ${yield* s.acquire({ timeout: 1 })}`);
  yield* sleep(0);
  log(py`main: counter=${s.counter} balance=${s.balance}`);
  spawnN(barger, s, 'b1', 'nonblocking');
  s.release();
  yield* sleep(0);
  log(py`main: counter=${s.counter} balance=${s.balance}`);
  spawnN(barger, s, 'b2', 'timed');
  s.release();
  yield* sleep(0);
  log(py`main: counter=${s.counter} balance=${s.balance}`);
  s.release();
  yield* sleep(0);
  log(py`main: counter=${s.counter} balance=${s.balance}`);
  const bs = new BoundedSemaphore(1);
  yield* bs.acquire();
  bs.release();
  try {
    bs.release();
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`bounded: ${excText(e)}`);
  }
  const c = new CappedSemaphore(1, 2);
  log(py`capped: balance=${c.balance} locked=${c.locked()}`);
  log(py`capped: release(blocking=False) -> ${yield* c.release(false)}`);
  const r = yield* c.release(false);
  log(py`capped: release(blocking=False) -> ${r}, balance=${c.balance}`);
  spawnN(cappedReleaser, c, 'r');
  yield* sleep(1);
  log(py`main: balance=${c.balance}`);
  yield* c.acquire();
  log(py`main: acquired, balance=${c.balance}`);
  yield* sleep(0);
  log(py`main: balance=${c.balance}`);
  yield* c.acquire();
  yield* c.acquire();
  log(py`main: acquired all, balance=${c.balance} locked=${c.locked()}`);
  log(py`capped: acquire(blocking=False) -> ${yield* c.acquire(false)}`);
  spawnN(cappedAcquirer, c, 'a');
  yield* sleep(1);
  log(py`main: balance=${c.balance}`);
  yield* c.release();
  log(py`main: released, balance=${c.balance}`);
  yield* sleep(0);
  log(py`main: balance=${c.balance}`);
}

run(main);
