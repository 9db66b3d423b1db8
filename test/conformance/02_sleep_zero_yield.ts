// Twin of 02_sleep_zero_yield.py: sleep(0) yields for exactly one hub pass (G3, H7).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { log, run } from './oracle.js';

function* worker(name: string, steps: number) {
  for (let i = 0; i < steps; i++) {
    log(`${name}: step ${i}`);
    yield* sleep(0);
  }
  log(`${name}: done`);
}

function* main() {
  spawnN(worker, 'a', 3);
  spawnN(worker, 'b', 2);
  log('main: spawned a and b');
  yield* sleep(0);
  log('main: back from sleep(0) #1');
  yield* sleep(0);
  log('main: back from sleep(0) #2');
  yield* sleep(0.5);
  log('main: back from sleep(0.5)');
}

run(main);
