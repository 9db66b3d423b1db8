// Twin of 74_loopingcall_outlasted.py: FixedIntervalLoopingCall times only the call; an overrun logs
// "run outlasted interval by X sec" (Python's round to 2 places) and the next call starts at once, with no
// catch-up (O12).
import { sleep } from '../../src/greenthread/index.js';
import { FixedIntervalLoopingCall, LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const durations = [0.375, 0.125, 0.625, 0.25, 1.125, 0];
let calls = 0;

const task = mainFn(function* task() {
  const d = durations[calls]!;
  calls += 1;
  log(py`task: call ${calls} takes ${d}`);
  yield* sleep(d);
  if (calls === durations.length) throw new LoopingCallDone(calls);
});

function* main() {
  const lc = new FixedIntervalLoopingCall(task);
  lc.start(0.25);
  log(py`main: wait() -> ${yield* lc.wait()}`);
}

run(main);
