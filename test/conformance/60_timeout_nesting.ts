// Twin of 60_timeout_nesting.py: nested and silent Timeouts, Timeout(0) against sleep(0), exc=True, str(),
// withTimeout's timeout_value only for its own expiry (T1-T5).
import { sleep } from '../../src/greenthread/index.js';
import { Timeout, withTimeout } from '../../src/greenthread/timeout.js';
import { excText, log, py, run, ValueError } from './oracle.js';

function* nap(secs: number, result: string) {
  yield* sleep(secs);
  return result;
}

function* main() {
  let outer = new Timeout(3);
  try {
    yield* Timeout.guard(
      1,
      function* () {
        log('main: inner silent 1 s, sleep 2');
        yield* sleep(2);
        log('main: not reached');
      },
      { exc: false },
    );
    log(py`main: inner swallowed, outer pending=${outer.pending}`);
    yield* sleep(5);
    log('main: not reached either');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: outer fired: ${e}, ours=${e === outer}`);
  }
  outer = new Timeout(1);
  try {
    yield* Timeout.guard(
      2,
      function* () {
        log('main: inner silent 2 s, sleep 3');
        yield* sleep(3);
      },
      { exc: false },
    );
    log('main: inner block left (not expected)');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: outer passed through the silent inner: ${e === outer}`);
  }
  const t = new Timeout(0);
  try {
    yield* sleep(0);
    log('main: sleep(0) returned (not expected)');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: Timeout(0) beat sleep(0): ${e === t}`);
  }
  const t2 = new Timeout(0.5, true);
  try {
    yield* t2.guard(function* () {
      yield* sleep(1);
    });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: exc=True raised itself: ${e === t2} str=${e}`);
  }
  const cases: [string, () => Timeout][] = [
    ['(None,)', () => new Timeout(null)],
    ['(1,)', () => new Timeout(1)],
    ['(2,)', () => new Timeout(2)],
    ['(1, False)', () => new Timeout(1, false)],
    ["(3, ValueError('v'))", () => new Timeout(3, new ValueError('v'))],
  ];
  for (const [args, make] of cases) {
    const t3 = make();
    log(`str(Timeout${args}) = '${t3.message}'`);
    t3.cancel();
  }
  log(py`with_timeout -> ${yield* withTimeout({ seconds: 1, timeoutValue: 'expired' }, nap, 2, 'slow')}`);
  log(py`with_timeout -> ${yield* withTimeout({ seconds: 2, timeoutValue: 'expired' }, nap, 1, 'fast')}`);
  outer = new Timeout(0.5, new ValueError('outer fired'));
  try {
    yield* withTimeout({ seconds: 1, timeoutValue: 'expired' }, nap, 2, 'x');
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`with_timeout let ${excText(e)} through`);
  }
  outer.cancel();
  yield* sleep(2);
  log('main: done');
}

run(main);
