// Twin of 10_kill_custom_exception.py: kill(gt, exc) raises a custom exception at the suspension point;
// uncaught it is printed and re-raised by wait(), caught it lets the thread return (G9, G11, G7).
import { kill, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, log, py, PyError, run } from './oracle.js';

class Shutdown extends PyError {}

function* unaware() {
  log('u: sleep 5');
  yield* sleep(5);
  log('u: woke (not expected)');
}

function* aware() {
  log('w: sleep 5');
  try {
    yield* sleep(5);
  } catch (e) {
    if (!(e instanceof Shutdown)) throw e;
    log(`w: caught ${excText(e)}`);
    return 'clean';
  }
  return 'slept';
}

function* main() {
  const u = spawn(unaware);
  const w = spawn(aware);
  yield* sleep(1);
  log('main: kill u with Shutdown');
  yield* u.kill(new Shutdown('now'));
  log(py`main: back, u.dead=${u.dead}`);
  log('main: kill w with Shutdown');
  yield* kill(w, new Shutdown('please'));
  log(py`main: back, w.dead=${w.dead}`);
  try {
    yield* u.wait();
  } catch (e) {
    if (!(e instanceof Shutdown)) throw e;
    log(`main: u.wait() raised ${excText(e)}`);
  }
  const r = yield* w.wait();
  log(`main: w.wait() -> ${r}`);
}

run(main);
