// Twin of 59_queue_channel_resize.py: LightQueue(0) hand-offs, Queue(0) hand-offs counted as unfinished
// tasks, resize growing a full queue, negative maxsize (Q1-Q5).
import { LightQueue, Queue, sleep, spawnN } from '../../src/greenthread/index.js';
import { log, py, run } from './oracle.js';

function state(q: LightQueue<unknown>): string {
  return py`qsize=${q.qsize()} empty=${q.empty()} full=${q.full()} putting=${q.putting()} getting=${q.getting()}`;
}

function* putter(q: LightQueue<unknown>, item: unknown) {
  log(py`p: put ${item}`);
  yield* q.put(item);
  log(py`p: put ${item} done`);
}

function* getter(q: LightQueue<unknown>, name: string) {
  log(`${name}: get`);
  log(py`${name}: got ${yield* q.get()}`);
}

function* main() {
  const ch = new LightQueue<unknown>(0);
  log(`channel: ${state(ch)}`);
  spawnN(putter, ch, 'x');
  yield* sleep(1);
  log(`main: ${state(ch)}`);
  spawnN(getter, ch, 'g1');
  yield* sleep(1);
  log(`main: ${state(ch)}`);
  spawnN(getter, ch, 'g2');
  yield* sleep(1);
  log('main: put y');
  yield* ch.put('y');
  log(`main: put y returned, ${state(ch)}`);
  yield* sleep(1);
  const q = new Queue<unknown>(0);
  spawnN(getter, q, 'g3');
  yield* sleep(0);
  yield* q.put('z');
  log(py`main: put z on Queue(0), unfinished=${q.unfinishedTasks}`);
  yield* sleep(1);
  q.taskDone();
  log(py`main: after task_done, unfinished=${q.unfinishedTasks}`);
  const b = new Queue<unknown>(1);
  yield* b.put('a');
  spawnN(putter, b, 'b');
  yield* sleep(1);
  log(`main: ${state(b)}`);
  b.resize(2);
  log(`main: resize(2), ${state(b)}`);
  yield* sleep(0);
  log(`main: ${state(b)}`);
  b.resize(1);
  log(`main: resize(1), ${state(b)}`);
  let item = yield* b.get();
  log(py`main: get ${item}, ${state(b)}`);
  item = yield* b.get();
  log(py`main: get ${item}, ${state(b)}`);
  const u = new LightQueue<unknown>(-3);
  yield* u.put(1);
  yield* u.put(2);
  log(py`LightQueue(-3): maxsize=${u.maxsize} ${state(u)}`);
}

run(main);
