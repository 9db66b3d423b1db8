// Twin of 91_sync_python_values.py: where eventlet's primitives follow Python's value rules: PriorityQueue
// compares tuples as Python does, a negative queue timeout is a Timeout already due, resize keeps a negative
// size, send_exception() with no argument raises GreenletExit, sizes go through int(), and a member running
// spawn_n inline drops whatever the function raised (Q1, Q3, Q5, E4, P1, P3, P4, S1).
import {
  Empty,
  Event,
  Full,
  GreenletExit,
  GreenPool,
  LightQueue,
  PriorityQueue,
  Queue,
  Semaphore,
  sleep,
  spawnN,
} from '../../src/greenthread/index.js';
import { excText, log, py, pyRepr, run, ValueError } from './oracle.js';

const tuple = (t: unknown[]): string => `(${t.map(pyRepr).join(', ')})`;

function attempt(label: string, fn: () => unknown): void {
  try {
    log(py`${label} -> ${fn()}`);
  } catch (e) {
    log(`${label} -> ${excText(e)}`);
  }
}

function* priorities() {
  const q = new PriorityQueue<unknown[]>();
  for (const item of [[2, null], [1, null], [1, null], [0, 'z']]) yield* q.put(item);
  log(py`pq: qsize=${q.qsize()}`);
  while (!q.empty()) log(`pq: get ${tuple(yield* q.get())}`);
  try {
    yield* q.put([1, null]);
    yield* q.put([1, 2]);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    log(`pq: put (1, 2): ${excText(e)}`);
  }
}

function* negativeTimeouts() {
  const q = new Queue();
  try {
    yield* q.get({ timeout: -1 });
  } catch (e) {
    if (!(e instanceof Empty)) throw e;
    log(`get(timeout=-1): ${excText(e)}`);
  }
  const q2 = new Queue(1);
  yield* q2.put('x', { timeout: -1 });
  try {
    yield* q2.put('y', { timeout: -0.5 });
  } catch (e) {
    if (!(e instanceof Full)) throw e;
    log(py`put(timeout=-0.5): ${excText(e)} qsize=${q2.qsize()}`);
  }
}

function* putter(q: LightQueue<string>, item: string) {
  yield* q.put(item);
  log(`putter: ${item} in`);
}

function* resizeNegative() {
  const q = new LightQueue<string>(1);
  yield* q.put('a');
  spawnN(putter, q, 'b');
  yield* sleep(1);
  q.resize(-1);
  log(py`resize(-1): maxsize=${q.maxsize} full=${q.full()} putting=${q.putting()}`);
  log(`get -> ${yield* q.get()}`);
  yield* sleep(1);
  log(py`after a get: qsize=${q.qsize()} putting=${q.putting()}`);
  q.resize(null);
  yield* sleep(0);
  log(py`resize(None): qsize=${q.qsize()} putting=${q.putting()}`);
}

function* eventWithoutArgs() {
  const e = new Event();
  e.sendException();
  log(py`send_exception(): has_exception=${e.hasException()} has_result=${e.hasResult()}`);
  try {
    yield* e.wait();
  } catch (ex) {
    if (!(ex instanceof GreenletExit)) throw ex;
    log(`wait raised ${excText(ex)}`);
  }
}

function child(kind: string): never {
  log(`child ${kind}: raising`);
  if (kind === 'exit') throw new GreenletExit('bye');
  throw new ValueError('bad');
}

function* member(pool: GreenPool, kind: string) {
  try {
    yield* pool.spawnN(child, kind);
    log(`member: spawn_n(${kind}) returned`);
  } catch (e) {
    log(`member: spawn_n(${kind}) raised ${excText(e)}`);
  }
}

function sizes(): void {
  attempt('Semaphore(2.5).counter', () => new Semaphore(2.5).counter);
  attempt("Semaphore('x')", () => new Semaphore('x' as unknown as number));
  attempt('GreenPool(1.5).size', () => new GreenPool(1.5).size);
  attempt('GreenPool(-1)', () => new GreenPool(-1));
  attempt('LightQueue(2.5).maxsize', () => new LightQueue(2.5).maxsize);
  attempt('LightQueue(-3).maxsize', () => new LightQueue(-3).maxsize);
  const pool = new GreenPool(2);
  pool.resize(-1);
  log(py`resize(-1): size=${pool.size} free=${pool.free()}`);
}

function* main() {
  yield* priorities();
  yield* negativeTimeouts();
  yield* resizeNegative();
  yield* eventWithoutArgs();
  const pool = new GreenPool(1);
  for (const kind of ['exit', 'value']) {
    yield* pool.spawn(member, pool, kind);
    yield* pool.waitall();
  }
  log(py`pool: running=${pool.running()} free=${pool.free()}`);
  sizes();
}

run(main);
