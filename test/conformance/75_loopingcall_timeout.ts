// Twin of 75_loopingcall_timeout.py: FixedIntervalWithTimeoutLoopingCall checks its timeout after each call
// and ends with LoopingCallTimeOut (logged as a failure, raised by wait()); timeout 0 never fires; the
// lateness warning and the double-start message (O9, O12, O13).
import { sleep } from '../../src/greenthread/index.js';
import { FixedIntervalWithTimeoutLoopingCall, LoopingCallDone, LoopingCallTimeOut } from '../../src/launcher/loopingcall.js';
import { excText, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const calls = { a: 0, b: 0 };

const a = mainFn(function* a() {
  calls.a += 1;
  log(`a: call ${calls.a}`);
  yield* sleep(0.25);
});

const b = mainFn(function* b() {
  calls.b += 1;
  log(`b: call ${calls.b}`);
  yield* sleep(calls.b === 2 ? 0.75 : 0);
  if (calls.b === 4) throw new LoopingCallDone('b done');
});

function* main() {
  let lc = new FixedIntervalWithTimeoutLoopingCall(a);
  lc.start(1, { initialDelay: 0.5, timeout: 2 });
  try {
    yield* lc.wait();
  } catch (e) {
    if (!(e instanceof LoopingCallTimeOut)) throw e;
    log(`main: a wait() raised ${excText(e)}`);
  }
  lc = new FixedIntervalWithTimeoutLoopingCall(b);
  lc.start(0.5, { timeout: 0 });
  log(py`main: b wait() -> ${yield* lc.wait()}`);
  try {
    lc.start(0.5, { timeout: 1 });
    lc.start(0.5);
  } catch (e) {
    if ((e as Error).name !== 'RuntimeError') throw e;
    log(`main: ${excText(e)}`);
  }
  lc.stop();
  log(py`main: b wait() after stop -> ${yield* lc.wait()}`);
}

run(main);
