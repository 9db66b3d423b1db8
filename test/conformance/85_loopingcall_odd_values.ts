// Twin of 85_loopingcall_odd_values.py: wait() before start() is oslo's AttributeError; a dynamic looping call
// returning a string fails where Python compares it (min() with a cap, the sleep without one); true sleeps
// one second (O9, O14).
import { AttributeError } from '../../src/hub/index.js';
import { DynamicLoopingCall, FixedIntervalLoopingCall, LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { excText, isException, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

let calls = 0;

const poll = mainFn(function poll() {
  log("poll: returns '1'");
  return '1';
});

const flag = mainFn(function flag() {
  calls += 1;
  log(`flag: call ${calls}`);
  if (calls < 3) return true;
  throw new LoopingCallDone(calls);
});

function* main() {
  const fixed = new FixedIntervalLoopingCall(poll);
  try {
    yield* fixed.wait();
  } catch (e) {
    if (!(e instanceof AttributeError)) throw e;
    log(`wait before start: ${excText(e)}`);
  }
  for (const cap of [null, 2, 2.5]) {
    const lc = new DynamicLoopingCall(poll as unknown as () => number);
    lc.start({ periodicIntervalMax: cap });
    const shown = cap === 2.5 ? '2.5' : py`${cap}`;
    try {
      log(py`cap ${shown}: -> ${yield* lc.wait()}`);
    } catch (e) {
      if (!isException(e)) throw e;
      log(`cap ${shown}: raised ${excText(e)}`);
    }
  }
  const lc = new DynamicLoopingCall(flag as unknown as () => number);
  lc.start({ periodicIntervalMax: 5 });
  log(py`flag: -> ${yield* lc.wait()}`);
}

run(main);
