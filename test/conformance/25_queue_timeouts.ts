// Twin of 25_queue_timeouts.py: non-blocking and timed get/put raise Empty/Full (Q3).
import { sleep, spawnN, type Green } from '../../src/greenthread/index.js';
import { Empty, Full, Queue } from '../../src/greenthread/queue.js';
import { log, py, run } from './oracle.js';

function* attempt(label: string, fn: () => Green<unknown> | unknown) {
  try {
    let out = fn();
    if (out !== null && typeof out === 'object' && typeof (out as Green<unknown>).next === 'function') {
      out = yield* out as Green<unknown>;
    }
    log(py`${label} -> ${out}`);
  } catch (e) {
    if (e instanceof Empty) log(`${label} raised Empty`);
    else if (e instanceof Full) log(`${label} raised Full`);
    else throw e;
  }
}

function* latePut(q: Queue<string>, delay: number, item: string) {
  yield* sleep(delay);
  log(py`helper: put ${item}`);
  yield* q.put(item);
}

function* main() {
  const q = new Queue<string>(1);
  yield* attempt('get_nowait on empty', () => q.getNowait());
  yield* attempt('get(block=False) on empty', () => q.get(false));
  yield* attempt('get(timeout=1.5) on empty', () => q.get({ timeout: 1.5 }));
  yield* attempt('put_nowait(a)', () => q.putNowait('a'));
  yield* attempt('put_nowait(b) on full', () => q.putNowait('b'));
  yield* attempt('put(c, timeout=2) on full', () => q.put('c', { timeout: 2 }));
  log(py`main: qsize=${q.qsize()}`);
  yield* attempt('get_nowait', () => q.getNowait());
  spawnN(latePut, q, 1, 'd');
  yield* attempt('get(timeout=3) with a put at +1', () => q.get({ timeout: 3 }));
  yield* sleep(5);
  log(py`main: qsize=${q.qsize()}`);
}

run(main);
