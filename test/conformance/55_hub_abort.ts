// Twin of 55_hub_abort.py: abort(wait=True) ends the loop after the current pass, discarding every timer;
// a later blocking call starts a fresh loop (H17).
import { abortHub, sleep, spawnN } from '../../src/greenthread/index.js';
import { log, py, run } from './oracle.js';

function* sleeper(name: string, delay: number) {
  log(py`${name}: sleep ${delay}`);
  yield* sleep(delay);
  log(`${name}: woke (not expected)`);
}

function* main() {
  spawnN(sleeper, 'x', 2);
  spawnN(sleeper, 'y', 3);
  yield* sleep(1);
  log('main: abort(wait=True)');
  yield* abortHub(true);
  log('main: back after abort');
  spawnN(log, 'z: ran');
  yield* sleep(1);
  log('main: slept 1 on a fresh loop');
  yield* sleep(3);
  log('main: done');
}

run(main);
