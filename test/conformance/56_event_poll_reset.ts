// Twin of 56_event_poll_reset.py: hasResult/hasException, poll/pollResult/pollException, reset, and a
// waiter woken by a send that was reset at once still getting the sent value (E4, E5).
import { Event, sleep, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run, ValueError } from './oracle.js';

function state(ev: Event<string>): string {
  return py`ready=${ev.ready()} has_result=${ev.hasResult()} has_exception=${ev.hasException()}`;
}

function tryCall(label: string, fn: () => unknown): void {
  try {
    log(py`${label} -> ${fn()}`);
  } catch (e) {
    log(`${label} raised ${excText(e)}`);
  }
}

function* waiter(ev: Event<string>, name: string) {
  log(`${name}: waiting`);
  try {
    log(py`${name}: got ${yield* ev.wait()}`);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`${name}: raised ${excText(e)}`);
  }
}

function* main() {
  const ev = new Event<string>();
  log(`fresh: ${state(ev)}`);
  tryCall('fresh poll()', () => ev.poll());
  tryCall('fresh poll(nope)', () => ev.poll('nope'));
  tryCall('fresh poll_result(nope)', () => ev.pollResult('nope'));
  tryCall('fresh reset()', () => ev.reset());
  ev.send('v1');
  log(`sent: ${state(ev)}`);
  tryCall('poll()', () => ev.poll());
  tryCall('poll_result(nope)', () => ev.pollResult('nope'));
  tryCall('poll_exception(nope)', () => ev.pollException('nope'));
  ev.reset();
  log(`reset: ${state(ev)}`);
  ev.sendException(new ValueError('boom'));
  log(`exception sent: ${state(ev)}`);
  tryCall('poll(nope)', () => ev.poll('nope'));
  tryCall('poll_result(nope)', () => ev.pollResult('nope'));
  tryCall('poll_exception(nope)', () => ev.pollException('nope'));
  ev.reset();
  spawnN(waiter, ev, 'w1');
  yield* sleep(1);
  ev.send('v2');
  ev.reset();
  log(`main: sent v2 and reset at once: ${state(ev)}`);
  yield* sleep(0);
  spawnN(waiter, ev, 'w2');
  yield* sleep(1);
  ev.send(undefined, new ValueError('via exc'));
  log(`main: ${state(ev)}`);
  yield* sleep(0);
  // wait() on a sent event never yields (E3): run it synchronously, as the lambda does in Python.
  tryCall('wait() on exception event', () => ev.wait().next().value);
}

run(main);
