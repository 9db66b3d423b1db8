// Twin of 54_systemexit_from_thread.py: SystemExit/KeyboardInterrupt escaping a thread stop the hub, surface
// in main at its suspension point, and the heap survives into the next loop (G7, H9, H16).
import { sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { KeyboardInterrupt, SystemExit } from '../../src/hub/errors.js';
import { excText, log, py, run } from './oracle.js';

function* quitter(delay: number, exc: Error): Generator<any, never, any> {
  yield* sleep(delay);
  log(`quitter: raising ${excText(exc)}`);
  throw exc;
}

function* sleeper(name: string, delay: number) {
  log(py`${name}: sleep ${delay}`);
  yield* sleep(delay);
  log(`${name}: woke`);
}

function* main() {
  spawnN(sleeper, 'x', 2);
  spawn(quitter, 1, new SystemExit(3));
  try {
    yield* sleep(5);
    log('main: slept through (not expected)');
  } catch (e) {
    if (!(e instanceof SystemExit)) throw e;
    log(py`main: caught ${excText(e)} code=${e.code}`);
  }
  spawn(quitter, 0.5, new KeyboardInterrupt());
  try {
    yield* sleep(5);
  } catch (e) {
    if (!(e instanceof KeyboardInterrupt)) throw e;
    log(`main: caught ${excText(e)}`);
  }
  log('main: sleep 2 more');
  yield* sleep(2);
  log('main: done');
}

run(main);
