// Twin of 69_kill_cancel_classes.py: cancel of a delayed thread before and after it starts; kill with an
// exception instance and with a class (instantiated, as greenlet.throw does); a link added after death;
// spawnAfterLocal with a live owner (G8, G9, G10, G12).
import { type GreenThread, sleep, spawn, spawnAfter, spawnAfterLocal } from '../../src/greenthread/index.js';
import { excText, log, py, PyError, run } from './oracle.js';

class Custom extends PyError {}

function* body(n: number, name: string) {
  try {
    yield* sleep(n);
    log(`${name}: woke`);
    return name;
  } catch (e) {
    log(`${name}: ${excText(e)}`);
    throw e;
  }
}

function* waiter(gt: GreenThread<string>, name: string) {
  try {
    log(`${name}: wait -> ${yield* gt.wait()}`);
  } catch (e) {
    log(`${name}: wait raised ${excText(e)}`);
  }
}

function* main() {
  const a = spawnAfter(0.5, body, 0.1, 'a');
  spawn(waiter, a, 'w1');
  yield* sleep(0.2);
  yield* a.cancel();
  log(py`main: a cancelled, dead=${a.dead}`);
  yield* sleep(0.5);
  const b = spawnAfter(0.1, body, 1, 'b');
  spawn(waiter, b, 'w3');
  yield* sleep(0.3);
  yield* b.cancel();
  log(py`main: cancel of started b, dead=${b.dead}`);
  yield* b.kill(new Custom('stop b'));
  log(py`main: b killed with Custom, dead=${b.dead}`);
  yield* sleep(0);
  const c = spawn(body, 1, 'c');
  yield* sleep(0);
  yield* c.kill(Custom);
  log('main: c killed with class');
  yield* sleep(0);
  try {
    yield* c.wait();
  } catch (e) {
    log(`main: c wait raised ${excText(e)}`);
  }
  const d = spawn(body, 0.1, 'd');
  spawn(waiter, d, 'w4');
  yield* sleep(1);
  log('main: late link');
  d.link((_gt: GreenThread<string>, x: number, y: number | null = null) => log(py`late link ${x} ${y}`), 1, 2);
  spawnAfterLocal(0.1, body, 0, 'local');
  log('main: local pending');
  yield* sleep(0.2);
  log('main: done');
}

run(main);
