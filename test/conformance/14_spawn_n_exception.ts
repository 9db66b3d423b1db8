// Twin of 14_spawn_n_exception.py: errors escaping threads are printed by the hub (G7); GreenPool.spawnN
// prints them itself and frees the slot (P3).
import { GreenletExit, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { GreenPool } from '../../src/greenthread/greenpool.js';
import { LookupError, log, py, run } from './oracle.js';

function fails(name: string): never {
  log(py`${name}: raising LookupError`);
  throw new LookupError(name);
}

function exits(name: string): never {
  log(py`${name}: raising GreenletExit`);
  throw new GreenletExit();
}

function fine(name: string): void {
  log(py`${name}: fine`);
}

function* main() {
  spawnN(fails, 'a');
  spawnN(fine, 'b');
  spawnN(exits, 'c');
  spawn(fails, 'd');
  spawnN(fine, 'e');
  yield* sleep(1);
  const pool = new GreenPool(1);
  yield* pool.spawnN(fails, 'p1');
  yield* pool.spawnN(fine, 'p2');
  log(py`main: pool accepted p2, free=${pool.free()}`);
  yield* pool.waitall();
  log(py`main: pool idle, free=${pool.free()}`);
}

run(main);
