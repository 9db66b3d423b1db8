// Twin of 77_retry_decorator.py: RetryDecorator retries listed exceptions with a growing, capped sleep up to
// maxRetryCount, then the looping call logs and re-raises; the count is never reset between calls; other
// exceptions are not retried (O16, O10).
import { sleep } from '../../src/greenthread/index.js';
import { RetryDecorator } from '../../src/launcher/loopingcall.js';
import { excText, log, PyError, run, ValueError } from './oracle.js';
import { mainFn } from './oslo.js';

class Flaky extends PyError {}

const plan: string[] = [];

const fetch = new RetryDecorator({ maxRetryCount: 3, incSleepTime: 0.25, maxSleepTime: 0.5, exceptions: [Flaky] }).wrap(
  mainFn(function fetch(tag: string) {
    const outcome = plan.shift()!;
    log(`fetch ${tag}: ${outcome}`);
    if (outcome === 'flaky') throw new Flaky(tag);
    if (outcome === 'bad') throw new ValueError(tag);
    return 'got ' + tag;
  }),
);

function* main() {
  plan.push('flaky', 'flaky', 'ok');
  log(`main: first -> ${yield* fetch('first')}`);
  plan.push('flaky', 'flaky', 'ok');
  try {
    log(`main: second -> ${yield* fetch('second')}`);
  } catch (e) {
    if (!(e instanceof Flaky)) throw e;
    log(`main: second raised ${excText(e)}`);
  }
  plan.splice(0, plan.length, 'bad');
  try {
    yield* fetch('third');
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: third raised ${excText(e)}`);
  }
  yield* sleep(0);
  log(`main: plan left ${plan.length}`);
}

run(main);
