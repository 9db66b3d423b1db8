// Twin of 62_timeout_orphan_links.py: a Timeout outliving its thread is printed by the hub, a stray one fires
// at a later suspension, a raising link stops the links after it (T2, G8, H9).
import { type GreenThread, sleep, spawn } from '../../src/greenthread/index.js';
import { Timeout } from '../../src/greenthread/timeout.js';
import { log, py, run, ValueError } from './oracle.js';

function leaver(): string {
  new Timeout(1);
  log('leaver: returning with a pending Timeout');
  return 'left';
}

function* forgetful() {
  const t = new Timeout(1);
  log(py`forgetful: made Timeout(1), pending=${t.pending}`);
  try {
    yield* sleep(2);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`forgetful: caught ${e === t}`);
  }
  new Timeout(0.5);
  log('forgetful: sleep 1 with another stray Timeout(0.5)');
  try {
    yield* sleep(1);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log('forgetful: stray Timeout fired in a later sleep');
  }
}

function badLink(_gt: GreenThread<string>): void {
  log('bad_link: raising');
  throw new ValueError('link broke');
}

function goodLink(_gt: GreenThread<string>): void {
  log('good_link: ran (not expected)');
}

function* main() {
  const lv = spawn(leaver);
  yield* sleep(2);
  log(py`main: leaver.wait() -> ${yield* lv.wait()}`);
  const f = spawn(forgetful);
  yield* f.wait();
  log('main: forgetful done');
  const g = spawn(() => 'g result');
  g.link(badLink);
  g.link(goodLink);
  yield* sleep(1);
  log(py`main: g.wait() -> ${yield* g.wait()}`);
}

run(main);
