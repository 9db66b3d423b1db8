// Twin of 31_threadgroup_threads.py: ThreadGroup.addThread is pool-bounded, finished threads leave the
// group, wait() logs a thread's error (O2, O4, O7).
import { sleep } from '../../src/greenthread/index.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { log, py, run, RuntimeError } from './oracle.js';
import './oslo.js';

function* task(name: string, secs: number, fail = false) {
  log(`${name}: start`);
  yield* sleep(secs);
  if (fail) {
    log(`${name}: raising`);
    throw new RuntimeError(name + ' broke');
  }
  log(`${name}: end`);
  return name;
}

function* main() {
  const tg = new ThreadGroup(2);
  const a = yield* tg.addThread(task, 'a', 1);
  log(py`main: added a, threads=${tg.threads.length}`);
  yield* tg.addThread(task, 'b', 3, true);
  log(py`main: added b, threads=${tg.threads.length}, adding c blocks`);
  yield* tg.addThread(task, 'c', 1);
  log(py`main: added c, threads=${tg.threads.length}`);
  log(py`main: a.wait() -> ${yield* a.wait()}`);
  log('main: wait()');
  yield* tg.wait();
  log(py`main: wait returned, threads=${tg.threads.length}`);
}

run(main);
