// Twin of 63_queue_timeout_races.py: a put in the pass where a getter times out leaves the item queued; a
// getter killed before the unlock pass loses nothing; a timed put raises Full (Q2, Q3, T2, G11).
import { Empty, Full, LightQueue, Queue, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* getter(q: LightQueue<string>, name: string, timeout: number | null) {
  log(py`${name}: get(timeout=${timeout})`);
  try {
    log(py`${name}: got ${yield* q.get({ timeout })}`);
  } catch (e) {
    if (e instanceof Empty) {
      log(py`${name}: Empty, qsize=${q.qsize()}`);
      return;
    }
    log(`${name}: ${excText(e)}`);
    throw e;
  }
}

function* main() {
  const q = new Queue<string>();
  yield* sleep(0);
  spawnN(getter, q, 'g1', 1);
  yield* sleep(0);
  yield* sleep(1);
  log('main: put a as g1 times out');
  yield* q.put('a');
  yield* sleep(0);
  log(py`main: qsize=${q.qsize()} getting=${q.getting()}`);
  log(py`main: get -> ${yield* q.get()}`);
  const g2 = spawn(getter, q, 'g2', null);
  yield* sleep(1);
  yield* q.put('b');
  log('main: put b, kill g2 before the unlock pass');
  yield* g2.kill();
  log(py`main: qsize=${q.qsize()} getting=${q.getting()}`);
  yield* sleep(0);
  const n = q.qsize();
  log(py`main: qsize=${n} get -> ${yield* q.get()}`);
  const f = new Queue<string>(1);
  yield* f.put('x');
  try {
    yield* f.put('y', { timeout: 0.5 });
  } catch (e) {
    if (!(e instanceof Full)) throw e;
    log(py`main: put(timeout=0.5) raised Full, qsize=${f.qsize()} putting=${f.putting()}`);
  }
}

run(main);
