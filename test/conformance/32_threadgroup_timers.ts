// Twin of 32_threadgroup_timers.py: addTimer, addDynamicTimer (cap, null), stopTimers (O6, O12, O14).
import { sleep } from '../../src/greenthread/index.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { log, py, run } from './oracle.js';
import './oslo.js';

const delays: (number | null)[] = [0.5, 1, 3, null, 1];

function tick() {
  log('fixed: tick');
}

function dyn() {
  const d = delays.length > 0 ? delays.shift()! : 1;
  log(py`dynamic: run, asks for ${d}`);
  return d;
}

function* main() {
  const tg = new ThreadGroup();
  tg.addTimer(1, tick, 0.5);
  tg.addDynamicTimer(dyn, null, 2);
  log(py`main: timers=${tg.timers.length} threads=${tg.threads.length}`);
  yield* sleep(6.25);
  log('main: stop_timers');
  yield* tg.stopTimers();
  log(py`main: timers=${tg.timers.length}`);
  yield* sleep(5);
  log('main: done');
}

run(main);
