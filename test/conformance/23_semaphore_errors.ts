// Twin of 23_semaphore_errors.py: bad values, BoundedSemaphore's bound, barging timed acquires (S1, S3, S4).
import { sleep, spawnN, type Green } from '../../src/greenthread/index.js';
import { BoundedSemaphore, Semaphore } from '../../src/greenthread/semaphore.js';
import { excText, isException, log, py, run } from './oracle.js';

function* tryCall(label: string, fn: () => Green<unknown> | unknown) {
  try {
    let out = fn();
    if (out !== null && typeof out === 'object' && typeof (out as Green<unknown>).next === 'function') {
      out = yield* out as Green<unknown>;
    }
    log(py`${label} -> ${out}`);
  } catch (e) {
    if (!isException(e)) throw e;
    log(`${label} raised ${excText(e)}`);
  }
}

function* timed(sem: Semaphore, name: string, timeout: number) {
  log(py`${name}: acquire(timeout=${timeout})`);
  const ok = yield* sem.acquire({ timeout });
  log(py`${name}: -> ${ok}`);
}

function* main() {
  yield* tryCall('Semaphore(-1)', () => new Semaphore(-1));
  const b = new BoundedSemaphore(2);
  yield* tryCall('bounded.release() at initial value', () => b.release());
  yield* tryCall('bounded.acquire()', () => b.acquire());
  yield* tryCall('bounded.acquire(blocking=False)', () => b.acquire({ blocking: false }));
  yield* tryCall('bounded.acquire(blocking=False) when empty', () => b.acquire({ blocking: false }));
  yield* tryCall('bounded.acquire(timeout=-2)', () => b.acquire({ timeout: -2 }));
  yield* tryCall('bounded.acquire(False, 1)', () => b.acquire(false, 1));
  spawnN(timed, b, 'short', 0.5);
  spawnN(timed, b, 'long', 5);
  yield* sleep(1);
  log(py`main: balance=${b.balance}`);
  yield* tryCall('bounded.release()', () => b.release());
  yield* sleep(0);
  yield* tryCall('bounded.release()', () => b.release());
  yield* tryCall('bounded.release()', () => b.release());
  yield* tryCall('bounded.release() again', () => b.release());
  log(py`main: counter=${b.counter}`);
  const s = new Semaphore(0);
  s.release();
  s.release();
  log(py`main: plain semaphore counted up to ${s.counter}`);
}

run(main);
