// Twin of 66_kill_blocked_waiters.py: killed waiters leave queues and semaphores; a kill with an exception
// instance raises it at the blocking call; a thread waiting on a killed thread gets GreenletExit; links run
// before the dying thread counts as dead; a second kill of a dead thread does nothing (G-rules, S1, Q-rules).
import { Event, type GreenThread, Queue, Semaphore, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, log, PyError, py, run } from './oracle.js';

class Stop extends PyError {}

function* getter(q: Queue<string>, name: string) {
  try {
    log(py`${name}: got ${yield* q.get()}`);
  } catch (e) {
    log(`${name}: ${excText(e)}`);
    throw e;
  }
}

function* acquirer(sem: Semaphore, name: string) {
  try {
    yield* sem.acquire();
    log(py`${name}: acquired, counter=${sem.counter}`);
  } catch (e) {
    log(`${name}: ${excText(e)}`);
    throw e;
  }
}

function* eventWaiter(ev: Event<string>, name: string) {
  try {
    log(py`${name}: event ${yield* ev.wait()}`);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    log(`${name}: caught ${excText(e)}`);
    return 'stopped';
  }
  return null;
}

function* sleeper() {
  yield* sleep(10);
  return 'slept';
}

function* threadWaiter(gt: GreenThread<string>, name: string) {
  log(py`${name}: wait -> ${yield* gt.wait()}`);
}

function* main() {
  const q = new Queue<string>();
  const g1 = spawn(getter, q, 'g1');
  const g2 = spawn(getter, q, 'g2');
  yield* sleep(0.1);
  yield* g1.kill();
  log(py`main: getting=${q.getting()}`);
  yield* q.put('x');
  yield* sleep(0);
  log(py`main: g2 dead=${g2.dead}`);

  const sem = new Semaphore(0);
  const a1 = spawn(acquirer, sem, 'a1');
  spawn(acquirer, sem, 'a2');
  yield* sleep(0.1);
  yield* a1.kill();
  log(py`main: balance=${sem.balance}`);
  sem.release();
  yield* sleep(0);
  log(py`main: counter=${sem.counter}`);

  const ev = new Event<string>();
  const w = spawn(eventWaiter, ev, 'w');
  w.link((gt: GreenThread<unknown>) => log(py`link 1: dead=${gt.dead}`));
  w.link((_gt: GreenThread<unknown>, tag: string) => log(`link 2: ${tag}`), 'tag');
  yield* sleep(0.1);
  yield* w.kill(new Stop('halt'));
  log(py`main: w result=${yield* w.wait()}`);

  const s = spawn(sleeper);
  const tw = spawn(threadWaiter, s, 'tw');
  yield* sleep(0.1);
  yield* s.kill();
  log(py`main: s dead=${s.dead}`);
  yield* sleep(0);
  log(py`main: tw dead=${tw.dead}`);
  yield* s.kill();
  try {
    log(py`main: killed again, wait -> ${yield* s.wait()}`);
  } catch (e) {
    log(`main: killed again, wait raises ${excText(e)}`);
  }
}

run(main);
