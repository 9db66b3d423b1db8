// Twin of 64_pool_reentrant.py: spawn from a member of a full pool runs inline and raises in the caller;
// pool spawnN prints errors and frees the slot (P2, P3).
import { GreenPool } from '../../src/greenthread/index.js';
import { excText, log, py, run, ValueError } from './oracle.js';

function leaf(name: string): string {
  log(`${name}: running`);
  return name + '!';
}

function boom(name: string): never {
  log(`${name}: raising`);
  throw new ValueError(`leaf ${name} failed`);
}

function* parent(pool: GreenPool, name: string) {
  log(py`${name}: free=${pool.free()}`);
  const gt = yield* pool.spawn(leaf, name + '.child');
  log(`${name}: spawn returned`);
  log(py`${name}: child.wait() -> ${yield* gt.wait()}`);
  try {
    yield* pool.spawn(boom, name + '.bad');
    log(`${name}: spawn of boom returned`);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`${name}: spawn raised ${excText(e)}`);
  }
}

function* main() {
  const pool = new GreenPool(1);
  yield* pool.spawn(parent, pool, 'p1');
  yield* pool.waitall();
  log(py`main: pool idle, free=${pool.free()}`);
  const big = new GreenPool(3);
  yield* big.spawn(parent, big, 'p2');
  yield* big.waitall();
  log(py`main: big idle, free=${big.free()}`);
  yield* pool.spawnN(boom, 'n1');
  yield* pool.spawnN(leaf, 'n2');
  log(py`main: spawn_n n2 returned, free=${pool.free()}`);
  yield* pool.waitall();
  log(py`main: done, free=${pool.free()}`);
}

run(main);
