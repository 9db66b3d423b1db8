// Twin of 19_greenpool_limits.py: a full pool blocks spawn; running/free/waiting; waitall (P1, P2, P4, P5).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { GreenPool } from '../../src/greenthread/greenpool.js';
import { log, py, run } from './oracle.js';

function* job(name: string, secs: number) {
  log(py`${name}: start`);
  yield* sleep(secs);
  log(py`${name}: end`);
  return name;
}

function* monitor(pool: GreenPool) {
  for (let i = 0; i < 3; i++) {
    yield* sleep(0.5);
    log(py`mon: running=${pool.running()} free=${pool.free()} waiting=${pool.waiting()}`);
  }
}

function* main() {
  const pool = new GreenPool(2);
  log(py`main: size=${pool.size} free=${pool.free()} running=${pool.running()}`);
  spawnN(monitor, pool);
  for (const [name, secs] of [['j1', 1], ['j2', 2], ['j3', 1], ['j4', 1]] as const) {
    log(py`main: spawn ${name}`);
    yield* pool.spawn(job, name, secs);
    log(py`main: spawned ${name}`);
  }
  log('main: waitall');
  yield* pool.waitall();
  log(py`main: idle, free=${pool.free()} running=${pool.running()}`);
}

run(main);
