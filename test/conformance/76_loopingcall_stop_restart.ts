// Twin of 76_loopingcall_stop_restart.py: stop() during the initial delay (the function never runs), restart
// after the loop ended, stop() before start(), wait() before start(), stop() from inside the function
// (O9, O10, O11).
import { AttributeError } from '../../src/hub/index.js';
import { sleep } from '../../src/greenthread/index.js';
import { DynamicLoopingCall, FixedIntervalLoopingCall } from '../../src/launcher/loopingcall.js';
import { log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

let calls = 0;
const holder: FixedIntervalLoopingCall[] = [];

const task = mainFn(function* task() {
  calls += 1;
  log(`task: call ${calls}`);
  if (calls === 5) {
    log('task: stopping myself');
    holder[0]!.stop();
    yield* sleep(0.25);
    log('task: call 5 finishing');
  }
});

function* main() {
  const lc = new FixedIntervalLoopingCall(task);
  holder.push(lc);
  try {
    yield* lc.wait();
  } catch (e) {
    if (!(e instanceof AttributeError)) throw e;
    log('main: wait() before start raised AttributeError');
  }
  lc.start(1, { initialDelay: 2 });
  yield* sleep(1);
  log('main: stop during initial delay');
  lc.stop();
  log(py`main: wait() -> ${yield* lc.wait()}`);
  yield* sleep(0);
  log('main: restart');
  const done = lc.start(0.5);
  yield* sleep(1.125);
  lc.stop();
  log(py`main: wait() -> ${yield* lc.wait()}, same event ${done === lc.done}`);
  yield* sleep(0);
  lc.stop();
  lc.start(0.5, { initialDelay: 0.25 });
  log(py`main: wait() -> ${yield* lc.wait()}`);
  const dl = new DynamicLoopingCall(task);
  dl.start({ initialDelay: 0.5, periodicIntervalMax: 1 });
  yield* sleep(0.25);
  dl.stop();
  log(py`main: dynamic wait() -> ${yield* dl.wait()}`);
  log(`main: calls=${calls}`);
}

run(main);
