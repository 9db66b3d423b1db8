/** Timeout and withTimeout: T1–T5. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError, BaseException } from '../src/hub/index.js';
import { sleep, spawn } from '../src/greenthread/index.js';
import { isTimeout, Timeout, withTimeout } from '../src/greenthread/timeout.js';
import { vrun } from './helpers.js';

class TooSlow extends Error {
  constructor(message = 'too slow') {
    super(message);
    this.name = 'TooSlow';
  }
}

test('T1: a Timeout starts at construction and raises itself in its creator at the next suspension', async () => {
  const { result } = await vrun(function* (r) {
    const t = new Timeout(1);
    const pendingAtStart = t.pending;
    try {
      yield* sleep(5);
      return 'not interrupted';
    } catch (e) {
      return [e === t, pendingAtStart, t.pending, r.hub.clock()];
    }
  });
  assert.deepEqual(result, [true, true, false, 1]);
});

test('T1: an exc object is raised instead of the Timeout; an exc class is instantiated when it fires', async () => {
  const { result } = await vrun(function* () {
    const out: string[] = [];
    const given = new TooSlow('given');
    new Timeout(0.5, given);
    try {
      yield* sleep(1);
    } catch (e) {
      out.push(e === given ? 'the given object' : String(e));
    }
    new Timeout(0.5, TooSlow);
    try {
      yield* sleep(1);
    } catch (e) {
      out.push(e instanceof TooSlow ? `a new ${e.name}: ${e.message}` : String(e));
    }
    return out;
  });
  assert.deepEqual(result, ['the given object', 'a new TooSlow: too slow']);
});

test('T1: null seconds never fires; starting a pending Timeout is an AssertionError; cancel then start re-arms', async () => {
  const { result } = await vrun(function* (r) {
    const never = new Timeout(null);
    yield* sleep(100);
    const t = new Timeout(1);
    assert.throws(
      () => t.start(),
      (e: unknown) => e instanceof AssertionError && /is already started; to restart it, cancel it first$/.test(e.message),
    );
    t.cancel();
    t.cancel(); // idempotent
    t.start();
    try {
      yield* sleep(2);
    } catch (e) {
      return [never.pending, e === t, r.hub.clock()];
    }
    return 'not fired';
  });
  assert.deepEqual(result, [false, true, 101]);
});

test('T1: bad input: a non-number delay is a TypeError; a delay outside any green program is refused', async () => {
  assert.throws(() => new Timeout('1' as unknown as number), (e: unknown) => e instanceof TypeError && /delay in seconds as a number/.test(e.message));
  assert.throws(() => new Timeout(1), (e: unknown) => e instanceof Error && /inside a green thread/.test(e.message));
  assert.equal(new Timeout(null).pending, false); // a Timeout that never fires is fine anywhere
});

test('T2: Timeout is a BaseException: the catch-your-own-errors idiom lets it through', async () => {
  const { result } = await vrun(function* () {
    const handled: string[] = [];
    function* fetchish(): Generator<any, string, any> {
      try {
        yield* sleep(10);
        throw new TooSlow('not this one');
      } catch (e) {
        // The port of `except Exception:` (docs/primitives.md).
        if (e instanceof BaseException) throw e;
        handled.push(String(e));
        return 'recovered';
      }
    }
    const t = new Timeout(1);
    try {
      return yield* fetchish();
    } catch (e) {
      return [t instanceof BaseException, e === t, handled.length];
    }
  });
  assert.deepEqual(result, [true, true, 0]);
});

test('T2: an uncancelled Timeout fires later, wherever its creator is suspended; its creator gone, the hub prints it', async () => {
  const { result, printed } = await vrun(function* (r) {
    const t = new Timeout(1);
    yield* sleep(0.5); // "the guarded block" ends without cancelling
    let caughtAt = -1;
    try {
      yield* sleep(5); // unrelated code, later
    } catch (e) {
      if (e !== t) throw e;
      caughtAt = r.hub.clock();
    }
    const gt = spawn(function* () {
      new Timeout(1); // never cancelled; the thread ends first
      return 'done';
    });
    const v = yield* gt.wait();
    yield* sleep(2);
    return [caughtAt, v];
  });
  assert.deepEqual(result, [1, 'done']);
  assert.deepEqual(printed, ['Traceback: Timeout: 1 second']);
});

test('T3: guard with exc false swallows its own Timeout; it always cancels on the way out', async () => {
  const { result } = await vrun(function* (r) {
    let reached = false;
    const silent = yield* Timeout.guard(
      1,
      function* () {
        yield* sleep(2);
        reached = true;
        return 'finished';
      },
      { exc: false },
    );
    const leftAt = r.hub.clock();
    const t = new Timeout(5);
    const value = yield* t.guard(function* (self) {
      assert.equal(self, t);
      yield* sleep(1);
      return 'in time';
    });
    const pendingAfter = t.pending;
    yield* sleep(10); // would be hit if the guard had not cancelled
    return [silent, reached, leftAt, value, pendingAfter];
  });
  assert.deepEqual(result, [undefined, false, 1, 'in time', false]);
});

test('T3: exc true raises the Timeout itself and the guard does not swallow it; a cancelled Timeout re-arms on entry', async () => {
  const { result } = await vrun(function* (r) {
    const out: unknown[] = [];
    try {
      yield* Timeout.guard(1, function* () { yield* sleep(2); }, { exc: true });
    } catch (e) {
      out.push(e instanceof Timeout && (e as Timeout).exc === true);
    }
    const t = new Timeout(1, false);
    t.cancel();
    yield* sleep(3); // cancelled: nothing fires
    yield* t.guard(function* () { yield* sleep(10); }); // re-armed on entry: fires 1 s in, swallowed
    out.push(r.hub.clock());
    out.push(yield* Timeout.guard(1, () => 'plain function body'));
    return out;
  });
  assert.deepEqual(result, [true, 5, 'plain function body']);
});

test('T4: a silent guard passes an outer Timeout through, and firing first leaves the outer one pending', async () => {
  const { result } = await vrun(function* (r) {
    const out: unknown[] = [];
    let outer = new Timeout(1);
    try {
      yield* Timeout.guard(2, function* () { yield* sleep(3); }, { exc: false });
      out.push('not reached');
    } catch (e) {
      out.push(['outer went through', e === outer, r.hub.clock()]);
    }
    outer = new Timeout(2);
    yield* Timeout.guard(1, function* () { yield* sleep(3); }, { exc: false });
    out.push(['inner fired first', outer.pending]);
    try {
      yield* sleep(3);
    } catch (e) {
      out.push(['outer fired later', e === outer, r.hub.clock()]);
    }
    new Timeout(0);
    try {
      yield* sleep(0);
      out.push('sleep(0) won');
    } catch (e) {
      out.push(isTimeout(e) ? 'Timeout(0) beat sleep(0)' : String(e));
    }
    return out;
  });
  assert.deepEqual(result, [
    ['outer went through', true, 1],
    ['inner fired first', true],
    ['outer fired later', true, 3],
    'Timeout(0) beat sleep(0)',
  ]);
});

test('T5: withTimeout returns the value, or timeoutValue for its own Timeout, and re-raises anything else', async () => {
  const { result } = await vrun(function* () {
    function* slow(secs: number, value = 'done'): Generator<any, string, any> {
      yield* sleep(secs);
      return value;
    }
    const out: unknown[] = [];
    out.push(yield* withTimeout(2, slow, 1, 'fast'));
    out.push(yield* withTimeout({ seconds: 1, timeoutValue: null }, slow, 2));
    try {
      yield* withTimeout(1, slow, 2);
    } catch (e) {
      out.push(`raised ${(e as Timeout).message}`);
    }
    const outer = new Timeout(0.5);
    try {
      yield* withTimeout({ seconds: 3, timeoutValue: 'inner' }, slow, 2);
    } catch (e) {
      out.push(e === outer ? 'outer passed through' : 'wrong');
    } finally {
      outer.cancel();
    }
    try {
      yield* withTimeout(1, () => {
        throw new TooSlow('own error');
      });
    } catch (e) {
      out.push((e as Error).message);
    }
    yield* sleep(5); // every inner Timeout was cancelled
    return out;
  });
  assert.deepEqual(result, ['fast', null, 'raised 1 second', 'outer passed through', 'own error']);
});

test("T5: str() is '' for null, then '1 second', '2 seconds', ' (silent)' or ' (<exc>)'", async () => {
  await vrun(function* () {
    const texts = [
      new Timeout(null),
      new Timeout(1),
      new Timeout(2),
      new Timeout(0.5, false),
      new Timeout(1, true),
      new Timeout(3, new TooSlow('slow!')),
    ].map((t) => {
      const m = t.message;
      t.cancel();
      return m;
    });
    assert.deepEqual(texts, ['', '1 second', '2 seconds', '0.5 seconds (silent)', '1 second', '3 seconds (slow!)']);
    assert.equal(isTimeout({ isTimeout: true }), true);
    assert.equal(isTimeout(new Error('x')), false);
  });
});
