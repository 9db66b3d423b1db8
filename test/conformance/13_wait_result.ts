// Twin of 13_wait_result.py: wait() returns the result, re-raises the error printed at death, and raises
// GreenletExit for a killed thread; repeated waits do not yield (G6, G7).
import { type GreenThread, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, log, PyError, run } from './oracle.js';

class Oops extends PyError {}

function* compute(x: number, delay: number) {
  yield* sleep(delay);
  log(`compute(${x}): returning`);
  return x * 2;
}

function* explode(delay: number): Generator<any, never, any> {
  yield* sleep(delay);
  log('explode: raising');
  throw new Oops('bad input');
}

function* waiter(gt: GreenThread<never>, name: string) {
  log(`${name}: waiting`);
  try {
    const r = yield* gt.wait();
    log(`${name}: got ${r}`);
  } catch (e) {
    if (!(e instanceof Oops)) throw e;
    log(`${name}: raised ${excText(e)}`);
  }
}

function* main() {
  const c = spawn(compute, 21, 1);
  const x = spawn(explode, 2);
  spawn(waiter, x, 'w');
  log('main: waiting for c');
  const r1 = yield* c.wait();
  log(`main: c.wait() -> ${r1}`);
  spawnN(log, 'other: ran');
  const r2 = yield* c.wait();
  log(`main: c.wait() again -> ${r2} (no yield)`);
  yield* sleep(2);
  try {
    yield* x.wait();
  } catch (e) {
    if (!(e instanceof Oops)) throw e;
    log(`main: x.wait() raised ${excText(e)}`);
  }
  const k = spawn(compute, 1, 5);
  yield* sleep(0);
  yield* k.kill();
  try {
    yield* k.wait();
  } catch (e) {
    log(`main: k.wait() raised ${excText(e)}`);
  }
}

run(main);
