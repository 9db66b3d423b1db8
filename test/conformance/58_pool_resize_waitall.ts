// Twin of 58_pool_resize_waitall.py: resize never kills and never wakes a blocked spawner, free() goes
// negative, waitall() idle/no-yield and from a member (P4, P5).
import { GreenPool, sleep, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';
import { AssertionError } from '../../src/hub/errors.js';

function* member(name: string, delay: number) {
  log(`${name}: start`);
  yield* sleep(delay);
  log(`${name}: done`);
}

function* badMember(pool: GreenPool) {
  try {
    yield* pool.waitall();
  } catch (e) {
    if (!(e instanceof AssertionError)) throw e;
    log(`bad: ${excText(e)}`);
  }
}

function* spawner(pool: GreenPool, name: string, delay: number) {
  log(py`spawner: spawning ${name}, free=${pool.free()}`);
  yield* pool.spawn(member, name, delay);
  log(py`spawner: spawned ${name}, free=${pool.free()}`);
}

function state(pool: GreenPool): string {
  return py`running=${pool.running()} free=${pool.free()} waiting=${pool.waiting()}`;
}

function* main() {
  const pool = new GreenPool(3);
  spawnN(log, 'other: ran');
  yield* pool.waitall();
  log('main: waitall on idle pool returned without yielding');
  yield* sleep(0);
  yield* pool.spawn(member, 'm1', 1);
  yield* pool.spawn(member, 'm2', 2);
  yield* pool.spawn(badMember, pool);
  yield* sleep(0.5);
  log(`main: ${state(pool)}`);
  pool.resize(1);
  log(`main: resize(1): ${state(pool)}`);
  spawnN(spawner, pool, 'm3', 1);
  yield* sleep(1);
  log(`main: ${state(pool)}`);
  yield* sleep(1);
  log(`main: ${state(pool)}`);
  yield* sleep(0);
  log(`main: ${state(pool)}`);
  yield* pool.spawn(member, 'm4', 2);
  spawnN(spawner, pool, 'm5', 1);
  yield* sleep(0.5);
  pool.resize(3);
  log(`main: resize(3): ${state(pool)}`);
  yield* sleep(1.5);
  log(`main: ${state(pool)}`);
  yield* pool.waitall();
  log(`main: waitall returned, ${state(pool)}`);
}

run(main);
