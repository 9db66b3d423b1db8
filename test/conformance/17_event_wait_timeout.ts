// Twin of 17_event_wait_timeout.py: wait(timeout) returns None on expiry and is not woken later;
// sendException makes waits raise (E2, E3, E4).
import { Event, sleep, spawnN } from '../../src/greenthread/index.js';
import { excText, isException, log, LookupError, py, run } from './oracle.js';

function* timedWaiter(ev: Event<unknown>, name: string, timeout: number) {
  log(`${name}: wait(timeout=${timeout})`);
  try {
    const value = yield* ev.wait(timeout);
    log(py`${name}: returned ${value}`);
  } catch (e) {
    if (!isException(e)) throw e;
    log(`${name}: raised ${excText(e)}`);
  }
}

function* main() {
  const slow = new Event<unknown>();
  spawnN(timedWaiter, slow, 'a', 1);
  yield* sleep(2);
  log('main: send to slow');
  slow.send('late');
  yield* sleep(0);
  const s = yield* slow.wait();
  log(py`main: slow.wait() -> ${s}`);

  const fast = new Event<unknown>();
  spawnN(timedWaiter, fast, 'b', 3);
  yield* sleep(1);
  log('main: send to fast');
  fast.send('early');
  yield* sleep(5);

  const bad = new Event<unknown>();
  spawnN(timedWaiter, bad, 'c', 2);
  yield* sleep(1);
  log('main: send_exception to bad');
  bad.sendException(new LookupError('nope'));
  log(py`main: has_exception=${bad.hasException()} ready=${bad.ready()}`);
  yield* sleep(5);
  try {
    yield* bad.wait();
  } catch (e) {
    if (!(e instanceof LookupError)) throw e;
    log(`main: bad.wait() raised ${excText(e)}`);
  }
}

run(main);
