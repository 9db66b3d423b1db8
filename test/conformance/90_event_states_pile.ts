// Twin of 90_event_states_pile.py: Event states, sent instances and classes (a class is instantiated at each
// raise, also for a waiter already blocked), wait(timeout) on a fresh event, GreenPile order and errors
// (E1-E4, P-rules).
import { Event, GreenPile, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, KeyError, log, py, run, ValueError } from './oracle.js';

function* job(n: number) {
  yield* sleep(n);
  if (n === 0.3) throw new KeyError(`'k${n}'`);
  return n;
}

function* blocked(ev: Event<unknown>) {
  try {
    yield* ev.wait();
  } catch (e) {
    log(`blocked waiter raised ${excText(e)}`);
  }
}

function* main() {
  const ev = new Event<unknown>();
  log(py`fresh: ready=${ev.ready()} has_result=${ev.hasResult()} has_exception=${ev.hasException()} poll=${ev.poll('dflt')}`);
  ev.send();
  log(py`sent None: ready=${ev.ready()} has_result=${ev.hasResult()} wait=${yield* ev.wait()}`);
  const e2 = new Event<unknown>();
  e2.sendException(new ValueError('bad'));
  log(py`exc: ready=${e2.ready()} has_result=${e2.hasResult()} has_exception=${e2.hasException()}`);
  try {
    e2.poll();
  } catch (e) {
    log(`poll raised ${excText(e)}`);
  }
  try {
    yield* e2.wait(1);
  } catch (e) {
    log(`wait raised ${excText(e)}`);
  }
  const e3 = new Event<unknown>();
  e3.sendException(KeyError);
  try {
    yield* e3.wait();
  } catch (e) {
    log(`class exc wait raised ${excText(e)}`);
  }
  try {
    e3.poll();
  } catch (e) {
    log(`class exc poll raised ${excText(e)}`);
  }
  const e5 = new Event<unknown>();
  spawn(blocked, e5);
  yield* sleep(0.1);
  e5.sendException(KeyError);
  yield* sleep(0);
  const e4 = new Event<unknown>();
  log(py`wait timeout on fresh -> ${yield* e4.wait(0.2)}`);
  const pile = new GreenPile<number>(2);
  for (const n of [0.2, 0.1, 0.3, 0.05]) yield* pile.spawn(job, n);
  log('pile: spawned 4');
  try {
    for (let r = yield* pile.next(); !r.done; r = yield* pile.next()) log(py`pile -> ${r.value}`);
  } catch (e) {
    log(`pile raised ${excText(e)}`);
  }
  yield* sleep(1);
}

run(main);
