// Twin of 73_threadgroup_wait_errors.py: ThreadGroup.wait() waits timers then threads; a failed timer is
// logged "Error waiting on timer.", a killed thread's GreenletExit is swallowed, a thread failing while
// waited on is logged "Error waiting on thread.", one that failed earlier shows only the traceback (O4, O7).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { ThreadGroup, type Thread } from '../../src/launcher/threadgroup.js';
import { log, OSError, py, run, RuntimeError, ValueError } from './oracle.js';
import { mainFn } from './oslo.js';

function early() {
  log('early: raising');
  throw new ValueError('early');
}

function* sleeper(name: string, secs: number, fail = false) {
  log(`${name}: start`);
  yield* sleep(secs);
  if (fail) {
    log(`${name}: raising`);
    throw new RuntimeError(name);
  }
  log(`${name}: end`);
}

const badTick = mainFn(function bad_tick() {
  log('timer: tick');
  throw new OSError('tick broke');
});

function* killer(th: Thread<unknown>, at: number) {
  yield* sleep(at);
  log('killer: kill');
  yield* th.stop();
  log('killer: done');
}

function* main() {
  const tg = new ThreadGroup();
  tg.addTimer(0.5, badTick, 0.25);
  yield* tg.addThread(early);
  const victim = yield* tg.addThread(sleeper, 'victim', 5);
  yield* tg.addThread(sleeper, 'late', 1.5, true);
  yield* tg.addThread(sleeper, 'ok', 2);
  spawnN(killer, victim, 1);
  log(py`main: wait, threads=${tg.threads.length} timers=${tg.timers.length}`);
  yield* tg.wait();
  log(py`main: wait returned, threads=${tg.threads.length} timers=${tg.timers.length}`);
}

run(main);
