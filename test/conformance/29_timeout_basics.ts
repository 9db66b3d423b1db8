// Twin of 29_timeout_basics.py: Timeout as a guard, and withTimeout (T1–T5).
import { sleep } from '../../src/greenthread/index.js';
import { Timeout, withTimeout } from '../../src/greenthread/timeout.js';
import { excText, isException, log, py, PyError, run } from './oracle.js';

class TooSlow extends PyError {}

function* slow(secs: number, result = 'done') {
  yield* sleep(secs);
  return result;
}

function* main() {
  let t = new Timeout(1);
  try {
    try {
      log(py`main: sleep 2 under Timeout(1), pending=${t.pending}`);
      yield* sleep(2);
    } catch (e) {
      if (!isException(e)) throw e;
      log('main: except Exception caught it (not expected)');
    }
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: caught Timeout, is ours=${e === t}, str=${e}, pending=${t.pending}`);
  }

  yield* Timeout.guard(
    1,
    function* () {
      log('main: silent timeout block');
      yield* sleep(2);
      log('main: not reached');
    },
    { exc: false },
  );
  log('main: left silent block');

  try {
    yield* Timeout.guard(
      0.5,
      function* () {
        yield* sleep(1);
      },
      { exc: new TooSlow('took too long') },
    );
  } catch (e) {
    if (!(e instanceof TooSlow)) throw e;
    log(`main: caught ${excText(e)}`);
  }

  t = new Timeout(1);
  yield* sleep(0.5);
  t.cancel();
  log(py`main: cancelled at half time, pending=${t.pending}`);
  yield* sleep(1);
  log('main: no Timeout after cancel');

  yield* Timeout.guard(null, function* () {
    yield* sleep(3);
  });
  log('main: Timeout(None) never fired');

  log(py`with_timeout a -> ${yield* withTimeout(2, slow, 1, 'fast enough')}`);
  log(py`with_timeout b -> ${yield* withTimeout({ seconds: 1, timeoutValue: 'gave up' }, slow, 2)}`);
  try {
    yield* withTimeout(1, slow, 2);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`with_timeout c raised Timeout: ${e}`);
  }
  const outer = new Timeout(0.5);
  try {
    yield* withTimeout({ seconds: 3, timeoutValue: 'inner value' }, slow, 2);
    log('with_timeout d returned (not expected)');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`with_timeout d raised the outer Timeout: ${e === outer}`);
  } finally {
    outer.cancel();
  }
}

run(main);
