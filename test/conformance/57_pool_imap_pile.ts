// Twin of 57_pool_imap_pile.py: imap/starmap results in input order, an item's error raised when reached,
// GreenPile blocking its spawner while full (P6, P2).
import { GreenPile, GreenPool, sleep } from '../../src/greenthread/index.js';
import { excText, log, py, run, ValueError } from './oracle.js';

function* slow(name: string, delay: number) {
  log(py`${name}: start, sleep ${delay}`);
  yield* sleep(delay);
  log(`${name}: done`);
  return name.toUpperCase();
}

function* failing(name: string, delay: number) {
  yield* sleep(delay);
  if (name === 'c') {
    log('c: raising');
    throw new ValueError('bad item c');
  }
  return name;
}

function* main() {
  const pool = new GreenPool(2);
  const m1 = pool.imap(slow, ['a', 'b', 'c'], [2, 1, 0.5]);
  for (let r = yield* m1.next(); !r.done; r = yield* m1.next()) log(py`main: imap -> ${r.value}`);
  try {
    const m2 = pool.imap(failing, ['a', 'b', 'c', 'd'], [1, 1, 0.5, 0.5]);
    for (let r = yield* m2.next(); !r.done; r = yield* m2.next()) log(py`main: imap2 -> ${r.value}`);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: imap2 raised ${excText(e)}`);
  }
  const m3 = pool.starmap(null, [
    [1, 'one'],
    [2, 'two'],
  ] as [number, string][]);
  for (let r = yield* m3.next(); !r.done; r = yield* m3.next()) {
    const [x, y] = r.value as unknown as [number, string];
    log(py`main: starmap(None) -> ${x} ${y}`);
  }
  const pile = new GreenPile<string>(2);
  for (const [name, delay] of [
    ['p', 1],
    ['q', 0.5],
    ['r', 0.25],
  ] as [string, number][]) {
    log(`main: pile.spawn ${name}`);
    yield* pile.spawn(slow, name, delay);
    log(`main: pile.spawn ${name} returned`);
  }
  for (let r = yield* pile.next(); !r.done; r = yield* pile.next()) log(py`main: pile -> ${r.value}`);
  log('main: done');
}

run(main);
