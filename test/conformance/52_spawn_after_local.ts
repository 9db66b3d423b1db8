// Twin of 52_spawn_after_local.py: a spawnAfterLocal thread never starts if its spawner died first; a
// spawnAfter thread always does (G2, H3).
import { type GreenThread, sleep, spawn, spawnAfter, spawnAfterLocal } from '../../src/greenthread/index.js';
import { Timeout } from '../../src/greenthread/timeout.js';
import { log, py, run } from './oracle.js';

function job(name: string): string {
  log(`${name}: started`);
  return name;
}

function* spawner(box: GreenThread<string>[], waitFirst: boolean) {
  box.push(spawnAfterLocal(1, job, 'local'));
  box.push(spawnAfter(1, job, 'global'));
  log('spawner: scheduled two');
  if (waitFirst) yield* sleep(2);
  log('spawner: exiting');
}

function* main() {
  let box: GreenThread<string>[] = [];
  spawn(spawner, box, false);
  yield* sleep(0.5);
  let [local, glob] = box as [GreenThread<string>, GreenThread<string>];
  yield* sleep(1);
  log(py`main: global.wait() -> ${yield* glob.wait()}`);
  try {
    yield* Timeout.guard(2, function* () {
      yield* local.wait();
    });
    log('main: local.wait() returned (not expected)');
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    log(py`main: local.wait() still blocked after 2 s, dead=${local.dead}`);
  }
  box = [];
  spawn(spawner, box, true);
  yield* sleep(0.5);
  [local, glob] = box as [GreenThread<string>, GreenThread<string>];
  log(py`main: local.wait() -> ${yield* local.wait()}`);
  log(py`main: global.wait() -> ${yield* glob.wait()}`);
}

run(main);
