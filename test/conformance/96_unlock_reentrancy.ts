// Twin of 96_unlock_reentrancy.py: a getter woken by the unlock pass kills the putter it was paired with, on a
// channel and on a queue of size 1: the item stays delivered, the put is interrupted (Q2, Q3, G11).
import { Empty, type GreenThread, Queue, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, log, py, PyError, run } from './oracle.js';

const T: Record<string, GreenThread<unknown>> = {};
class Stop extends PyError {}

function* putter(q: Queue<string>, name: string, item: string) {
  try {
    yield* q.put(item);
    log(`${name}: put ${item} returned`);
    return 'ok';
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    log(py`${name}: put ${item} interrupted by ${excText(e)}, qsize=${q.qsize()}`);
    return 'stopped';
  }
}

function* getter(q: Queue<string>, name: string, victim: string, exc: unknown) {
  const item = yield* q.get();
  log(py`${name}: got ${item}, killing ${victim}`);
  yield* T[victim]!.kill(exc);
  log(py`${name}: kill returned, ${victim} dead=${T[victim]!.dead}`);
  const item2 = yield* q.get({ timeout: 0.5 });
  log(py`${name}: second get ${item2}`);
  return item;
}

function* main() {
  for (const [maxsize, tag] of [[0, 'chan'], [1, 'one']] as const) {
    const q = new Queue<string>(maxsize);
    if (maxsize) yield* q.put('pre');
    T.P = spawn(putter, q, `P-${tag}`, 'x');
    yield* sleep(0.25);
    T.G = spawn(getter, q, `G-${tag}`, 'P', new Stop('halt'));
    T.P.link(() => log(py`P link: putting=${q.putting()} getting=${q.getting()}`));
    yield* sleep(0.125);
    log(py`main[${tag}]: P -> ${yield* T.P.wait()}`);
    try {
      log(py`main[${tag}]: G -> ${yield* T.G.wait()}`);
    } catch (e) {
      if (!(e instanceof Empty)) throw e;
      log(`main[${tag}]: G raised Empty`);
    }
    log(py`main[${tag}]: qsize=${q.qsize()} unfinished=${q.unfinishedTasks} putting=${q.putting()} getting=${q.getting()}`);
    yield* sleep(1);
  }
}

run(main);
