// Twin of 83_loopingcall_dynamic_edges.py: DynamicLoopingCall with a returned 0 (one hub pass), a negative
// value (the abortable sleep's ValueError ends the loop as a failure), a capped value, None, and a failing
// call under stopOnException false; addDynamicTimerArgs passes arguments (O6, O10, O11, O14).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { LoopingCallDone } from '../../src/launcher/loopingcall.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { excText, log, LookupError, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const plan: (number | string | null)[] = [0, -1, 0, 5, 'fail', 0.25, null, 'done'];
let calls = 0;

const step = mainFn(function step(tag: string) {
  calls += 1;
  const what = plan.shift()!;
  log(py`${tag}: call ${calls} -> ${what}`);
  if (what === 'fail') throw new LookupError('step failed');
  if (what === 'done') throw new LoopingCallDone('finished');
  return what;
});

function* other() {
  for (let i = 0; i < 4; i++) {
    log('other: pass');
    yield* sleep(0);
  }
}

function* main() {
  spawnN(other);
  const tg = new ThreadGroup();
  let timer = tg.addDynamicTimerArgs(step, ['dyn'], { periodicIntervalMax: 0.5, stopOnException: false });
  try {
    yield* timer.wait();
  } catch (e) {
    if ((e as Error).name !== 'ValueError') throw e;
    log(`main: wait() raised ${excText(e)}`);
  }
  timer = tg.addDynamicTimerArgs(step, ['dyn2'], { periodicIntervalMax: 0.5, stopOnException: false });
  log(py`main: wait() -> ${yield* timer.wait()}`);
}

run(main);
