// Twin of 39_loopingcall_backoff.py: BackOffLoopingCall backs off on failure, resets on success, gives up
// with LoopingCallTimeOut; the jitter source is replaced by its mean, as the scenario does (O15).
import { BackOffLoopingCall, LoopingCallDone, LoopingCallTimeOut } from '../../src/launcher/loopingcall.js';
import { excText, log, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

/** Stand-in for the random generator: gauss() returns its mean. */
const meanOnly = {
  gauss(mu: number, _sigma: number): number {
    return mu;
  },
};

const resultsA: (boolean | string)[] = [false, false, false, true, 'done'];
const resultsB: boolean[] = [false, false, false, false];

const flakyA = mainFn(function flaky_a() {
  const r = resultsA.shift()!;
  log(py`a: attempt -> ${r}`);
  if (r === 'done') throw new LoopingCallDone('a ok');
  return r;
});

const flakyB = mainFn(function flaky_b() {
  const r = resultsB.shift()!;
  log(py`b: attempt -> ${r}`);
  return r;
});

function* main() {
  const a = new BackOffLoopingCall(flakyA);
  a.rng = meanOnly;
  log('main: start a (jitter 0.75, starting_interval 1)');
  log(py`main: a.wait() -> ${yield* a.start({ startingInterval: 1, jitter: 0.75 }).wait()}`);

  const b = new BackOffLoopingCall(flakyB);
  b.rng = meanOnly;
  log('main: start b (jitter 1, max_interval 3, timeout 6)');
  const evt = b.start({ initialDelay: 0.5, startingInterval: 1, jitter: 1, maxInterval: 3, timeout: 6 });
  try {
    yield* evt.wait();
  } catch (e) {
    if (!(e instanceof LoopingCallTimeOut)) throw e;
    log(`main: b.wait() raised ${excText(e)}`);
  }
}

run(main);
