// Twin of 01_sleep_ordering.py: sleepers wake in deadline order, ties first-come first-served (G3, D1).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { log, run } from './oracle.js';

function* sleeper(name: string, seconds: number) {
  log(`${name}: sleep ${seconds}`);
  yield* sleep(seconds);
  log(`${name}: woke`);
}

function* main() {
  for (const [name, seconds] of [['a', 2], ['b', 1], ['c', 2], ['d', 0.5], ['e', 1]] as const) {
    spawnN(sleeper, name, seconds);
  }
  log('main: spawned 5');
  yield* sleep(3);
  log('main: woke');
}

run(main);
