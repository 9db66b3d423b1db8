// Twin of 95_stderr_interleave.py: threads, links, a timer callback, spawnN and a pool's spawnN all raising
// in one pass; each traceback printed where its source runs, a failed thread's link error with its context
// (H9, G6-G8, P3).
import { getHub } from '../../src/hub/index.js';
import { Event, type Green, GreenPool, type GreenThread, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, KeyError, LookupError, log, py, run, RuntimeError, ValueError } from './oracle.js';

function* bad(name: string, d: number): Green<never> {
  yield* sleep(d);
  log(`${name}: raising`);
  throw new ValueError(name);
}

function* good(name: string, d: number) {
  yield* sleep(d);
  log(`${name}: ok`);
  return name;
}

function badLink(_gt: GreenThread<unknown>, tag: string): never {
  log(`link ${tag}: raising`);
  throw new KeyError(`'${tag}'`);
}

function* main() {
  const hub = getHub();
  const ev = new Event<string>();
  const g1 = spawn(bad, 'g1', 1);
  g1.link(() => log('g1 link A'));
  g1.link(badLink, 'g1-B');
  g1.link(() => log('g1 link C (never)'));
  const g2 = spawn(good, 'g2', 1);
  g2.link(badLink, 'g2-A');
  g2.link(() => log('g2 link B (never)'));

  const tcb = (tag: string): never => {
    log(`timer ${tag}: sending and raising`);
    ev.send(tag);
    throw new RuntimeError(`timer ${tag}`);
  };

  hub.scheduleCallGlobal(1, tcb, 't1');
  spawnN(bad, 'n1', 1);
  const pool = new GreenPool(2);
  yield* pool.spawnN(bad, 'pn1', 1);
  yield* pool.spawnN(good, 'pn2', 1);
  const waiter = spawn(function* () {
    log(py`waiter: ev -> ${yield* ev.wait()}`);
  });
  log('main: waiting on g2');
  log(py`main: g2 -> ${yield* g2.wait()}`);
  try {
    yield* g1.wait();
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: g1 -> ${excText(e)}`);
  }
  yield* pool.waitall();
  log(py`main: pool free=${pool.free()}`);
  yield* waiter.wait();
  // kill with a custom exception that escapes, plus one that is caught
  const v = spawn(good, 'v', 5);
  v.link(() => log('v link'));
  yield* sleep(0);
  yield* v.kill(new LookupError('killed v'));
  log('main: after kill v');
  try {
    yield* v.wait();
  } catch (e) {
    if (!(e instanceof LookupError)) throw e;
    log(`main: v -> ${excText(e)}`);
  }
  yield* sleep(0);
  log('main: done');
}

run(main);
