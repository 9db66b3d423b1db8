// Twin of 51_kill_unstarted.py: kill/cancel of threads that never started: links run inside kill() in the
// killer, the killer yields once, wait() raises GreenletExit; killing a dead thread does not yield (G9, G10, G12).
import { type GreenThread, kill, sleep, spawn, spawnAfter, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function work(name: string): string {
  log(`${name}: running (not expected)`);
  return name;
}

function onExit(gt: GreenThread<string>, name: string): void {
  try {
    gt.wait().next();
    log(`link ${name}: returned`);
  } catch (e) {
    log(`link ${name}: ${excText(e)}`);
  }
}

function* main() {
  const a = spawn(work, 'a');
  a.link(onExit, 'a');
  spawnN(log, 'other: ran');
  log('main: kill a');
  yield* a.kill();
  log(py`main: kill a returned, dead=${a.dead}`);
  try {
    yield* a.wait();
  } catch (e) {
    log(`main: a.wait() raised ${excText(e)}`);
  }
  a.link(onExit, 'a-late');
  spawnN(log, 'other2: ran');
  yield* a.kill();
  log('main: second kill of a returned without yielding');
  yield* sleep(0);
  const b = spawnAfter(1, work, 'b');
  b.link(onExit, 'b');
  yield* sleep(0.5);
  log('main: kill b (timer pending)');
  yield* kill(b);
  log('main: kill b returned');
  yield* sleep(1);
  try {
    yield* b.wait();
  } catch (e) {
    log(`main: b.wait() raised ${excText(e)}`);
  }
  const c = spawn(work, 'c');
  c.link(onExit, 'c');
  spawnN(log, 'other3: ran');
  log('main: cancel c');
  yield* c.cancel();
  log('main: cancel c returned');
  try {
    yield* c.wait();
  } catch (e) {
    log(`main: c.wait() raised ${excText(e)}`);
  }
}

run(main);
