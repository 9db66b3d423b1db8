/** The timer schedule: order, staging, lazy cancel, compaction (H1-H4, H7, H8, H10, H11, D1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPACTION_THRESHOLD, Hub, LocalTimer, RESERVE_BATCH, Timer, VirtualHub, useHub } from '../src/hub/index.js';
import { Event, run, sleep, spawn } from '../src/greenthread/index.js';
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

/**
 * A workload for the reserve (schedule.ts): large batches with many ties, cancellations before and after the
 * prepare step (a cancelled earliest timer included, H10), callbacks that add small and large batches while
 * the reserve is still full, and enough cancelling to compact (H11). Returns everything observable: each
 * firing with the clock, each wait, the number of passes.
 */
async function reserveWorkload(reserveBatch: number): Promise<string[]> {
  const { hub } = virtual();
  hub.schedule.reserveBatch = reserveBatch;
  const waits = recordWaits(hub);
  const random = rng(7);
  const log: string[] = [];
  const timers: Timer[] = [];
  const compactions: boolean[] = [];
  let next = 0;
  const add = (delay: number): void => {
    const id = next++;
    timers.push(
      hub.scheduleCallGlobal(delay, () => {
        log.push(`${id} at ${hub.clock()}`);
        const r = random();
        if (r < 0.05) timers[Math.floor(random() * timers.length)]!.cancel();
        else if (r < 0.08) add(Math.floor(random() * 20) / 10 - 0.3);
        if (log.length === 500) for (let i = 0; i < 5000; i++) add(Math.floor(random() * 300) / 100);
      }),
    );
  };
  await run(function* () {
    for (let i = 0; i < 6000; i++) add(Math.floor(random() * 400) / 100 - 0.05);
    for (let i = 0; i < 100; i++) add(5 + i * 0.0137); // sparse: a cancelled one among them shows in the waits
    for (let i = 0; i < 6000; i += 7) timers[i]!.cancel(); // still staged
    let earliest = timers[0]!;
    for (const t of timers) if (t.pending && t.deadline < earliest.deadline) earliest = t;
    yield* sleep(0); // now in the heap or the reserve
    earliest.cancel();
    for (let i = 1; i < 6000; i += 3) timers[i]!.cancel();
    for (let i = 6000; i < 6100; i += 2) timers[i]!.cancel();
    yield* sleep(0.5);
    // Past half of what is held: compaction (H11) while the reserve still holds the later timers.
    const compacted = hub.schedule.size;
    for (let i = 0; i < timers.length; i++) if (i % 3 !== 1) timers[i]!.cancel();
    compactions.push(hub.schedule.size <= compacted * 0.6);
    yield* sleep(10);
  });
  log.push(`waits ${waits.join(' ')}`, `passes ${hub.iterations}`, `held ${hub.schedule.size}`);
  log.push(`canceled ${hub.schedule.canceled}`, `compacted ${compactions.join(' ')}`);
  return log;
}

test('reserve: large batches fire exactly as through the heap alone: firings, clock, waits, passes (D1, H7, H8, H10, H11)', async () => {
  const plain = await reserveWorkload(Infinity);
  assert.ok(plain.length > 2000, `the workload fires thousands of timers (${plain.length} lines)`);
  assert.ok(plain.includes('compacted true'), 'and compacts while the reserve holds timers');
  assert.deepEqual(await reserveWorkload(RESERVE_BATCH), plain);
  assert.deepEqual(await reserveWorkload(2), plain, 'every staged batch through the reserve');
});

test('reserve: on the real clock, a 20,000-timer storm fires in (deadline, seq) order, none early, none lost', async () => {
  const hub = new Hub();
  useHub(hub);
  const random = rng(11);
  const fired: Array<{ t: Timer; at: number }> = [];
  await run(function* () {
    for (let i = 0; i < 20_000; i++) {
      const t: Timer = hub.scheduleCallGlobal(random() * 0.2, () => fired.push({ t, at: hub.clock() }));
    }
    assert.ok(hub.schedule.staged.length >= RESERVE_BATCH, 'the batch is large enough for the reserve');
    yield* sleep(0);
    assert.ok(hub.schedule.reserveLeft > 10_000, 'most of it waits in the reserve');
    yield* sleep(0.25);
  });
  assert.equal(fired.length, 20_000);
  for (let i = 0; i < fired.length; i++) {
    const { t, at } = fired[i]!;
    assert.ok(at >= t.deadline, `timer ${t.seq} fired ${t.deadline - at} s early`);
    if (i > 0) assert.ok(earlierThan(fired[i - 1]!.t, t), `timer ${t.seq} fired after a later one`);
  }
  assert.equal(hub.schedule.size, 0);
});

function earlierThan(a: Timer, b: Timer): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

test('reserve: H6e/H10: the hub wakes for the earliest reserved timer, cancelled or not, with nothing in the heap', async () => {
  const { hub } = virtual();
  const waits = recordWaits(hub);
  let fired = 0;
  const done = new Event<void>();
  await run(function* () {
    const first = hub.scheduleCallGlobal(10, () => assert.fail('cancelled timer fired'));
    for (let i = 0; i < RESERVE_BATCH - 1; i++) {
      hub.scheduleCallGlobal(20 + i / 1000, () => {
        if (++fired === RESERVE_BATCH - 1) done.send();
      });
    }
    yield* sleep(0);
    assert.equal(hub.schedule.reserveLeft, RESERVE_BATCH, 'the whole batch waits in the reserve');
    first.cancel();
    yield* done.wait(); // no timer of main's own: the heap stays empty
  });
  assert.equal(fired, RESERVE_BATCH - 1);
  assert.deepEqual(waits.slice(0, 2), [10, 10], 'a wake at the cancelled 10 s timer, then at the first live one');
});

test('reserve: timers due at Infinity are held and fired as through the heap alone (H1, H6e)', async () => {
  const firings = async (reserveBatch: number): Promise<string[]> => {
    const { hub } = virtual();
    hub.schedule.reserveBatch = reserveBatch;
    const waits = recordWaits(hub);
    const done = new Event<void>();
    let fired = 0;
    await run(function* () {
      hub.scheduleCallGlobal(5, () => {});
      yield* sleep(0);
      // A batch due only at Infinity: nothing of it is ever within a draw's horizon of a finite clock.
      for (let i = 0; i < RESERVE_BATCH; i++) {
        hub.scheduleCallGlobal(Infinity, () => {
          if (++fired === RESERVE_BATCH) done.send();
        });
      }
      yield* done.wait(); // no timer of main's own: the heap empties once the 5 s timer fires
    });
    return [`fired ${fired}`, `waits ${waits.join(' ')}`, `clock ${hub.clock()}`];
  };
  const plain = await firings(Infinity);
  assert.deepEqual(plain, [`fired ${RESERVE_BATCH}`, 'waits 5 Infinity', 'clock Infinity']);
  assert.deepEqual(await firings(RESERVE_BATCH), plain);
});
