// Twin of 68_timeout_edges.py: starting twice, cancel twice, None, 0 and negative delays, silent and custom
// exceptions, withTimeout, an outer Timeout firing inside an inner guard, cancel before firing, str and repr
// (T1-T5).
import { sleep } from '../../src/greenthread/index.js';
import { Timeout, withTimeout } from '../../src/greenthread/timeout.js';
import { excText, log, py, PyError, run, ValueError } from './oracle.js';

class Boom extends PyError {}

function* main() {
  const t = new Timeout(1);
  log(py`pending=${t.pending} seconds=${t.seconds}`);
  try {
    t.start();
  } catch (e) {
    log(`start twice: ${excText(e)}`);
  }
  t.cancel();
  log(py`cancelled pending=${t.pending}`);
  t.cancel();
  log('cancel twice ok');
  const t2 = new Timeout(null);
  log(py`none pending=${t2.pending} str=${t2}`);
  try {
    yield* Timeout.guard(0, function* () {
      log('in zero timeout, before sleep');
      yield* sleep(0);
      log('not reached');
    });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(`zero timeout fired: ${excText(e)}`);
  }
  try {
    yield* Timeout.guard(-1, function* () {
      yield* sleep(0);
    });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(`negative fired: ${excText(e)}`);
  }
  yield* Timeout.guard(
    0.1,
    function* () {
      yield* sleep(1);
      log('not reached');
    },
    { exc: false },
  );
  log('after silent timeout');
  try {
    yield* Timeout.guard(0.1, function* () {
      yield* sleep(1);
    }, { exc: new Boom('b') });
  } catch (e) {
    if (!(e instanceof Boom)) throw e;
    log(`custom exc: ${excText(e)}`);
  }
  try {
    yield* Timeout.guard(0.1, function* () {
      yield* sleep(1);
    }, { exc: Boom });
  } catch (e) {
    if (!(e instanceof Boom)) throw e;
    log(`custom class: ${excText(e)}`);
  }
  log(py`with_timeout -> ${yield* withTimeout({ seconds: 0.1, timeoutValue: 'tv' }, sleep, 1)}`);
  try {
    yield* withTimeout(0.1, sleep, 1);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(`with_timeout raised ${excText(e)}`);
  }
  const outer = new Timeout(0.2);
  try {
    try {
      yield* Timeout.guard(0.5, function* () {
        yield* sleep(1);
      });
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
      log(py`inner caught: is outer=${e === outer}`);
      throw e;
    }
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`outer caught: is outer=${e === outer}`);
  } finally {
    outer.cancel();
  }
  const t3 = new Timeout(0.1);
  try {
    yield* sleep(0.05);
    t3.cancel();
    yield* sleep(0.1);
    log('cancelled before firing, ok');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log('should not fire');
  }
  const t4 = new Timeout(2);
  log(py`str=${t4}`);
  t4.cancel();
  const t5 = new Timeout(1, new ValueError('x'));
  log(py`repr=${t5.inspect()} str=${t5}`);
  t5.cancel();
  log(`cancelled repr=${t5.inspect()}`);
}

run(main);
