/** trampoline: H20 (and H13, H19 as seen from a waiting green thread). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { AssertionError, BaseException, Hub, IOClosed, getHub, hubPreventMultipleReaders, useHub } from '../src/hub/index.js';
import { GreenletExit, GreenThread, kill, run, sleep, spawn, suspend } from '../src/greenthread/index.js';
import { Timeout } from '../src/greenthread/timeout.js';
import { trampoline } from '../src/greenthread/trampoline.js';
import { virtual } from './helpers.js';
import { realtime } from './helpers.js';


test('H20: trampoline returns the key once it is reported ready, and removes its listener', async () => {
  const { hub } = realtime();
  const key = { name: 'stream' };
  const got = await run(function* () {
    setImmediate(() => hub.listeners.ready(key, 'read'));
    const k = yield* trampoline(key, { read: true });
    return { k, count: hub.listeners.count };
  });
  assert.equal(got.k, key);
  assert.equal(got.count, 0);
});

test('H12/H20: readiness ends a timed wait early; the timeout then never fires', async () => {
  const { hub } = realtime();
  const key = {};
  const out = await run(function* () {
    setTimeout(() => hub.listeners.ready(key, 'read'), 5);
    const k = yield* trampoline(key, { read: true, timeout: 0.2 });
    // Still alive well past the old deadline: the timeout timer was cancelled on the way out.
    yield* sleep(0.3);
    return k === key;
  });
  assert.equal(out, true);
});

test('H20: a write waiter is woken by write readiness, not by read readiness', async () => {
  const { hub } = realtime();
  const key = 11;
  const order: string[] = [];
  await run(function* () {
    const w = spawn(function* () {
      yield* trampoline(key, { write: true });
      order.push('writer woke');
    });
    yield* sleep(0);
    setImmediate(() => {
      hub.listeners.ready(key, 'read');
      setImmediate(() => {
        order.push('write ready');
        hub.listeners.ready(key, 'write');
      });
    });
    yield* w.wait();
  });
  assert.deepEqual(order, ['write ready', 'writer woke']);
});

test('H20: the timeout raises Timeout by default (a BaseException) and leaves no listener behind', async () => {
  const { hub } = virtual();
  const key = {};
  const err = await run(function* () {
    try {
      yield* trampoline(key, { read: true, timeout: 0.5 });
      return undefined;
    } catch (e) {
      return { e, count: hub.listeners.count, at: hub.clock() };
    }
  });
  assert.ok(err !== undefined);
  assert.ok(err.e instanceof Timeout);
  assert.ok(err.e instanceof BaseException);
  assert.equal(err.count, 0);
  assert.equal(err.at, 0.5);
});

test('H20: timeoutExc may be an error instance or an error class', async () => {
  virtual();
  const mine = new RangeError('too slow');
  class Slow extends Error {}
  const [a, b] = await run(function* () {
    const out: unknown[] = [];
    for (const exc of [mine, Slow]) {
      try {
        yield* trampoline(1, { read: true, timeout: 0.1, timeoutExc: exc });
      } catch (e) {
        out.push(e);
      }
    }
    return out;
  });
  assert.equal(a, mine);
  assert.ok(b instanceof Slow);
});

test('H20: leaving early (killed) removes the listener and cancels the timeout timer', async () => {
  const { hub } = virtual();
  const key = {};
  const seen: string[] = [];
  await run(function* () {
    const waiter = spawn(function* () {
      try {
        yield* trampoline(key, { read: true, timeout: 1 });
      } catch (e) {
        seen.push(e instanceof GreenletExit ? 'killed' : String(e));
      }
      seen.push(`listeners ${hub.listeners.count}`);
      // Still alive past the old deadline: a timer left armed would raise Timeout here.
      yield* sleep(3);
      seen.push('slept past the deadline');
    });
    yield* sleep(0.5);
    yield* kill(waiter, new GreenletExit());
    yield* waiter.wait();
  });
  assert.deepEqual(seen, ['killed', 'listeners 0', 'slept past the deadline']);
});

test('H20: reading and writing at once is an AssertionError; neither is a TypeError', async () => {
  virtual();
  const errs = await run(function* () {
    const out: unknown[] = [];
    for (const opts of [{ read: true, write: true }, {}]) {
      try {
        yield* trampoline(3, opts);
      } catch (e) {
        out.push(e);
      }
    }
    return out;
  });
  assert.ok(errs[0] instanceof AssertionError);
  assert.equal((errs[0] as Error).message, 'not allowed to trampoline for reading and writing');
  assert.ok(errs[1] instanceof TypeError);
});

test('H13: trampoline from a timer callback is refused with "do not call blocking functions from the mainloop"', async () => {
  const r = virtual();
  await run(function* () {
    r.hub.scheduleCallGlobal(0, () => {
      trampoline(5, { read: true }).next();
    });
    yield* sleep(0);
  });
  assert.deepEqual(r.printed, ['Traceback: AssertionError: do not call blocking functions from the mainloop']);
});

test('H19/H20: a second simultaneous reader of one key is refused; its timeout is cancelled, the first keeps waiting', async () => {
  const { hub } = realtime();
  const key = new PassThrough();
  const out: string[] = [];
  await run(function* () {
    const first = spawn(function* () {
      yield* trampoline(key, { read: true });
      out.push('first woke');
    });
    yield* sleep(0);
    try {
      yield* trampoline(key, { read: true, timeout: 0.01 });
    } catch (e) {
      out.push((e as Error).message.split('.')[0]!);
    }
    // The refused call's 0.01 s timer must be gone: sleeping past it raises nothing here.
    yield* sleep(0.03);
    assert.equal(hub.listeners.count, 1);
    setImmediate(() => hub.listeners.ready(key, 'read'));
    yield* first.wait();
  });
  assert.deepEqual(out, ['Second simultaneous read on fileno <PassThrough> detected', 'first woke']);
});

test('H19: with hubPreventMultipleReaders(false) a second reader queues and is promoted when the first leaves', async () => {
  const { hub } = realtime();
  const key = 21;
  const out: string[] = [];
  try {
    await run(function* () {
      hubPreventMultipleReaders(false);
      const a = spawn(function* () {
        yield* trampoline(key, { read: true });
        out.push('a');
      });
      const b = spawn(function* () {
        yield* trampoline(key, { read: true });
        out.push('b');
      });
      yield* sleep(0);
      setImmediate(() => hub.listeners.ready(key, 'read'));
      yield* a.wait();
      assert.equal(hub.listeners.primary.read.size, 1);
      setImmediate(() => hub.listeners.ready(key, 'read'));
      yield* b.wait();
    });
  } finally {
    hub.listeners.preventMultipleReaders = true;
  }
  assert.deepEqual(out, ['a', 'b']);
});

test('H20/H6a: a key marked closed under its waiter raises IOClosed there and calls markAsClosed', async () => {
  const { hub } = virtual();
  const key = {};
  const out: string[] = [];
  await run(function* () {
    const waiter = spawn(function* () {
      try {
        yield* trampoline(key, { read: true, markAsClosed: () => out.push('marked') });
      } catch (e) {
        out.push(e instanceof IOClosed ? `IOClosed ${e.errno} ${e.message}` : String(e));
      }
    });
    yield* sleep(0);
    hub.listeners.markClosed(key);
    out.push('closed');
    // IOClosed is delivered at the next iteration's step (a); this 0-timer makes that iteration come now.
    yield* sleep(0);
    yield* waiter.wait();
  });
  assert.deepEqual(out, ['marked', 'closed', 'IOClosed ENOTCONN Operation on closed file']);
});

test('G4 guard: a listener collected before its thread left the trampoline does not resume it elsewhere', async () => {
  // Error readiness collects reader and writer (H19); the reader, run first, kills the writer, which catches
  // the kill and goes to sleep. The writer's collected callback then runs: it must not cut that sleep short.
  const { hub } = realtime();
  const key = {};
  const out: string[] = [];
  await run(function* () {
    let writer: GreenThread<void> | undefined;
    const reader = spawn(function* () {
      yield* trampoline(key, { read: true });
      out.push('reader woke');
      yield* kill(writer!, new GreenletExit());
    });
    writer = spawn(function* () {
      try {
        yield* trampoline(key, { write: true });
        out.push('writer woke');
      } catch (e) {
        out.push(e instanceof GreenletExit ? 'writer killed' : String(e));
      }
      const before = getHub().clock();
      yield* sleep(0.05);
      out.push(getHub().clock() - before >= 0.045 ? 'writer slept in full' : 'writer woken early');
    });
    yield* sleep(0);
    setImmediate(() => hub.listeners.ready(key, 'error'));
    yield* reader.wait();
    yield* writer.wait();
  });
  assert.deepEqual(out, ['reader woke', 'writer killed', 'writer slept in full']);
});

test('trampoline outside a green thread explains how to call it', () => {
  useHub(new Hub());
  assert.throws(() => trampoline(1, { read: true }).next(), /must run inside a green thread/);
  void suspend;
});
