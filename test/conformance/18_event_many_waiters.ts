// Twin of 18_event_many_waiters.py: every waiter of one Event resumes before the sender's next sleep(0)
// returns (E1, E2; their mutual order is not pinned, D2).
import { Event, sleep, spawnN } from '../../src/greenthread/index.js';
import { log, pyStr, run } from './oracle.js';

const resumed: string[] = [];
const after: string[] = [];

function* waiter(ev: Event<unknown>, name: string, timeout?: number) {
  const value = yield* ev.wait(timeout);
  resumed.push(`${name}=${pyStr(value)}`);
  yield* sleep(0);
  after.push(name);
}

const sorted = (xs: string[]) => [...xs].sort().join(' ');

function* main() {
  const ev = new Event<unknown>();
  for (const name of ['a', 'b', 'c']) spawnN(waiter, ev, name);
  spawnN(waiter, ev, 't', 0.5);
  yield* sleep(1);
  log(`main: before send resumed=[${sorted(resumed)}]`);
  ev.send('v');
  log(`main: send returned, resumed=[${sorted(resumed)}]`);
  yield* sleep(0);
  log(`main: after sleep(0) resumed=[${sorted(resumed)}] after=[${sorted(after)}]`);
  yield* sleep(0);
  log(`main: after 2nd sleep(0) after=[${sorted(after)}]`);
}

run(main);
