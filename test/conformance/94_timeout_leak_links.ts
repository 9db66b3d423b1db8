// Twin of 94_timeout_leak_links.py: a thread returning with its Timeout still armed; the Timeout fires into a
// link of it that is blocked on an Event (later links do not run), and into a dead thread harmlessly (T1, G8).
import { Event, type GreenThread, sleep, spawn, Timeout } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* leaky(name: string, d: number, _ev: Event<string>) {
  const t = new Timeout(1);
  log(py`${name}: armed Timeout(1), sleeping ${d}`);
  yield* sleep(d);
  log(py`${name}: returning with timeout pending=${t.pending}`);
  return name;
}

function* slowLink(_gt: GreenThread<unknown>, tag: string, ev: Event<string>) {
  log(`link ${tag}: start, waiting on event`);
  try {
    const v = yield* ev.wait();
    log(py`link ${tag}: event -> ${v}`);
  } catch (e) {
    log(`link ${tag}: ${excText(e)}`);
    throw e;
  }
}

function* main() {
  const ev = new Event<string>();
  const a = spawn(leaky, 'a', 0.5, ev);
  a.link(slowLink, 'a1', ev);
  a.link(() => log('link a2 (after slow link)'));
  const b = spawn(leaky, 'b', 0.25, ev);
  b.link(() => log('link b1 quick'));
  log(py`main: a -> ${yield* a.wait()}`);
  log(py`main: b -> ${yield* b.wait()} dead=${b.dead}`);
  yield* sleep(1);
  log(py`main: a dead=${a.dead} b dead=${b.dead}`);
  ev.send('late');
  yield* sleep(0);
  log('main: done');
}

run(main);
