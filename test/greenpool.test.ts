/** GreenPool, GreenPile, imap/starmap: P1–P6. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError, hubExceptions, SystemExit } from '../src/hub/index.js';
import { getcurrent, GreenletExit, GreenThread, sleep, spawn, withTimeout, type Green } from '../src/greenthread/index.js';
import { GreenPile, GreenPool } from '../src/greenthread/greenpool.js';
import { ValueError } from '../src/greenthread/semaphore.js';
import { vrun } from './helpers.js';

test('P1: a size is read as Python int() reads it; a negative one is a ValueError; resize takes any number (P4)', () => {
  assert.throws(() => new GreenPool(-1), (e: unknown) => e instanceof ValueError && e.message === 'GreenPool() expect size >= 0, actual: -1');
  assert.equal(new GreenPool(2.5).size, 2);
  assert.equal(new GreenPool('10' as unknown as number).size, 10);
  assert.throws(
    () => new GreenPool('ten' as unknown as number),
    (e: unknown) => e instanceof TypeError && e.message === "GreenPool() expect size :: int, actual: <class 'str'> invalid literal for int() with base 10: 'ten'",
  );
  assert.throws(
    () => new GreenPool(null as unknown as number),
    (e: unknown) => e instanceof TypeError && e.message === "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
  );
  assert.throws(() => new GreenPile(-2), ValueError);
  const pool = new GreenPool();
  assert.equal(pool.size, 1000);
  // eventlet's resize does no check: a negative size leaves the pool full (free() < 0) until it grows again.
  pool.resize(-1);
  assert.deepEqual([pool.size, pool.free()], [-1, -1]);
  assert.throws(() => pool.resize('2' as unknown as number), (e: unknown) => e instanceof TypeError && e.message === "unsupported operand type(s) for -: 'str' and 'int'");
  assert.equal(pool.size, -1);
});

test('P2: spawn takes a free slot without yielding; a full pool blocks spawners FIFO until a member finishes', async () => {
  const { trace } = await vrun(function* (r) {
    const pool = new GreenPool(1);
    const before = r.hub.iterations;
    const first = yield* pool.spawn(function* () {
      yield* sleep(1);
      r.log('first done');
    });
    assert.equal(r.hub.iterations, before);
    assert.ok(first instanceof GreenThread);
    for (const name of ['s1', 's2']) {
      spawn(function* () {
        r.log(`${name} spawning`);
        yield* pool.spawn(function* () {
          r.log(`${name}'s job runs`);
          yield* sleep(1);
        });
        r.log(`${name} spawned`);
      });
    }
    yield* sleep(0.5);
    assert.equal(pool.waiting(), 2);
    // Not waitall(): as in eventlet, a waitall begun while spawners are blocked waits on an Event that the
    // next spawn replaces, and never returns (see docs/primitives.md).
    yield* sleep(2.6);
    r.log(`all done, running=${pool.running()}`);
  });
  assert.deepEqual(trace, [
    '0.000 s1 spawning',
    '0.000 s2 spawning',
    '1.000 first done',
    '1.000 s1 spawned',
    "1.000 s1's job runs",
    '2.000 s2 spawned',
    "2.000 s2's job runs",
    '3.100 all done, running=0',
  ]);
});

test('P2: a member spawning into its own full pool runs the function inline and gets a finished GreenThread, never started nor dead (as eventlet)', async () => {
  const { result } = await vrun(function* () {
    const pool = new GreenPool(1);
    const gt = yield* pool.spawn(function* outer() {
      const me = getcurrent();
      let ranIn: unknown;
      const inner = yield* pool.spawn(function* (x: number) {
        ranIn = getcurrent();
        yield* sleep(0.1);
        return x * 2;
      }, 21);
      const innerResult = yield* inner.wait();
      let error = '';
      try {
        yield* pool.spawn(() => {
          throw new Error('inline failure');
        });
      } catch (e) {
        error = (e as Error).message;
      }
      return [ranIn === me, inner.dead, inner.started, innerResult, error, pool.running()];
    });
    return yield* gt.wait();
  });
  assert.deepEqual(result, [true, false, false, 42, 'inline failure', 1]);
});

test('P3: spawnN prints what escapes, lets GreenletExit end quietly, and frees the slot in every case', async () => {
  const { result, printed } = await vrun(function* () {
    const pool = new GreenPool(1);
    yield* pool.spawnN(() => {
      throw new Error('p1 failed');
    });
    yield* pool.spawnN(() => {
      throw new GreenletExit();
    });
    yield* pool.spawnN(function* () {
      yield* sleep(0);
    });
    yield* pool.waitall();
    hubExceptions(false); // H21: also silences the pool's own printing
    yield* pool.spawnN(() => {
      throw new Error('silenced');
    });
    yield* pool.waitall();
    hubExceptions(true);
    return [pool.free(), pool.running()];
  });
  assert.deepEqual(result, [1, 0]);
  assert.deepEqual(printed, ['Traceback: Error: p1 failed']);
});

test('P3: SystemExit escaping a pool spawnN thread is not swallowed', async () => {
  const { result } = await vrun(function* () {
    const pool = new GreenPool(2);
    yield* pool.spawnN(() => {
      throw new SystemExit(3);
    });
    try {
      yield* sleep(1);
      return 'not interrupted';
    } catch (e) {
      return [e instanceof SystemExit && e.code, pool.free()];
    }
  });
  assert.deepEqual(result, [3, 2]);
});

test("P3: run inline by a member of its full pool, spawnN drops even GreenletExit and SystemExit (eventlet's finally: return)", async () => {
  const { result, printed } = await vrun(function* () {
    const pool = new GreenPool(1);
    const seen: string[] = [];
    yield* pool.spawn(function* () {
      for (const fail of [() => { throw new GreenletExit('bye'); }, () => { throw new SystemExit(3); }, () => { throw new Error('printed'); }]) {
        try {
          yield* pool.spawnN(fail);
          seen.push('returned');
        } catch (e) {
          seen.push(`raised ${(e as Error).name}`);
        }
      }
    });
    yield* pool.waitall();
    return [seen, pool.free()];
  });
  assert.deepEqual(result, [['returned', 'returned', 'returned'], 1]);
  assert.deepEqual(printed, ['Traceback: Error: printed']);
});

test('P4: running, free, waiting; resize adds the difference and never kills (free goes negative)', async () => {
  const { result } = await vrun(function* () {
    const pool = new GreenPool(3);
    for (let i = 0; i < 3; i++) yield* pool.spawn(sleep, 1);
    const out: unknown[] = [pool.running(), pool.free()];
    pool.resize(1);
    out.push(pool.size, pool.free(), pool.running());
    yield* pool.waitall();
    out.push(pool.free(), pool.running());
    pool.resize(2);
    out.push(pool.free());
    return out;
  });
  assert.deepEqual(result, [3, 0, 1, -2, 3, 1, 0, 2]);
});

test('P5: waitall returns at once when idle, and from a member is an AssertionError', async () => {
  const { result } = await vrun(function* (r) {
    const pool = new GreenPool(4);
    const before = r.hub.iterations;
    yield* pool.waitall();
    const idleIterations = r.hub.iterations - before;
    const gt = yield* pool.spawn(function* () {
      try {
        yield* pool.waitall();
        return 'returned';
      } catch (e) {
        return e instanceof AssertionError ? e.message : String(e);
      }
    });
    const message = yield* gt.wait();
    return [idleIterations, message];
  });
  assert.deepEqual(result, [0, "Calling waitall() from within one of the GreenPool's greenthreads will never terminate."]);
});

test('P6: imap yields results in input order whatever the completion order; an error is raised at its turn', async () => {
  const { result, trace } = await vrun(function* (r) {
    const pool = new GreenPool(2);
    function* work(i: number, delay: number): Green<number> {
      yield* sleep(delay);
      r.log(`work ${i} done`);
      return i * 10;
    }
    const values = yield* pool.imap(work, [0, 1, 2, 3], [0.3, 0.1, 0.2, 0.05], ['extra', 'args', 'ignored', 'by', 'zip']).toArray();
    const it = pool.imap((i: number) => {
      if (i === 1) throw new RangeError('bad item 1');
      return i;
    }, [0, 1, 2]);
    const seen: unknown[] = [];
    try {
      for (let x = yield* it.next(); !x.done; x = yield* it.next()) seen.push(x.value);
    } catch (e) {
      seen.push((e as Error).message);
    }
    const pairs = yield* pool.starmap(null, [[1, 2], [3, 4]]).toArray();
    const sums = yield* pool.starmap((a: number, b: number) => a + b, [[1, 2], [3, 4]]).toArray();
    const empty = pool.imap((x: number) => x, []);
    const done = yield* empty.next();
    // P6: the end is reported once; as in eventlet, reading on waits for a result that never comes.
    const again = yield* withTimeout({ seconds: 1, timeoutValue: 'still waiting' }, () => empty.next());
    return [values, seen, pairs, sums, done.done, again];
  });
  assert.deepEqual(result, [[0, 10, 20, 30], [0, 'bad item 1'], [[1, 2], [3, 4]], [3, 7], true, 'still waiting']);
  // Work finished out of order (and only two at a time), yet values came back in order.
  assert.deepEqual(trace.slice(0, 4), ['0.100 work 1 done', '0.300 work 0 done', '0.300 work 2 done', '0.350 work 3 done']);
});

test('P6: imap/starmap reject what is not iterable', () => {
  const pool = new GreenPool(2);
  assert.throws(() => pool.imap((x: number) => x, 5 as unknown as number[]), (e: unknown) => e instanceof TypeError && /needs iterables/.test(e.message));
  assert.throws(() => pool.starmap(null, null as unknown as number[][]), TypeError);
});

test('GreenPile: results come back in spawn order; on a shared pool it respects the pool limit', async () => {
  const { result } = await vrun(function* (r) {
    const pool = new GreenPool(2);
    const pile = new GreenPile<string>(pool);
    let peak = 0;
    for (const [name, delay] of [['a', 0.3], ['b', 0.1], ['c', 0.2]] as const) {
      yield* pile.spawn(function* () {
        peak = Math.max(peak, pool.running());
        yield* sleep(delay);
        return name;
      });
    }
    const names = yield* pile.toArray();
    const end = yield* pile.next();
    const standalone = new GreenPile<number>(3);
    yield* standalone.spawn(() => 1);
    yield* standalone.spawn(() => {
      throw new Error('second failed');
    });
    const first = yield* standalone.next();
    let err = '';
    try {
      yield* standalone.next();
    } catch (e) {
      err = (e as Error).message;
    }
    return [names, end.done, peak, first.value, err, standalone.counter, r.hub.clock().toFixed(3)];
  });
  assert.deepEqual(result, [['a', 'b', 'c'], true, 2, 1, 'second failed', 0, '0.300']);
});
