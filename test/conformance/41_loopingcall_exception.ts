// Twin of 41_loopingcall_exception.py: an error from the looped function is logged and ends the loop
// (wait() raises it), or with stopOnException false is logged and skipped (O10).
import { sleep } from '../../src/greenthread/index.js';
import { FixedIntervalLoopingCall, LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { excText, log, LookupError, OSError, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const calls = { fragile: 0, sturdy: 0 };

const fragile = mainFn(function fragile() {
  calls.fragile += 1;
  log(`fragile: call ${calls.fragile}`);
  if (calls.fragile === 2) throw new OSError('fragile broke');
});

const sturdy = mainFn(function sturdy() {
  calls.sturdy += 1;
  log(`sturdy: call ${calls.sturdy}`);
  if (calls.sturdy === 2 || calls.sturdy === 3) throw new LookupError(`sturdy-${calls.sturdy}`);
  if (calls.sturdy === 5) throw new LoopingCallDone('sturdy done');
});

function* main() {
  let lc = new FixedIntervalLoopingCall(fragile);
  lc.start(1);
  try {
    yield* lc.wait();
  } catch (e) {
    if (!(e instanceof OSError)) throw e;
    log(`main: fragile wait() raised ${excText(e)}`);
  }
  lc = new FixedIntervalLoopingCall(sturdy);
  lc.start(1, { stopOnException: false });
  log(py`main: sturdy wait() -> ${yield* lc.wait()}`);
  yield* sleep(0);
}

run(main);
