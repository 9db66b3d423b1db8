// Twin of 16_event_send_wait.py: send() never yields, the waiter resumes next pass; wait() on a sent event
// does not yield; double send and reset of a fresh event fail (E1, E3, E5).
import { AssertionError } from '../../src/hub/index.js';
import { Event, sleep, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* waiter(ev: Event<unknown>, name: string) {
  log(`${name}: wait`);
  const value = yield* ev.wait();
  log(py`${name}: got ${value}`);
}

function* main() {
  const ev = new Event<unknown>();
  log(py`main: ready=${ev.ready()}`);
  try {
    ev.reset();
  } catch (e) {
    if (!(e instanceof AssertionError)) throw e;
    log(`main: reset on fresh event: ${excText(e)}`);
  }
  spawnN(waiter, ev, 'w');
  yield* sleep(0);
  log('main: send 1');
  ev.send(1);
  log(py`main: sent, ready=${ev.ready()}, w not resumed yet`);
  yield* sleep(0);
  spawnN(log, 'x: ran');
  const v = yield* ev.wait();
  log(py`main: wait on sent event -> ${v} (no yield)`);
  try {
    ev.send(2);
  } catch (e) {
    if (!(e instanceof AssertionError)) throw e;
    log(`main: second send: ${excText(e)}`);
  }
  ev.reset();
  log(py`main: after reset ready=${ev.ready()}`);
  spawnN(waiter, ev, 'v');
  yield* sleep(1);
  ev.send('again');
  log('main: sent again');
  yield* sleep(0);
  log('main: done');
}

run(main);
