// Twin of 50_kill_self.py: a thread killing itself gets GreenletExit at once inside kill(); the stray resume
// timer wakes it early from its next sleep (G9, G4).
import { getcurrent, type Greenlet, GreenThread, kill, sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* stubborn() {
  const me = getcurrent() as Greenlet;
  log('s: killing myself');
  try {
    yield* kill(me);
    log('s: kill returned (not expected)');
  } catch (e) {
    log(`s: caught ${excText(e)}`);
  }
  log('s: sleep 2');
  yield* sleep(2);
  log('s: woke from sleep');
  return 'stubborn done';
}

function* quitter() {
  log('q: killing myself');
  yield* (getcurrent() as GreenThread).kill();
  log('q: not reached');
}

function* ticker() {
  for (let i = 0; i < 3; i++) {
    log(py`t: tick ${i}`);
    yield* sleep(0);
  }
}

function* main() {
  spawnN(ticker);
  const s = spawn(stubborn);
  const q = spawn(quitter);
  log('main: sleep 1');
  yield* sleep(1);
  log(py`main: s.wait() -> ${yield* s.wait()}`);
  try {
    yield* q.wait();
  } catch (e) {
    log(`main: q.wait() raised ${excText(e)}`);
  }
  log(py`main: q.dead=${q.dead}`);
}

run(main);
