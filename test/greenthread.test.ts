/** Green threads: G1-G12, N1, D3, and bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError, exceptionChain, SystemExit } from '../src/hub/index.js';
import {
  cancel,
  Event,
  getcurrent,
  Greenlet,
  GreenletExit,
  GreenThread,
  HUB,
  kill,
  Queue,
  run,
  Semaphore,
  sleep,
  spawn,
  spawnAfter,
  spawnAfterLocal,
  spawnN,
  switchTo,
  throwTo,
  suspend,
  withTimeout,
  type Green,
} from '../src/greenthread/index.js';
import { virtual, vrun } from './helpers.js';

test('G1: spawn only schedules; spawned threads start in call order ahead of the spawner\'s sleep(0)', async () => {
  const { trace } = await vrun(function* (r) {
    const body = function* (name: string) {
      r.log(`${name} 0`);
      yield* sleep(0);
      r.log(`${name} 1`);
    };
    spawn(body, 'A');
    spawn(body, 'B');
    r.log('main spawned');
    yield* sleep(0);
    r.log('main 0');
    yield* sleep(0);
    r.log('main 1');
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), ['main spawned', 'A 0', 'B 0', 'main 0', 'A 1', 'B 1', 'main 1']);
});

test('G2: spawnN makes a bare greenlet; spawnAfter uses a global timer; spawnAfterLocal dies with its spawner', async () => {
  const { trace } = await vrun(function* (r) {
    const n = spawnN(function* () {
      r.log('n ran');
    });
    assert.ok(n instanceof Greenlet && !(n instanceof GreenThread));
    const spawner = spawn(function* () {
      spawnAfter(1, function* () {
        r.log('global ran');
      });
      spawnAfterLocal(1, function* () {
        r.log('local ran (not expected)');
      });
    });
    yield* spawner.wait();
    const alive = spawn(function* () {
      spawnAfterLocal(1, function* () {
        r.log('local of a live spawner ran');
      });
      yield* sleep(5);
    });
    void alive;
    yield* sleep(3);
  });
  assert.deepEqual(trace, ['0.000 n ran', '1.000 global ran', '1.000 local of a live spawner ran']);
});

test('G3: sleep(0) costs exactly one iteration; sleep is a heap timer that resumes no earlier than asked', async () => {
  const { hub, result } = await vrun(function* (r) {
    const before = r.hub.iterations;
    yield* sleep(0);
    const one = r.hub.iterations - before;
    yield* sleep(0.25);
    return { one, at: r.hub.clock() };
  });
  assert.equal(result.one, 1);
  assert.equal(result.at, 0.25);
  assert.equal(hub.schedule.size, 0, 'the sleep timer is gone');
});

test('G4: anything that switches into a sleeping thread makes sleep return early, and cancels its timer', async () => {
  const { result } = await vrun(function* (r) {
    const sleeper = spawn(function* () {
      yield* sleep(100);
      return r.hub.clock();
    });
    yield* sleep(1);
    r.hub.scheduleCallGlobal(0, () => sleeper.switch('early'));
    return yield* sleeper.wait();
  });
  assert.equal(result, 1);
});

test('G3/H4: a sleep is one timer, added when the sleep runs, cancelled when the thread is woken early or killed', async () => {
  const { result, trace } = await vrun(function* (r) {
    const pendingFor = (g: Greenlet): number => r.hub.schedule.snapshot().filter((t) => t.hasArg(g) && t.pending).length;
    const held = r.hub.schedule.size;
    const lazy = sleep(5); // like a generator, nothing happens until it is iterated
    const addedByCall = r.hub.schedule.size - held;
    const early = spawn(function* early() {
      yield* sleep(100);
      return r.hub.clock();
    });
    const killed = spawn(function* killed() {
      try {
        yield* sleep(100);
      } finally {
        r.log('killed: finally ran');
      }
    });
    yield* sleep(1);
    const whileAsleep = [pendingFor(early), pendingFor(killed)];
    r.hub.scheduleCallGlobal(0, () => early.switch());
    const wokeAt = yield* early.wait();
    yield* killed.kill();
    const after = [pendingFor(early), pendingFor(killed)];
    const t0 = r.hub.clock();
    yield* lazy; // runs now: five seconds from here, not from its creation
    const lazyTook = r.hub.clock() - t0;
    yield* lazy; // an ended sleep, like an exhausted generator, returns at once
    return { addedByCall, whileAsleep, wokeAt, after, lazyTook, end: r.hub.clock() };
  });
  assert.ok(trace.some((line) => line.endsWith('killed: finally ran')));
  assert.equal(result.addedByCall, 0);
  assert.deepEqual(result.whileAsleep, [1, 1]);
  assert.equal(result.wokeAt, 1);
  assert.deepEqual(result.after, [0, 0], 'both timers were cancelled');
  assert.equal(result.lazyTook, 5);
  assert.equal(result.end, 6);
});

test('G5: getcurrent is the thread, the hub in callbacks; switchTo and throwTo go straight to another thread', async () => {
  const { trace } = await vrun(function* (r) {
    const main = getcurrent();
    assert.ok(main instanceof Greenlet);
    r.hub.scheduleCallGlobal(0, () => assert.equal(getcurrent(), HUB));
    const partner = spawn(function* () {
      const got = yield* suspend();
      r.log(`partner got ${String(got)}`);
      try {
        yield* switchTo(main as Greenlet, 'pong');
      } catch (e) {
        r.log(`partner caught ${(e as Error).message}`);
      }
      // Finishing would return to the hub (the parent), leaving main switched away forever; go back to it.
      yield* switchTo(main as Greenlet);
      return 'partner done';
    });
    yield* sleep(0);
    const back = yield* switchTo(partner, 'ping');
    r.log(`main got ${String(back)}`);
    yield* throwTo(partner, new Error('thrown'));
    r.log(`main back, partner dead=${partner.dead}`);
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), [
    'partner got ping',
    'main got pong',
    'partner caught thrown',
    'main back, partner dead=false',
  ]);
});

test('G6/G7: wait() returns the result or re-raises; the hub prints a raising thread; GreenletExit is silent', async () => {
  const r = await vrun(function* () {
    const ok = spawn(function* () {
      yield* sleep(1);
      return 42;
    });
    const bad = spawn(function* (): Green<never> {
      yield* sleep(1);
      throw new RangeError('bad');
    });
    const quiet = spawnN(function* () {
      throw new GreenletExit();
    });
    const loud = spawnN(function* () {
      throw new TypeError('loud');
    });
    assert.equal(yield* ok.wait(), 42);
    assert.equal(yield* ok.wait(), 42);
    yield* sleep(0);
    yield* assertRaises(bad.wait(), RangeError);
    return [quiet.dead, loud.dead];
  });
  assert.deepEqual(r.result, [true, true]);
  assert.deepEqual(r.printed, ['Traceback: TypeError: loud', 'Traceback: RangeError: bad']);
});

function* assertRaises(op: Green<unknown>, cls: new (...a: any[]) => Error): Green<void> {
  try {
    yield* op;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    return;
  }
  assert.fail(`expected ${cls.name}`);
}

test('G7: SystemExit escaping a spawnN thread reaches main', async () => {
  virtual();
  await run(function* () {
    spawnN(function* () {
      throw new SystemExit(4);
    });
    yield* assertRaises(sleep(1), SystemExit);
  });
});

test('G8: links run in the dying thread in order with their arguments; a link on a dead thread runs now', async () => {
  const { trace } = await vrun(function* (r) {
    const gt = spawn(function* () {
      yield* sleep(1);
      return 'r';
    });
    const where = () => (getcurrent() === gt ? 'in gt' : 'elsewhere');
    gt.link((g, tag: string) => r.log(`${tag} ${where()} ${String(g.dead)}`), 'first');
    gt.link((_g, tag: string, n: number) => r.log(`${tag} ${n}`), 'second', 2);
    yield* gt.wait();
    gt.link(() => r.log(`late ${where()}`));
    r.log('after late link');
  });
  // The dying thread is not dead yet while its links run (real eventlet prints dead=False: extra/67).
  assert.deepEqual(trace, ['1.000 first in gt false', '1.000 second 2', '1.000 late elsewhere', '1.000 after late link']);
});

test('G8: a link that throws is printed and the remaining links do not run', async () => {
  const r = await vrun(function* (rec) {
    const gt = spawn(function* () {});
    gt.link(() => {
      throw new TypeError('link broke');
    });
    gt.link(() => rec.log('second link (not expected)'));
    yield* sleep(1);
  });
  assert.deepEqual(r.trace, []);
  assert.deepEqual(r.printed, ['Traceback: TypeError: link broke']);
});

test('G8: a link may block: the thread stays alive until its links are done, later links wait their turn', async () => {
  const { trace, result } = await vrun(function* (r) {
    const gt = spawn(function* () {
      yield* sleep(1);
      return 'r';
    });
    gt.link(function* (g) {
      r.log(`slow link starts, dead=${g.dead}`);
      yield* sleep(1);
      r.log(`slow link ends, dead=${g.dead}`);
    });
    gt.link((g) => r.log(`next link, dead=${g.dead}`));
    r.log(`wait -> ${yield* gt.wait()}`);
    gt.link(() => r.log('linked while the slow link runs')); // queues: the dying thread runs it
    const during = gt.dead;
    yield* sleep(2);
    return [during, gt.dead];
  });
  assert.deepEqual(result, [false, true]);
  assert.deepEqual(trace, [
    '1.000 slow link starts, dead=false',
    '1.000 wait -> r',
    '2.000 slow link ends, dead=false',
    '2.000 next link, dead=false',
    '2.000 linked while the slow link runs',
  ]);
});

test("G8/H9: a link raising in a failed thread is printed with the thread's error as its context", async () => {
  const { printed } = await vrun(function* () {
    const gt = spawn(function* () {
      yield* sleep(0);
      throw new RangeError('body failed');
    });
    gt.link(function* () {
      yield* sleep(1);
      throw new TypeError('link failed');
    });
    yield* sleep(2);
  });
  // recordingSink prints the error itself; its chain holds the body's error first.
  assert.deepEqual(printed, ['Traceback: TypeError: link failed']);
  const chain: string[] = [];
  const { printed: again } = await vrun(function* (r) {
    r.hub.errorSink = { traceback: (e) => chain.push(...exceptionChain(e).map((c) => `${(c.err as Error).message} ${c.then ?? ''}`.trim())), line: () => {} };
    const gt = spawn(function* () {
      throw new RangeError('body failed');
    });
    gt.link(() => {
      throw new TypeError('link failed');
    });
    yield* sleep(1);
  });
  assert.deepEqual(again, []);
  assert.deepEqual(chain, ['body failed During handling of the above exception, another exception occurred:', 'link failed']);
});

test('G8: a link that would block where no thread can (link() on a finished thread) is a TypeError; one that does not block runs', async () => {
  const { result } = await vrun(function* (r) {
    const gt = spawn(() => 'done');
    yield* sleep(0);
    const out: unknown[] = [];
    gt.link(function* (g) {
      out.push(`ran at once: ${yield* g.wait()}`); // wait() on a finished thread does not block
    });
    try {
      gt.link(function* () {
        yield* sleep(1);
        out.push('slept (not expected)');
      });
    } catch (e) {
      out.push(e instanceof TypeError && /blocked; this thread has finished/.test(e.message));
    }
    yield* sleep(2);
    out.push(r.hub.schedule.size); // the refused link's sleep timer was cancelled
    return out;
  });
  assert.deepEqual(result, ['ran at once: done', true, 0]);
});

test('G8: unlink finds a link by equal arguments (Python ==), not only the same objects', async () => {
  await vrun(function* () {
    const gt = spawn(function* () {
      yield* sleep(1);
    });
    const f = (_g: unknown, ..._args: unknown[]): void => {};
    gt.link(f, [1, 2], { k: 'v' });
    assert.equal(gt.unlink(f, [1, 2], { k: 'x' }), false);
    assert.equal(gt.unlink(f, [1, 2], { k: 'v' }), true);
    assert.equal(gt.unlink(f, [1, 2], { k: 'v' }), false);
  });
});

test('G9: from hub context kill throws in at once, with no resume timer, so kill(gt).next() finishes there', async () => {
  const { result, trace } = await vrun(function* (r) {
    const sleeping = spawn(function* () {
      try {
        yield* sleep(5);
      } finally {
        r.log('sleeping: finally');
      }
    });
    const unstarted = spawnAfter(2, () => r.log('unstarted ran (not expected)'));
    unstarted.link(() => r.log('unstarted: link'));
    const out: unknown[] = [];
    r.hub.scheduleCallGlobal(1, () => {
      const before = r.hub.schedule.size;
      for (const gt of [sleeping, unstarted]) out.push(kill(gt).next().done, gt.dead);
      out.push(r.hub.schedule.size - before); // the victims' own timers went (one cancelled sleep); none added
    });
    yield* sleep(3);
    return out;
  });
  assert.deepEqual(result, [true, true, true, true, 0]);
  assert.deepEqual(trace, ['1.000 sleeping: finally', '1.000 unstarted: link']);
});

test('H13/H14: from a timer callback, sleep fails with H13; Event, Semaphore and queue waits fail in hub.switch (H14)', async () => {
  const { result } = await vrun(function* (r) {
    const out: string[] = [];
    const tryIt = (what: string, op: () => Generator<unknown, unknown, unknown>): void => {
      try {
        op().next();
        out.push(`${what}: ok`);
      } catch (e) {
        out.push(`${what}: ${(e as Error).message}`);
      }
    };
    const ev = new Event();
    r.hub.scheduleCallGlobal(0, () => {
      tryIt('sleep', () => sleep(1));
      tryIt('Event.wait', () => ev.wait());
      tryIt('Semaphore.acquire', () => new Semaphore(0).acquire());
      tryIt('free Semaphore.acquire', () => new Semaphore(1).acquire());
      tryIt('Queue.get', () => new Queue().get());
    });
    yield* sleep(1);
    return out;
  });
  assert.deepEqual(result, [
    'sleep: do not call blocking functions from the mainloop',
    'Event.wait: Cannot switch to MAINLOOP from MAINLOOP',
    'Semaphore.acquire: Cannot switch to MAINLOOP from MAINLOOP',
    'free Semaphore.acquire: ok',
    'Queue.get: Cannot switch to MAINLOOP from MAINLOOP',
  ]);
});

test('G5: a raw throw into a thread that never ran kills it before its first line: no exit, no links, wait() waits on', async () => {
  const { result, trace, printed } = await vrun(function* (r) {
    const quiet = spawnAfter(0.5, () => r.log('quiet ran (not expected)'));
    quiet.link(() => r.log('quiet: link (not expected)'));
    const loud = spawnAfter(0.5, () => r.log('loud ran (not expected)'));
    loud.link(() => r.log('loud: link (not expected)'));
    r.hub.scheduleCallGlobal(0, () => {
      quiet.throw(); // GreenletExit: ends it quietly
      loud.throw(new RangeError('thrown in')); // goes on to the hub, which prints it
    });
    yield* sleep(1);
    const waited = yield* withTimeout({ seconds: 1, timeoutValue: 'still waiting' }, () => quiet.wait());
    return [quiet.dead, loud.dead, waited];
  });
  assert.deepEqual(result, [true, true, 'still waiting']);
  assert.deepEqual(trace, []);
  assert.deepEqual(printed, ['Traceback: RangeError: thrown in']);
});

test('G9: kill of a dead thread returns at once; otherwise the killer yields and resumes through its own 0-timer', async () => {
  const { trace } = await vrun(function* (r) {
    const done = spawn(function* () {});
    yield* done.wait();
    const before = r.hub.iterations;
    yield* kill(done);
    assert.equal(r.hub.iterations, before, 'no yield for a dead thread');
    const victim = spawn(function* () {
      try {
        yield* sleep(10);
      } finally {
        r.log('victim finally');
      }
    });
    spawnN(function* () {
      yield* sleep(1);
      r.log('bystander due at the same time');
    });
    yield* sleep(1);
    r.log('main kills');
    yield* kill(victim);
    r.log('main back');
  });
  // main's sleep was scheduled before the bystander's: main kills first, the victim reacts inside the kill,
  // the pass goes on with the bystander, and main resumes in the next pass (G9).
  assert.deepEqual(trace.map((l) => l.slice(6)), ['main kills', 'victim finally', 'bystander due at the same time', 'main back']);
});

test('G9: kill and throwTo instantiate an exception class, as greenlet.throw does; a plain function is refused', async () => {
  class Stop extends Error {
    override name = 'Stop';
  }
  const { trace } = await vrun(function* (r) {
    const victim = spawn(function* () {
      try {
        yield* sleep(10);
      } catch (e) {
        r.log(`victim got ${e instanceof Stop ? 'a Stop instance' : String(e)}`);
      }
    });
    const me = getcurrent() as Greenlet;
    const other = spawn(function* () {
      try {
        yield* suspend();
      } catch (e) {
        r.log(`other got ${e instanceof Stop ? 'a Stop instance' : String(e)}`);
      }
      yield* switchTo(me); // back to main, which is waiting in throwTo
    });
    yield* sleep(1);
    yield* kill(victim, Stop);
    yield* throwTo(other, Stop);
    const third = spawn(function* () {
      yield* sleep(10);
    });
    yield* sleep(0);
    let refused = '';
    try {
      yield* kill(third, (() => new Stop()) as unknown as typeof Stop);
    } catch (e) {
      refused = (e as Error).message;
    }
    r.log(refused);
    r.log(`third still alive: ${!third.dead}`);
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), [
    'victim got a Stop instance',
    'other got a Stop instance',
    'kill(): the function is not an exception class; pass an exception instance or class',
    'third still alive: true',
  ]);
});

test('G10: a thread killed before it starts never runs; links run in the killer before it yields', async () => {
  const { trace } = await vrun(function* (r) {
    const gt = spawn(function* () {
      r.log('body (not expected)');
    });
    gt.link(() => r.log(`link in ${getcurrent() === gt ? 'victim' : 'killer'}`));
    r.log('kill');
    yield* gt.kill();
    r.log('back');
    yield* assertRaises(gt.wait(), GreenletExit);
  });
  assert.deepEqual(trace.map((l) => l.slice(6)), ['kill', 'link in killer', 'back']);
});

test('D3: cancelling an unstarted thread with a custom exception makes wait() raise it', async () => {
  await vrun(function* () {
    const gt = spawn(function* () {});
    yield* cancel(gt, new RangeError('custom'));
    yield* assertRaises(gt.wait(), RangeError);
  });
});

test('G11: kill raises at the suspension point; finally blocks run, also when they yield; the victim may go on', async () => {
  const { trace } = await vrun(function* (r) {
    const cleaner = spawn(function* () {
      try {
        yield* sleep(10);
      } finally {
        r.log('finally starts');
        yield* sleep(1);
        r.log('finally ends');
      }
    });
    const stubborn = spawn(function* () {
      try {
        yield* sleep(10);
      } catch (e) {
        r.log(`stubborn caught ${(e as Error).name}`);
      }
      yield* sleep(0.5);
      return 'carried on';
    });
    yield* sleep(1);
    yield* cleaner.kill();
    yield* stubborn.kill();
    r.log(`stubborn -> ${yield* stubborn.wait()}`);
    yield* assertRaises(cleaner.wait(), GreenletExit);
    r.log('cleaner waited');
  });
  assert.deepEqual(trace, [
    '1.000 finally starts',
    '1.000 stubborn caught GreenletExit',
    '1.500 stubborn -> carried on',
    '2.000 finally ends',
    '2.000 cleaner waited',
  ]);
});

test('G12: cancel leaves a started thread alone, without yielding', async () => {
  await vrun(function* (r) {
    const gt = spawn(function* () {
      yield* sleep(5);
      return 'finished';
    });
    yield* sleep(0);
    const before = r.hub.iterations;
    yield* gt.cancel();
    assert.equal(r.hub.iterations, before);
    assert.equal(yield* gt.wait(), 'finished');
  });
});

test('N1: yielding something that is not a blocking call raises a TypeError naming it and the fix', async () => {
  const messages: string[] = [];
  await vrun(function* () {
    for (const bad of [() => sleep(1), () => Promise.resolve(1), () => 7]) {
      const gt = spawn(function* (): Green<void> {
        yield bad() as never;
      });
      try {
        yield* gt.wait();
      } catch (e) {
        assert.ok(e instanceof TypeError);
        messages.push(e.message);
      }
    }
  });
  assert.match(messages[0]!, /yielded a generator object; .*`yield\* sleep\(1\)`, not `yield sleep\(1\)`/);
  assert.match(messages[1]!, /yielded a Promise; .*yield\* awaitPromise\(promise\)/);
  assert.match(messages[2]!, /yielded the number 7/);
});

test('Bad input: async bodies, non-functions, blocking outside a green thread, NaN delays', async () => {
  virtual();
  assert.throws(() => spawn((async () => {}) as never), /async function .*generator function/);
  assert.throws(() => spawn(42 as never), /spawn\(\) needs a function .*the number 42/);
  assert.throws(() => sleep(1).next(), /sleep\(\) blocks, so it must run inside a green thread/);
  await run(function* () {
    yield* assertRaises(sleep(Number.NaN), RangeError);
  });
  assert.ok(new AssertionError('x') instanceof Error);
});

test('G3: a sleep behaves like the generator it replaces: return(v) ends it with v, a failed start closes it', async () => {
  virtual();
  const outside = sleep(0.1);
  assert.throws(() => outside.next(), /sleep\(\) blocks, so it must run inside a green thread/);
  assert.deepEqual(outside.next(), { done: true, value: undefined }, 'closed after its start failed');
  const { hub, result } = await vrun(function* () {
    function* napper(): Green<string> {
      yield* sleep(10);
      return 'slept';
    }
    const g = napper();
    const first = g.next(); // parked in the sleep: its timer is in the heap
    const ended = g.return('stopped early');
    return { first: first.done, ended };
  });
  assert.equal(result.first, false);
  assert.deepEqual(result.ended, { done: true, value: 'stopped early' });
  assert.equal(hub.schedule.size - hub.schedule.canceled, 0, 'the sleep timer was cancelled');
});

test('N1: a body returning an async iterator fails with a TypeError saying to write a generator function', async () => {
  const { printed } = await vrun(function* () {
    const gt = spawn((() => ({
      next: async () => ({ done: true, value: 1 }),
      throw: async (e: unknown) => {
        throw e;
      },
    })) as never);
    try {
      yield* gt.wait();
      return 'no error';
    } catch (err) {
      return String(err);
    }
  });
  assert.ok(printed.some((l) => /async iterators cannot be green thread bodies/.test(l)), printed.join('\n'));
});

test('Plain functions may be green thread bodies', async () => {
  const { result } = await vrun(function* () {
    const gt = spawn((a: number, b: number) => a + b, 2, 3);
    return yield* gt.wait();
  });
  assert.equal(result, 5);
});

test('A body may return any iterator with next and throw: its yields reach the hub, errors thrown in reach it', async () => {
  const { result, trace } = await vrun(function* (r) {
    // A hand-written iterator (no generator anywhere): it sleeps by yielding what sleep's steps yield.
    const handWritten = (label: string): Iterator<unknown, string, unknown> & { throw(e: unknown): IteratorResult<unknown, string> } => {
      let nap: Green<void> | undefined;
      let naps = 0;
      return {
        next() {
          for (;;) {
            if (nap === undefined) {
              if (naps === 2) return { done: true, value: `${label} woke twice` };
              naps++;
              nap = sleep(1);
            }
            const step = nap.next();
            if (!step.done) return step;
            nap = undefined;
            r.log(`${label} nap ${naps} over`);
          }
        },
        throw(e: unknown) {
          r.log(`${label} got ${(e as Error).name}`);
          nap?.throw(e);
          throw e;
        },
      };
    };
    const calm = spawn(handWritten as (l: string) => Green<string>, 'calm');
    const doomed = spawn(handWritten as (l: string) => Green<string>, 'doomed');
    yield* sleep(1.5);
    yield* doomed.kill();
    let killed = '';
    try {
      yield* doomed.wait();
    } catch (err) {
      killed = (err as Error).name;
    }
    return { calm: yield* calm.wait(), killed, at: r.hub.clock(), held: r.hub.schedule.size - r.hub.schedule.canceled };
  });
  assert.equal(result.calm, 'calm woke twice');
  assert.equal(result.killed, 'GreenletExit');
  assert.equal(result.at, 2);
  assert.equal(result.held, 0, "the killed iterator's sleep timer was cancelled");
  assert.ok(trace.some((l) => l.endsWith('doomed got GreenletExit')));
  assert.equal(trace.filter((l) => l.endsWith('nap 1 over')).length, 2);
});
