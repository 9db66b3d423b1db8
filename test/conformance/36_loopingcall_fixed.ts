// Twin of 36_loopingcall_fixed.py: FixedIntervalLoopingCall start-to-start interval, LoopingCallDone,
// stop() waking the sleep, double start (O9-O12).
import { sleep } from '../../src/greenthread/index.js';
import { FixedIntervalLoopingCall, LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { excText, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

let count = 0;

const task = mainFn(function* task() {
  count += 1;
  log(`task: call ${count}`);
  yield* sleep(0.25);
  if (count === 4) {
    log('task: raising LoopingCallDone');
    throw new LoopingCallDone('finished');
  }
});

const beat = mainFn(function beat() {
  log('beat');
});

function* main() {
  const lc = new FixedIntervalLoopingCall(task);
  lc.start(1, { initialDelay: 0.5 });
  try {
    lc.start(1);
  } catch (e) {
    if ((e as Error).name !== 'RuntimeError') throw e;
    log(`main: second start: ${excText(e)}`);
  }
  log('main: wait');
  log(py`main: wait() -> ${yield* lc.wait()}`);

  const hb = new FixedIntervalLoopingCall(beat);
  hb.start(0.5);
  yield* sleep(1.75);
  log('main: stop heartbeat');
  hb.stop();
  log(py`main: heartbeat wait() -> ${yield* hb.wait()}`);
  yield* sleep(2);
  log('main: done');
}

run(main);
