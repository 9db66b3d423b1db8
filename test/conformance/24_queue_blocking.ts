// Twin of 24_queue_blocking.py: a bounded queue blocks putters when full and getters when empty (Q1–Q3).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { Queue } from '../../src/greenthread/queue.js';
import { log, py, run } from './oracle.js';

function state(q: Queue<unknown>): string {
  return py`qsize=${q.qsize()} full=${q.full()} empty=${q.empty()} putting=${q.putting()} getting=${q.getting()}`;
}

function* producer(q: Queue<unknown>) {
  for (let i = 0; i < 4; i++) {
    log(py`p: put ${i}`);
    yield* q.put(i);
    log(py`p: put ${i} done, ${state(q)}`);
  }
  log('p: finished');
}

function* consumer(q: Queue<unknown>, n: number) {
  for (let k = 0; k < n; k++) {
    yield* sleep(1);
    log(py`c: get, ${state(q)}`);
    const item = yield* q.get();
    log(py`c: got ${item}, ${state(q)}`);
  }
}

function* main() {
  const q = new Queue<unknown>(2);
  spawnN(producer, q);
  spawnN(consumer, q, 4);
  yield* sleep(5);
  log(py`main: ${state(q)}`);
  spawnN(consumer, q, 1);
  yield* sleep(1.5);
  log(py`main: consumer blocked, ${state(q)}`);
  yield* q.put('late');
  log(py`main: put late, ${state(q)}`);
  yield* sleep(0);
  log(py`main: ${state(q)}`);
}

run(main);
