/** Promise interop and run(): N1, H15, and the real-time hub. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hub, startTracing, stopTracing, useHub } from '../src/hub/index.js';
import { awaitPromise, kill, run, sleep, spawn, GreenletExit } from '../src/greenthread/index.js';
import { virtual } from './helpers.js';

test('awaitPromise blocks a green thread until the Promise settles, for values and rejections', async () => {
  useHub(new Hub());
  const result = await run(function* () {
    const v = yield* awaitPromise(new Promise<number>((r) => setTimeout(() => r(7), 20)));
    let err: unknown;
    try {
      yield* awaitPromise(Promise.reject(new RangeError('rejected')));
    } catch (e) {
      err = e;
    }
    return [v, err instanceof RangeError];
  });
  assert.deepEqual(result, [7, true]);
});

test('a thread killed while awaiting a Promise is not resumed when it settles', async () => {
  useHub(new Hub());
  let resolve!: (v: string) => void;
  const events: string[] = [];
  await run(function* () {
    const waiter = spawn(function* () {
      try {
        events.push(yield* awaitPromise(new Promise<string>((r) => (resolve = r))));
      } catch (e) {
        events.push(e instanceof GreenletExit ? 'killed' : String(e));
      }
    });
    yield* sleep(0);
    yield* kill(waiter);
    resolve('too late');
    yield* sleep(0.02);
  });
  assert.deepEqual(events, ['killed']);
});

test('async code can await a green thread, and run() settles with main\'s outcome', async () => {
  useHub(new Hub());
  const gt = spawn(function* () {
    yield* sleep(0.01);
    return 'from green';
  });
  assert.equal(await gt, 'from green');
  (gt.hub as Hub).debugExceptions = false;
  const failing = spawn(function* () {
    throw new RangeError('nope');
  });
  await assert.rejects(Promise.resolve(failing), RangeError);
  useHub(new Hub());
  await assert.rejects(
    run(function* () {
      yield* sleep(0);
      throw new TypeError('main failed');
    }),
    TypeError,
  );
});

test('G6/G8: awaiting a running thread again and again links it once (one Promise per thread)', async () => {
  useHub(new Hub());
  const tracer = startTracing();
  try {
    const gt = spawn(function* () {
      yield* sleep(0.05);
      return 'done';
    });
    const pending = Symbol('pending');
    for (let i = 0; i < 50; i++) assert.equal(await Promise.race([gt, Promise.resolve(pending)]), pending);
    assert.equal(await gt, 'done');
    assert.equal(tracer.events.filter((e) => e.kind === 'link').length, 1);
  } finally {
    stopTracing();
  }
});

test('a virtual hub gives outside Promises a turn before moving its clock', async () => {
  const { hub } = virtual();
  const result = await run(function* () {
    spawn(function* () {
      yield* sleep(10);
    });
    const v = yield* awaitPromise(Promise.resolve('soon'));
    return [v, hub.clock()];
  });
  assert.deepEqual(result, ['soon', 0]);
});

test('run() refuses a second main on the same hub and starts fresh after the first ended', async () => {
  useHub(new Hub());
  const first = run(function* () {
    yield* sleep(1);
    return 1;
  });
  assert.throws(() => run(function* () {}), /a main green thread is already running/);
  assert.equal(await first, 1);
  assert.equal(await run(function* () {
    return 2;
  }), 2);
});
