/** Event: E1-E5, D2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError } from '../src/hub/index.js';
import { Event, GreenletExit, kill, sleep, spawn, spawnN } from '../src/greenthread/index.js';
import { vrun } from './helpers.js';

test('E1: send never yields, schedules one wake-up per waiter, and refuses a second send', async () => {
  const { trace } = await vrun(function* (r) {
    const ev = new Event<string>();
    for (const name of ['a', 'b']) {
      spawnN(function* () {
        r.log(`${name} got ${yield* ev.wait()}`);
      });
    }
    yield* sleep(0);
    const before = r.hub.iterations;
    ev.send('v');
    assert.equal(r.hub.iterations, before);
    r.log('sent');
    assert.throws(() => ev.send('again'), (e: unknown) => e instanceof AssertionError && e.message === 'Trying to re-send() an already-triggered event.');
    yield* sleep(0);
  });
  // D2: waiters wake in the order they started waiting.
  assert.deepEqual(trace.map((l) => l.slice(6)), ['sent', 'a got v', 'b got v']);
});

test('E2: a waiter killed between send and its wake-up is skipped', async () => {
  const { trace } = await vrun(function* (r) {
    const ev = new Event<string>();
    const victim = spawn(function* () {
      r.log(`victim got ${yield* ev.wait()}`);
    });
    spawnN(function* () {
      r.log(`other got ${yield* ev.wait()}`);
    });
    yield* sleep(0);
    ev.send('v');
    yield* kill(victim);
    yield* sleep(0);
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), ['other got v']);
});

test('E3: wait on a sent event returns without yielding; a timeout returns undefined and a later wait works', async () => {
  const { result } = await vrun(function* (r) {
    const ev = new Event<number>();
    const timedOut = yield* ev.wait(0.5);
    const at = r.hub.clock();
    spawnN(function* () {
      yield* sleep(1);
      ev.send(5);
    });
    const later = yield* ev.wait();
    const before = r.hub.iterations;
    const again = yield* ev.wait();
    return [timedOut, at, later, again, r.hub.iterations - before];
  });
  assert.deepEqual(result, [undefined, 0.5, 5, 5, 0]);
});

test('E4: sendException makes waits raise; hasException, hasResult and the poll family', async () => {
  await vrun(function* () {
    const ev = new Event<number>();
    assert.equal(ev.poll('not yet'), 'not yet');
    assert.equal(ev.pollResult(), undefined);
    ev.sendException(new RangeError('bad'));
    assert.equal(ev.hasException(), true);
    assert.equal(ev.hasResult(), false);
    assert.throws(() => ev.poll(), RangeError);
    assert.throws(() => ev.pollException(), RangeError);
    assert.equal(ev.pollResult('n/a'), 'n/a');
    let raised = false;
    try {
      yield* ev.wait();
    } catch (e) {
      raised = e instanceof RangeError;
    }
    assert.ok(raised);
    const ok = new Event<number>();
    ok.send(3);
    assert.equal(ok.hasResult(), true);
    assert.equal(ok.pollResult(), 3);
    assert.equal(ok.pollException('none'), 'none');
  });
});

test('E4: sendException() with no argument holds an exception all the same: waits raise GreenletExit', async () => {
  const { result } = await vrun(function* () {
    const ev = new Event<number>();
    ev.sendException();
    const out: unknown[] = [ev.hasException(), ev.hasResult()];
    for (const read of [() => ev.wait(), function* () { return ev.poll(); }]) {
      try {
        yield* read();
        out.push('returned');
      } catch (e) {
        out.push(e instanceof GreenletExit);
      }
    }
    return out;
  });
  assert.deepEqual(result, [true, false, true, true]);
});

test('E5: reset of a fresh event fails; reset makes a sent event unsent', () => {
  const ev = new Event<number>();
  assert.throws(() => ev.reset(), (e: unknown) => e instanceof AssertionError && e.message === 'Trying to re-reset() a fresh event.');
  ev.send(1);
  ev.reset();
  assert.equal(ev.ready(), false);
});
