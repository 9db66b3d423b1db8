// Twin of 67_link_while_dying.py: links run while the thread is dying, not dead, whether it returned, raised or
// was killed while blocked; a thread killed before it started runs them in the killer, neither started nor
// dead, and a link raising there is discarded with the links after it (G6, G8, G10).
import { type Green, type GreenThread, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, KeyError, log, py, run, ValueError } from './oracle.js';

function* body(result = 'r') {
  yield* sleep(1);
  return result;
}

function* failing(): Green<never> {
  yield* sleep(1);
  throw new ValueError('body failed');
}

/** Python's bool(greenlet): started and not dead. */
const active = (gt: GreenThread<unknown>): boolean => gt.started && !gt.dead;

function report(gt: GreenThread<unknown>, tag: string): void {
  log(py`${tag}: dead=${gt.dead} started=${active(gt)}`);
}

function bad(gt: GreenThread<unknown>, tag: string): void {
  log(py`${tag}: raising, dead=${gt.dead}`);
  throw new KeyError(`'${tag}'`);
}

function* main() {
  const a = spawn(body);
  a.link(report, 'a returns');
  const f = spawn(failing);
  f.link(report, 'f raises');
  const k = spawn(body);
  k.link(report, 'k killed while blocked');
  yield* sleep(0.5);
  yield* k.kill();
  log(py`main: k dead=${k.dead}`);
  yield* sleep(1);
  log(py`main: a dead=${a.dead} f dead=${f.dead}`);

  const u = spawn(body);
  u.link(report, 'u killed unstarted');
  u.link(bad, 'u bad');
  u.link(report, 'u after bad');
  yield* u.kill();
  log(py`main: u killed, dead=${u.dead}`);
  try {
    log(py`main: u wait -> ${yield* u.wait()}`);
  } catch (e) {
    log(`main: u wait raises ${excText(e)}`);
  }

  const b = spawn(body);
  b.link(bad, 'b bad');
  b.link(report, 'b after bad');
  yield* sleep(2);
  const dead = b.dead;
  log(py`main: b dead=${dead} wait -> ${yield* b.wait()}`);
}

run(main);
