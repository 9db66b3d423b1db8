/** ThreadGroup and Thread (O2-O8), ported from oslo.service's test_threadgroup.py, on virtual time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../src/hub/index.js';
import { Event, GreenletExit, sleep, spawn } from '../src/greenthread/index.js';
import { addSink, ERROR, type LogRecord } from '../src/launcher/log.js';
import { ThreadGroup } from '../src/launcher/threadgroup.js';
import { vrun } from './helpers.js';

function captureLog(level = ERROR): { records: LogRecord[]; remove: () => void } {
  const records: LogRecord[] = [];
  const remove = addSink((r) => records.push(r), level);
  return { records, remove };
}

function noop(..._args: unknown[]): void {}

test('O6: addDynamicTimer passes extra positionals to the callback and starts the timer at once', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    tg.addDynamicTimer(noop, 1, 2, 'arg');
    assert.equal(tg.timers.length, 1);
    const timer = tg.timers[0]!;
    assert.equal(timer.running, true);
    assert.deepEqual(timer.args, ['arg']);
    yield* tg.stop();
  });
});

test('O6: addDynamicTimerArgs and addTimerArgs take the callback arguments as a list', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    tg.addDynamicTimerArgs(noop, ['arg'], { initialDelay: 1, periodicIntervalMax: 2, stopOnException: false });
    tg.addTimerArgs(1, noop, ['arg'], { initialDelay: 1, stopOnException: false });
    assert.equal(tg.timers.length, 2);
    for (const t of tg.timers) {
      assert.equal(t.running, true);
      assert.deepEqual(t.args, ['arg']);
    }
    yield* tg.stop();
  });
});

test('O6 [!]: addTimer takes the first extra positional as the initial delay', async () => {
  const { trace } = await vrun(function* (r) {
    const tg = new ThreadGroup();
    tg.addTimer(1, (x: string) => r.log(`tick ${x}`), 0.5, 'arg');
    yield* sleep(2);
    yield* tg.stopTimers();
  });
  assert.deepEqual(trace, ['0.500 tick arg', '1.500 tick arg']);
});

test('O5: a group thread calling stop() survives and is the only one left', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    const stopEvent = new Event<string>();
    const quitEvent = new Event<string>();
    function* stopSelf(i: number) {
      if (i === 1) {
        yield* sleep(1);
        yield* tg.stop();
        stopEvent.send('stop_event');
      }
      yield* quitEvent.wait();
    }
    for (let i = 0; i < 4; i++) yield* tg.addThread(stopSelf, i);
    yield* stopEvent.wait();
    assert.equal(tg.threads.length, 1);
    quitEvent.send('quit_event');
    yield* tg.wait();
    assert.equal(tg.threads.length, 0);
  });
});

test('O5: stop() kills at once; each kill is complete before stop returns', async () => {
  await vrun(function* (r) {
    const tg = new ThreadGroup();
    yield* tg.addThread(function* () {
      yield* sleep(1);
    });
    yield* sleep(0);
    const t0 = r.hub.clock();
    yield* tg.stop();
    assert.equal(r.hub.clock(), t0);
    assert.equal(tg.threads.length, 0);
    assert.equal(tg.timers.length, 0);
  });
});

test('O5: stop(true) waits for the threads instead of killing them', async () => {
  await vrun(function* (r) {
    const tg = new ThreadGroup();
    let finished = false;
    yield* tg.addThread(function* () {
      yield* sleep(1);
      finished = true;
    });
    yield* tg.stop(true);
    assert.equal(finished, true);
    assert.equal(r.hub.clock(), 1);
    assert.equal(tg.threads.length, 0);
  });
});

test('O8: cancel() keeps unstarted threads from running; started ones go on', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    let ran = false;
    yield* tg.addThread(function* () {
      ran = true;
      yield* sleep(1);
    });
    yield* tg.cancel();
    assert.equal(tg.threads.length, 0);
    yield* sleep(2);
    assert.equal(ran, false);

    yield* tg.addThread(function* () {
      yield* sleep(0.3);
    });
    yield* sleep(0);
    yield* tg.cancel();
    assert.equal(tg.threads.length, 1);
    yield* tg.wait();
  });
});

test('O8: cancel() with a timeout stops what is still running when it expires', async () => {
  await vrun(function* (r) {
    const tg = new ThreadGroup();
    let killed = false;
    yield* tg.addThread(function* () {
      try {
        yield* sleep(5);
      } catch (e) {
        killed = e instanceof GreenletExit;
        throw e;
      }
    });
    yield* sleep(0);
    yield* tg.cancel(undefined, { timeout: 0.25, waitTime: 0.125 });
    assert.equal(tg.threads.length, 0);
    assert.equal(killed, true);
    assert.ok(r.hub.clock() < 5);
  });
});

test('O6: stopTimers empties the list; timerDone removes one; a stopped timer stays until then', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    tg.addTimer(1, noop);
    assert.equal(tg.timers.length, 1);
    yield* tg.stopTimers();
    assert.equal(tg.timers.length, 0);

    const timer = tg.addTimer(1, noop);
    timer.stop();
    assert.equal(tg.timers.length, 1);
    tg.timerDone(timer);
    assert.equal(tg.timers.length, 0);

    const dyn = tg.addDynamicTimer(noop, 1, 2);
    assert.equal(dyn.running, true);
    dyn.stop();
    assert.equal(tg.timers.length, 1);
    tg.timerDone(dyn);
    assert.equal(tg.timers.length, 0);
    // O6: as Python's list.remove, a timer no longer in the group is a ValueError with its message.
    assert.throws(() => tg.timerDone(dyn), (e: unknown) => e instanceof ValueError && e.message === 'list.remove(x): x not in list');
  });
});

test('O2/O3: addThread returns before the thread runs; a finished thread leaves the group; ident is the thread id', async () => {
  await vrun(function* () {
    const tg = new ThreadGroup();
    let started = false;
    const th = yield* tg.addThread(function* (x: number) {
      started = true;
      return x * 2;
    }, 21);
    assert.equal(started, false);
    assert.equal(tg.threads.length, 1);
    assert.equal(th.ident, th.thread.id);
    assert.equal(yield* th.wait(), 42);
    assert.equal(tg.threads.length, 0);
  });
});

test('O2 [!]: addThread blocks while the pool is full', async () => {
  const { trace } = await vrun(function* (r) {
    const tg = new ThreadGroup(1);
    yield* tg.addThread(function* () {
      yield* sleep(1);
    });
    yield* tg.addThread(noop);
    r.log('second added');
  });
  assert.deepEqual(trace, ['1.000 second added']);
});

test('O7: wait() logs a thread error as "Error waiting on thread." and swallows GreenletExit', async () => {
  const cap = captureLog();
  try {
    const { printed } = await vrun(function* () {
      const tg = new ThreadGroup();
      const victim = yield* tg.addThread(function* () {
        yield* sleep(10);
      });
      yield* tg.addThread(function* () {
        yield* sleep(1);
        throw new Error('boom');
      });
      // wait() starts before the failure: the failing thread is still in the list.
      spawn(function* () {
        yield* sleep(0.5);
        yield* victim.stop();
      });
      yield* tg.wait();
      assert.equal(tg.threads.length, 0);
    });
    assert.deepEqual(printed, ['Traceback: Error: boom']);
    assert.equal(cap.records.length, 1);
    assert.equal(cap.records[0]!.name, 'oslo_service.threadgroup');
    assert.equal(cap.records[0]!.getMessage(), 'Error waiting on thread.');
    assert.equal((cap.records[0]!.exc as Error).message, 'boom');
  } finally {
    cap.remove();
  }
});

test('O7: wait() on running timers blocks until they are stopped, then returns', async () => {
  const { trace } = await vrun(function* (r) {
    const tg = new ThreadGroup();
    tg.addTimer(1, noop);
    spawn(function* () {
      yield* sleep(3);
      for (const t of tg.timers) t.stop();
    });
    yield* tg.wait();
    r.log('wait returned');
  });
  assert.deepEqual(trace, ['3.000 wait returned']);
});

test('O6: stopTimers(true) waits for a callback in progress', async () => {
  const { trace } = await vrun(function* (r) {
    const tg = new ThreadGroup();
    tg.addTimer(5, function* () {
      yield* sleep(1);
      r.log('callback done');
    });
    yield* sleep(0.5);
    yield* tg.stopTimers(true);
    r.log('stopTimers returned');
  });
  assert.deepEqual(trace, ['1.000 callback done', '1.000 stopTimers returned']);
});

test('O8: cancel() is deprecated upstream: the first call in a process emits a DeprecationWarning', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w);
  };
  process.on('warning', onWarning);
  try {
    await vrun(function* () {
      yield* new ThreadGroup().cancel();
      yield* new ThreadGroup().cancel();
    });
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  const ours = warnings.filter((w) => (w as { code?: string }).code === 'GREENHUB_THREADGROUP_CANCEL');
  assert.equal(ours.length, 1);
  assert.equal(ours[0]!.name, 'DeprecationWarning');
  assert.match(ours[0]!.message, /'ThreadGroup\.cancel\(\)' is deprecated/);
});
