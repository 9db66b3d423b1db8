/** The timer schedule: order, staging, lazy cancel, compaction (H1-H4, H7, H8, H10, H11, D1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPACTION_THRESHOLD, LocalTimer, Timer, VirtualHub, useHub } from '../src/hub/index.js';
import { run, sleep, spawn } from '../src/greenthread/index.js';
import { recordWaits, virtual } from './helpers.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('D1/H5: timers fire in (deadline, sequence) order, checked against a sort', async () => {
  const { hub } = virtual();
  const random = rng(42);
  const fired: number[] = [];
  const made: Array<{ id: number; deadline: number; seq: number }> = [];
  await run(function* () {
    for (let i = 0; i < 5000; i++) {
      // Few distinct delays, so that ties are common; some zero, some negative.
      const delay = Math.floor(random() * 8) / 4 - 0.25;
      const t = hub.scheduleCallGlobal(delay, () => fired.push(i));
      made.push({ id: i, deadline: t.deadline, seq: t.seq });
    }
    yield* sleep(10);
  });
  const expected = [...made].sort((a, b) => a.deadline - b.deadline || a.seq - b.seq).map((t) => t.id);
  assert.deepEqual(fired, expected);
});

test('H2: scheduling never runs the callback or yields', async () => {
  const { hub } = virtual();
  const order: string[] = [];
  await run(function* () {
    hub.scheduleCallGlobal(0, () => order.push('timer'));
    order.push('after schedule');
    yield* sleep(0);
    order.push('after sleep');
  });
  assert.deepEqual(order, ['after schedule', 'timer', 'after sleep']);
});

test('H7: a timer added while firing waits for the next pass, even with delay 0', async () => {
  const { hub } = virtual();
  const passes: number[] = [];
  await run(function* () {
    hub.scheduleCallGlobal(0, () => {
      passes.push(hub.iterations);
      hub.scheduleCallGlobal(0, () => passes.push(hub.iterations));
      hub.scheduleCallGlobal(-1, () => passes.push(hub.iterations));
    });
    yield* sleep(1);
  });
  assert.equal(passes.length, 3);
  assert.equal(passes[1], passes[0]! + 1);
  assert.equal(passes[2], passes[0]! + 1);
});

test('H4: a timer runs at most once; cancel is idempotent and a no-op after firing', () => {
  const hub = new VirtualHub();
  let calls = 0;
  const t = new Timer(0, () => {
    calls++;
    t.call(); // re-entrant call: `called` is already set
  });
  hub.addTimer(t);
  t.call();
  t.call();
  assert.equal(calls, 1);
  const before = hub.schedule.canceled;
  t.cancel();
  assert.equal(hub.schedule.canceled, before, 'cancelling a fired timer reports nothing');
  const u = hub.scheduleCallGlobal(1, () => calls++);
  u.cancel();
  u.cancel();
  assert.equal(hub.schedule.canceled, before + 1);
  assert.equal(u.pending, false);
  hub.dispose();
});

test('H3: a timer calls back with exactly its arguments: none, one (an array stays one), several; hasArg finds them', () => {
  const hub = new VirtualHub();
  const calls: unknown[][] = [];
  const record = (...args: unknown[]): void => {
    calls.push(args);
  };
  const pair = [1, 2];
  const none = hub.scheduleCallGlobal(0, record);
  const one = hub.scheduleCallGlobal(0, record, pair);
  const several = hub.scheduleCallGlobal(0, record, 'a', pair, undefined);
  const single = Timer.single(0, record, undefined);
  assert.deepEqual([none.hasArg(undefined), one.hasArg(pair), one.hasArg(1), several.hasArg(pair), single.hasArg(undefined)], [false, true, false, true, true]);
  for (const t of [none, one, several, single]) t.call();
  assert.deepEqual(calls, [[], [pair], ['a', pair, undefined], [undefined]]);
  assert.equal(calls[1]![0], pair, 'the array itself, not a copy or its spread');
  assert.equal(one.hasArg(pair), false, 'a fired timer lets go of its arguments');
  hub.dispose();
});

test('H3: a local timer is skipped when its owner died; a global one always fires', async () => {
  virtual();
  const fired: string[] = [];
  await run(function* () {
    const owner = spawn(function* () {});
    yield* owner.wait();
    const hub = owner.hub;
    const local = new LocalTimer(owner, 0.5, () => fired.push('local'));
    hub.addTimer(local);
    hub.scheduleCallGlobal(0.5, () => fired.push('global'));
    const alive = spawn(function* () {
      hub.scheduleCallLocal(0.25, () => fired.push('local, owner alive'));
      yield* sleep(5);
    });
    yield* sleep(1);
    assert.equal(alive.dead, false);
  });
  assert.deepEqual(fired, ['local, owner alive', 'global']);
});

test('H8: one clock reading per pass: a timer that falls due during the pass waits', () => {
  class ManualHub extends VirtualHub {}
  const hub = new ManualHub();
  useHub(hub);
  const fired: string[] = [];
  hub.scheduleCallGlobal(1, () => {
    fired.push(`a@${hub.iterations}`);
    hub.time = 3; // the clock jumps while the pass is under way
  });
  hub.scheduleCallGlobal(2, () => fired.push(`b@${hub.iterations}`));
  hub.scheduleCallGlobal(5, () => fired.push(`c@${hub.iterations}`));
  // No main: the loop runs until nothing is left.
  hub.pump();
  assert.deepEqual(fired, ['a@2', 'b@3', 'c@4']);
  hub.dispose();
});

test('H10: a cancelled heap head still sets the wake time (2 s sleep over a cancelled 1 s timer)', async () => {
  const { hub } = virtual();
  const waits = recordWaits(hub);
  await run(function* () {
    const t = hub.scheduleCallGlobal(1, () => assert.fail('cancelled timer fired'));
    yield* sleep(0); // let it reach the heap
    t.cancel();
    yield* sleep(2);
  });
  assert.deepEqual(waits, [1, 1]);
});

test('H10: a cancelled timer still staged does not affect the wake time', async () => {
  const { hub } = virtual();
  const waits = recordWaits(hub);
  await run(function* () {
    hub.scheduleCallGlobal(1, () => assert.fail('cancelled timer fired')).cancel();
    yield* sleep(2);
  });
  assert.deepEqual(waits, [2]);
});

test('H11: compaction when more than 1000 entries are held and half are cancelled', () => {
  const hub = new VirtualHub();
  const timers: Timer[] = [];
  for (let i = 0; i < 1200; i++) timers.push(hub.scheduleCallGlobal(10 + i, () => {}));
  hub.schedule.prepare();
  for (let i = 0; i < 599; i++) timers[i]!.cancel();
  assert.equal(hub.schedule.size, 1200, '599 cancels leave every entry in place');
  timers[599]!.cancel();
  assert.equal(hub.schedule.size, 600, 'the 600th rebuilds the heap without them');
  assert.equal(hub.schedule.canceled, 0);
  assert.ok(COMPACTION_THRESHOLD === 1000);
  hub.dispose();
});

test('H11: compaction during a firing pass keeps the 0-timer FIFO consistent', async () => {
  const { hub } = virtual();
  const fired: number[] = [];
  await run(function* () {
    const zeros: Timer[] = [];
    for (let i = 0; i < 1500; i++) zeros.push(hub.scheduleCallGlobal(0, () => fired.push(i)));
    // The first callback cancels every odd timer, which compacts while the pass is running.
    hub.scheduleCallGlobal(-1, () => {
      for (let i = 1; i < zeros.length; i += 2) zeros[i]!.cancel();
    });
    yield* sleep(1);
  });
  assert.equal(fired.length, 750);
  assert.ok(fired.every((n, k) => n === 2 * k));
});

test('H1: negative delays are already due, NaN is a RangeError', async () => {
  const { hub } = virtual();
  assert.throws(() => hub.scheduleCallGlobal(Number.NaN, () => {}), RangeError);
  const order: string[] = [];
  await run(function* () {
    hub.scheduleCallGlobal(0, () => order.push('zero'));
    hub.scheduleCallGlobal(-5, () => order.push('minus five'));
    yield* sleep(-3);
    order.push('main');
    yield* sleep(1);
  });
  // Deadlines -5, -3 (main's sleep) and 0: a negative delay sorts before "now" (H1).
  assert.deepEqual(order, ['minus five', 'main', 'zero']);
});
