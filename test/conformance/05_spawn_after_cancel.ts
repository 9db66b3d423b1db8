// Twin of 05_spawn_after_cancel.py: spawnAfter is one timer among equal deadlines; cancel() kills only an
// unstarted thread, links running inside cancel (G2, G10, G12, D1).
import { type GreenThread, sleep, spawnAfter, spawnN } from '../../src/greenthread/index.js';
import { excText, log, py, run } from './oracle.js';

function* job(name: string) {
  log(`${name}: start`);
  yield* sleep(1);
  log(`${name}: end`);
  return name;
}

function* sleeper(name: string, secs: number) {
  yield* sleep(secs);
  log(`${name}: woke`);
}

function ticker() {
  log('t: tick');
}

function* main() {
  spawnN(sleeper, 's1', 1);
  const a = spawnAfter(1, job, 'a');
  spawnN(sleeper, 's2', 1);
  const b = spawnAfter(0.5, job, 'b');
  const c = spawnAfter(2, job, 'c');
  c.link(() => log('link: c finished'));
  yield* sleep(0.75);
  log('main: cancel c (not started)');
  spawnN(ticker);
  yield* c.cancel();
  log(py`main: back from cancel, c.dead=${c.dead}`);
  log('main: cancel b (started)');
  spawnN(ticker);
  yield* b.cancel();
  log(py`main: back from cancel, b.dead=${b.dead}`);
  yield* sleep(3);
  for (const [name, gt] of [['a', a], ['b', b], ['c', c]] as Array<[string, GreenThread<string>]>) {
    try {
      const r = yield* gt.wait();
      log(`main: ${name}.wait() -> ${r}`);
    } catch (e) {
      log(`main: ${name}.wait() raised ${excText(e)}`);
    }
  }
}

run(main);
