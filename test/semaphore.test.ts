/** Semaphore, BoundedSemaphore, CappedSemaphore: S1–S5. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, spawn, spawnN } from '../src/greenthread/index.js';
import { BoundedSemaphore, CappedSemaphore, Semaphore, ValueError } from '../src/greenthread/semaphore.js';
import { Timeout } from '../src/greenthread/timeout.js';
import { vrun } from './helpers.js';

function raises(fn: () => unknown, cls: new (...a: any[]) => Error, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test("S1: the value is read as Python's int() reads it; what int() refuses is a TypeError, a negative value a ValueError", () => {
  raises(() => new Semaphore(-1), ValueError, 'Semaphore() expect value >= 0, actual: -1');
  raises(() => new BoundedSemaphore(-3), ValueError, 'Semaphore() expect value >= 0, actual: -3');
  assert.equal(new Semaphore(1.5).counter, 1);
  assert.equal(new Semaphore(-0.5).counter, 0); // int(-0.5) is 0: not negative
  assert.equal(new Semaphore(' 2 ' as unknown as number).counter, 2);
  assert.equal(new Semaphore(true as unknown as number).counter, 1);
  raises(() => new Semaphore('x' as unknown as number), TypeError, "Semaphore() expect value :: int, actual: <class 'str'> invalid literal for int() with base 10: 'x'");
  raises(() => new Semaphore(Number.NaN), TypeError, "Semaphore() expect value :: int, actual: <class 'float'> cannot convert float NaN to integer");
  raises(() => new Semaphore(null as unknown as number), TypeError, "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  assert.equal(new CappedSemaphore(2.5, 4).balance, 1); // Semaphore(2.5) and Semaphore(1.5): 2 - 1
  assert.ok(new ValueError('x') instanceof RangeError);
  assert.equal(new Semaphore().counter, 1);
});

test('S1: acquire with a free unit and nobody queued takes it without yielding; locked and balance', async () => {
  await vrun(function* (r) {
    const sem = new Semaphore(2);
    const before = r.hub.iterations;
    assert.equal(yield* sem.acquire(), true);
    assert.equal(yield* sem.acquire(), true);
    assert.equal(r.hub.iterations, before);
    assert.equal(sem.locked(), true);
    spawnN(function* () { yield* sem.acquire(); });
    yield* sleep(0);
    assert.equal(sem.balance, -1);
    assert.equal(sem.counter, 0);
    assert.equal(String(sem), '<Semaphore c=0 _w[1]>');
  });
});

test('S2: blocked acquirers are served strictly FIFO; release wakes the head by a 0-timer, not at once', async () => {
  const { trace } = await vrun(function* (r) {
    const sem = new Semaphore(0);
    for (const name of ['a', 'b', 'c', 'd']) {
      spawnN(function* () {
        yield* sem.acquire();
        r.log(`${name} in`);
      });
    }
    yield* sleep(0);
    sem.release();
    r.log('released one');
    sem.release();
    sem.release();
    sem.release();
    yield* sleep(0);
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), ['released one', 'a in', 'b in', 'c in', 'd in']);
});

test('S2: a blocking acquire queues behind waiters even when a unit is free, and yields at least once', async () => {
  const { result } = await vrun(function* (r) {
    const sem = new Semaphore(0);
    const order: string[] = [];
    spawnN(function* () {
      yield* sem.acquire();
      order.push('queued first');
    });
    yield* sleep(0);
    sem.release(); // counter 1, but "queued first" is waiting
    const before = r.hub.iterations;
    spawnN(function* () {
      order.push('helper ran');
      sem.release();
    });
    yield* sem.acquire();
    order.push('main');
    return [order, r.hub.iterations > before];
  });
  assert.deepEqual(result, [['queued first', 'helper ran', 'main'], true]);
});

test('S3: non-blocking and timed acquires barge past the queue; the head is then not woken and keeps waiting', async () => {
  const { result } = await vrun(function* (r) {
    const sem = new Semaphore(0);
    const log: string[] = [];
    spawnN(function* () {
      yield* sem.acquire();
      log.push(`head in at ${r.hub.clock()}`);
    });
    yield* sleep(0);
    sem.release();
    log.push(`barge ${yield* sem.acquire({ blocking: false })}`); // takes the unit before the wake-up fires
    yield* sleep(1);
    log.push(`balance ${sem.balance}`);
    sem.release();
    log.push(`timed barge ${yield* sem.acquire({ timeout: 5 })}`);
    log.push(`tryAcquire ${sem.tryAcquire()}`);
    sem.release();
    yield* sleep(1);
    return log;
  });
  assert.deepEqual(result, ['barge true', 'balance -1', 'timed barge true', 'tryAcquire false', 'head in at 1']);
});

test('S3: a timed acquire returns false after the timeout; -1 means no timeout; bad combinations are ValueErrors', async () => {
  const { result } = await vrun(function* (r) {
    const sem = new Semaphore(0);
    const out: unknown[] = [];
    out.push(yield* sem.acquire({ timeout: 0.5 }), r.hub.clock(), sem.balance);
    out.push(yield* sem.acquire(false));
    spawnN(function* () {
      yield* sleep(3);
      sem.release();
    });
    out.push(yield* sem.acquire({ timeout: -1 }), r.hub.clock());
    for (const bad of [() => sem.acquire({ timeout: -2 }), () => sem.acquire(false, 1), () => sem.acquire({ blocking: false, timeout: 0 })]) {
      try {
        yield* bad();
        out.push('accepted');
      } catch (e) {
        out.push(e instanceof ValueError ? e.message : String(e));
      }
    }
    try {
      yield* sem.acquire({ timeout: 'soon' as unknown as number });
    } catch (e) {
      out.push(e instanceof TypeError);
    }
    return out;
  });
  assert.deepEqual(result, [
    false, 0.5, 0,
    false,
    true, 3.5,
    'timeout value must be strictly positive',
    "can't specify timeout for non-blocking acquire",
    "can't specify timeout for non-blocking acquire",
    true,
  ]);
});

test('S3: a timed acquire that is killed or hit by an outer Timeout leaves the queue', async () => {
  const { result } = await vrun(function* () {
    const sem = new Semaphore(0);
    const outer = new Timeout(1);
    try {
      yield* sem.acquire({ timeout: 5 });
    } catch (e) {
      assert.equal(e, outer);
    }
    const gt = spawn(function* () { return yield* sem.acquire(); });
    yield* sleep(0);
    const balanceWhileQueued = sem.balance;
    yield* gt.kill();
    return [balanceWhileQueued, sem.balance];
  });
  assert.deepEqual(result, [-1, 0]);
});

test('S4: releasing a BoundedSemaphore at its initial value is a ValueError', async () => {
  await vrun(function* () {
    const b = new BoundedSemaphore(2);
    raises(() => b.release(), ValueError, 'Semaphore released too many times');
    yield* b.acquire();
    assert.equal(b.release(), true);
    raises(() => b.release(), ValueError, 'Semaphore released too many times');
    assert.equal(b.counter, 2);
  });
});

test('S5: CappedSemaphore blocks acquire at 0 and release at the limit; non-blocking forms return false', async () => {
  const { result, trace } = await vrun(function* (r) {
    raises(() => new CappedSemaphore(-1, 2), ValueError, 'CappedSemaphore must be initialized with a positive number, got -1');
    raises(() => new CappedSemaphore(3, 2), ValueError, "'count' cannot be more than 'limit'");
    raises(() => new CappedSemaphore(1, null as unknown as number), TypeError, /expect limit :: int/);
    const c = new CappedSemaphore(1, 2);
    const out: unknown[] = [c.balance, c.locked(), c.bounded()];
    out.push(yield* c.release());
    out.push(yield* c.release(false), c.bounded());
    spawnN(function* () {
      r.log('rel: blocking release');
      yield* c.release();
      r.log('rel: released');
    });
    yield* sleep(0.5);
    out.push(c.balance);
    out.push(yield* c.acquire());
    yield* sleep(0);
    out.push(c.balance);
    out.push(yield* c.acquire(false), yield* c.acquire(false), yield* c.acquire(false));
    out.push(yield* c.release());
    const value = yield* c.guard(function* () {
      yield* sleep(0);
      return 'guarded';
    });
    out.push(value, c.balance);
    return out;
  });
  // The same numbers the real eventlet prints for this sequence.
  assert.deepEqual(result, [0, false, false, true, false, true, 4, true, 2, true, true, false, true, 'guarded', 0]);
  assert.deepEqual(trace.map((l) => l.slice(6)), ['rel: blocking release', 'rel: released']);
});

test('Semaphore.guard releases however the body ends', async () => {
  const { result } = await vrun(function* () {
    const sem = new Semaphore(1);
    try {
      yield* sem.guard(function* () {
        yield* sleep(0);
        throw new Error('boom');
      });
    } catch (e) {
      assert.equal((e as Error).message, 'boom');
    }
    return [sem.counter, yield* sem.guard(() => 7), sem.counter];
  });
  assert.deepEqual(result, [1, 7, 1]);
});
