// Twin of 38_loopingcall_dynamic.py: DynamicLoopingCall sleeps for what the function returns, capped;
// None without a cap is an error logged and raised by wait() (O14).
import { sleep } from '../../src/greenthread/index.js';
import { DynamicLoopingCall, LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { excText, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const answersA: (number | null | string)[] = [0.5, 5, null, 1, 'done'];
const answersB: (number | null)[] = [1, null];

const pollA = mainFn(function* poll_a() {
  const answer = answersA.shift()!;
  log(py`a: called, returns ${answer}`);
  yield* sleep(0.25);
  if (answer === 'done') throw new LoopingCallDone('a finished');
  return answer;
});

const pollB = mainFn(function poll_b() {
  const answer = answersB.shift()!;
  log(py`b: called, returns ${answer}`);
  return answer;
});

function* main() {
  const a = new DynamicLoopingCall(pollA);
  a.start({ initialDelay: 1, periodicIntervalMax: 2 });
  log(py`main: a.wait() -> ${yield* a.wait()}`);
  const b = new DynamicLoopingCall(pollB);
  b.start();
  try {
    yield* b.wait();
  } catch (e) {
    if ((e as Error).name !== 'RuntimeError') throw e;
    log(`main: b.wait() raised ${excText(e)}`);
  }
}

run(main);
