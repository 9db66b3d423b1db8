/** Checkpoint assertions (issue #3): which green calls reach a switch point (G1, G3, G5, G9, E1, E3, H20). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError } from '../src/hub/index.js';
import { Event, GreenletExit, getcurrent, kill, sleep, spawn, suspend, switchTo, run, type Greenlet } from '../src/greenthread/index.js';
import { assertCheckpoints, assertNoCheckpoints, countCheckpoints } from '../src/greenthread/testing.js';
import { trampoline } from '../src/greenthread/trampoline.js';
import { virtual } from './helpers.js';

test('G3: sleep(0) reaches a switch point; assertCheckpoints passes it and returns the value', async () => {
  virtual();
  const v = await run(function* () {
    return yield* assertCheckpoints(function* () {
      yield* sleep(0);
      return 42;
    });
  });
  assert.equal(v, 42);
});

test('G1/E1: spawn and Event.send never yield; assertNoCheckpoints passes them', async () => {
  virtual();
  const v = await run(function* () {
    const ev = new Event<string>();
    return yield* assertNoCheckpoints(function* () {
      spawn(function* () {});
      ev.send('sent');
      return yield* ev.wait(); // E3: ready, so no yield
    });
  });
  assert.equal(v, 'sent');
});

test('assertCheckpoints fails a block that never switched', async () => {
  virtual();
  await assert.rejects(
    run(function* () {
      yield* assertCheckpoints(function* () {
        const ev = new Event<number>();
        ev.send(1);
        return yield* ev.wait();
      });
    }),
    (e: unknown) => e instanceof AssertionError && /never reached a switch point/.test(e.message),
  );
});

test('assertNoCheckpoints fails a block that suspended, and counts its switch points', async () => {
  virtual();
  await assert.rejects(
    run(function* () {
      yield* assertNoCheckpoints(function* () {
        yield* sleep(0);
        yield* sleep(0.5);
      });
    }),
    (e: unknown) => e instanceof AssertionError && e.message === 'assertNoCheckpoints: the block reached 2 switch points (it suspended or switched)',
  );
});

test('assertNoCheckpoints replaces the block\'s own error when the block switched first, keeping it as cause', async () => {
  virtual();
  const boom = new RangeError('boom');
  const err = await run(function* () {
    try {
      yield* assertNoCheckpoints(function* () {
        yield* sleep(0);
        throw boom;
      });
    } catch (e) {
      return e;
    }
    return undefined;
  });
  assert.ok(err instanceof AssertionError);
  assert.equal((err as Error & { cause?: unknown }).cause, boom);
});

test('errors of a block without switch points pass through both helpers unchanged', async () => {
  virtual();
  const boom = new RangeError('boom');
  const seen = await run(function* () {
    const out: unknown[] = [];
    for (const helper of [assertCheckpoints, assertNoCheckpoints]) {
      try {
        yield* helper(function* () {
          throw boom;
        });
      } catch (e) {
        out.push(e);
      }
    }
    return out;
  });
  assert.deepEqual(seen, [boom, boom]);
});

test('G5: a direct switch to another thread is a switch point; G9: kill always yields', async () => {
  virtual();
  const counts = await run(function* () {
    const main = getcurrent() as Greenlet;
    const other = spawn(function* () {
      yield* suspend();
      yield* switchTo(main, 'back'); // straight back to main, no hub pass
    });
    yield* sleep(0); // let it start and block
    const a = yield* countCheckpoints(function* () {
      const victim = spawn(function* () {
        yield* sleep(10);
      });
      yield* sleep(0);
      yield* kill(victim, new GreenletExit());
    });
    const b = yield* countCheckpoints(function* () {
      return yield* switchTo(other);
    });
    return [a.checkpoints, b.checkpoints, b.value];
  });
  assert.deepEqual(counts, [2, 1, 'back']);
});

test('H20: a trampoline that times out is a switch point, and the Timeout reaches the block unchanged', async () => {
  virtual();
  const out = await run(function* () {
    return yield* assertCheckpoints(function* () {
      try {
        yield* trampoline({}, { read: true, timeout: 0.1, timeoutExc: new RangeError('slow') });
        return 'ready';
      } catch (e) {
        return (e as Error).message;
      }
    });
  });
  assert.equal(out, 'slow');
});

test('the helpers take a generator object too, and refuse what is not green code', async () => {
  virtual();
  const v = await run(function* () {
    return yield* assertCheckpoints(sleep(0));
  });
  assert.equal(v, undefined);
  await assert.rejects(
    run(function* () {
      yield* assertNoCheckpoints((() => 5) as never);
    }),
    /needs a generator function/,
  );
});
