// Twin of 93_throw_unstarted.py: a raw throw into a GreenThread that never ran kills it before its first line:
// no exit, no links, wait() blocks for good; a non-GreenletExit goes on to the hub. kill() still runs the exit
// path (G5, G10). From a timer callback, `kill(gt).next()` is greenthread.kill(gt).
import { getHub } from '../../src/hub/index.js';
import { type GreenThread, kill, sleep, spawnAfter, Timeout } from '../../src/greenthread/index.js';
import { excText, KeyError, log, py, run } from './oracle.js';

function work(name: string): string {
  log(`${name}: running`);
  return name;
}

function* waits(gt: GreenThread<unknown>, name: string) {
  try {
    const t = new Timeout(1);
    try {
      log(py`main: ${name}.wait() -> ${yield* gt.wait()}`);
    } finally {
      t.cancel();
    }
  } catch (e) {
    log(`main: ${name}.wait() raises ${excText(e)}`);
  }
}

function* main() {
  const hub = getHub();
  const b = spawnAfter(1, work, 'b');
  b.link(() => log('link b'));
  hub.scheduleCallGlobal(0.5, () => b.throw());
  const c = spawnAfter(1, work, 'c');
  c.link(() => log('link c'));
  hub.scheduleCallGlobal(0.5, () => c.throw(new KeyError("'thrown'")));
  const k = spawnAfter(1, work, 'k');
  k.link(() => log('link k'));
  hub.scheduleCallGlobal(0.5, () => kill(k).next());
  yield* sleep(2);
  log(py`main: dead b=${b.dead} c=${c.dead} k=${k.dead}`);
  yield* waits(b, 'b');
  yield* waits(c, 'c');
  yield* waits(k, 'k');
}

run(main);
