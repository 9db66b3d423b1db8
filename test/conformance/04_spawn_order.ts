// Twin of 04_spawn_order.py: spawn/spawnN only schedule; threads start in call order (G1, G2, H7).
import { GreenThread, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { log, py, run } from './oracle.js';

function* grandchild() {
  log('c: first run');
}

function* child(name: string, tag = '-') {
  log(`${name}: first run, tag=${tag}`);
  if (name === 'a') {
    spawn(grandchild);
    log('a: spawned c');
  }
  return name;
}

function* main() {
  const a = spawn(child, 'a', 'x');
  log(py`main: spawned a, started=${a.active} dead=${a.dead}`);
  const n = spawnN(child, 'n', 'y');
  const b = spawn(child, 'b');
  log(py`main: spawned n and b; wait() on a: ${a instanceof GreenThread}, on n: ${n instanceof GreenThread}`);
  log('main: sleep(0)');
  yield* sleep(0);
  log(py`main: back, a.dead=${a.dead} n.dead=${n.dead} b.dead=${b.dead}`);
  yield* sleep(0);
  log('main: back again');
  const ra = yield* a.wait();
  const rb = yield* b.wait();
  log(`main: results ${ra} ${rb}`);
}

run(main);
