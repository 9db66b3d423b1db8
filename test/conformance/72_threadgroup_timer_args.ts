// Twin of 72_threadgroup_timer_args.py: addTimer's first extra positional is the initial delay;
// addTimerArgs passes arguments and, with stopOnException false, logs failures and goes on;
// addDynamicTimer's positionals; stopTimers(true) (O6, O10, O14).
import { sleep } from '../../src/greenthread/index.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { KeyError, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

const counts = { flaky: 0 };

const plain = mainFn(function plain() {
  log('plain: call');
});

const greet = mainFn(function greet(who: string, punct = '.') {
  log(`greet: hello ${who}${punct}`);
});

const flaky = mainFn(function* flaky(tag: string) {
  counts.flaky += 1;
  log(`flaky ${tag}: call ${counts.flaky}`);
  if (counts.flaky % 2 === 0) throw new KeyError("'even'");
  yield* sleep(0.25);
});

const dyn = mainFn(function dyn() {
  log('dyn: call');
  return 10;
});

function* main() {
  const tg = new ThreadGroup();
  tg.addTimer(1, plain, 0.375);
  // Python passes punct='!' as a keyword argument.
  tg.addTimerArgs(2, greet, ['bob', '!'], { initialDelay: 0.5 });
  tg.addTimerArgs(0.5, flaky, ['t'], { stopOnException: false });
  tg.addDynamicTimer(dyn, 0.125, 0.75);
  log(py`main: timers=${tg.timers.length}`);
  yield* sleep(2.625);
  log('main: stop_timers(wait=True)');
  yield* tg.stopTimers(true);
  log(py`main: stop_timers returned, timers=${tg.timers.length}`);
  yield* sleep(2);
  log('main: done');
}

run(main);
