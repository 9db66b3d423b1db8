// Twin of 07_kill_sleeping.py: killing a sleeping thread raises GreenletExit at its sleep (G9, G11).
import { GreenletExit, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* plain() {
  try {
    log('b: sleep 10');
    yield* sleep(10);
    log('b: woke (not expected)');
  } catch (e) {
    if (!(e instanceof GreenletExit)) throw e;
    log('b: caught GreenletExit');
    throw e;
  } finally {
    log('b: finally');
  }
}

function* stubborn() {
  try {
    log('c: sleep 10');
    yield* sleep(10);
  } catch (e) {
    if (!(e instanceof GreenletExit)) throw e;
    log('c: caught GreenletExit, carrying on');
  }
  yield* sleep(1);
  log('c: returning');
  return 'c-result';
}

function* main() {
  const b = spawn(plain);
  const c = spawn(stubborn);
  yield* sleep(1);
  log('main: kill b');
  yield* b.kill();
  log(py`main: back, b.dead=${b.dead}`);
  log('main: kill c');
  yield* c.kill();
  log(py`main: back, c.dead=${c.dead}`);
  try {
    yield* b.wait();
  } catch (e) {
    log(`main: b.wait() raised ${excText(e)}`);
  }
  const r = yield* c.wait();
  log(py`main: c.wait() -> ${r}`);
  yield* sleep(20);
  log('main: done');
}

run(main);
