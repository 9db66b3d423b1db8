// Twin of 53_sleep_negative.py: a negative sleep is a timer already due, so it fires ahead of the 0-timers
// of its pass; threads spawned inside a pass start in the next one (G3, H1, H7).
import { sleep, spawn, spawnN } from '../../src/greenthread/index.js';
import { log, run } from './oracle.js';

function* child(name: string) {
  log(`${name}: started`);
  yield* sleep(0);
  log(`${name}: after sleep(0)`);
}

function* a() {
  log('a: spawn a1, sleep(0)');
  spawn(child, 'a1');
  yield* sleep(0);
  log('a: back');
}

function* b() {
  log('b: sleep(-1)');
  yield* sleep(-1);
  log('b: back');
}

function* c() {
  log('c: sleep(-0.5)');
  yield* sleep(-0.5);
  log('c: back');
}

function* main() {
  spawn(a);
  spawn(b);
  spawn(c);
  log('main: sleep(0)');
  yield* sleep(0);
  log('main: back, sleep(1)');
  yield* sleep(1);
  spawn(child, 'late');
  spawnN(log, 'n: ran');
  log('main: sleep(-5)');
  yield* sleep(-5);
  log('main: back from sleep(-5)');
  yield* sleep(0);
  log('main: back from sleep(0)');
  yield* sleep(0);
  log('main: done');
}

run(main);
