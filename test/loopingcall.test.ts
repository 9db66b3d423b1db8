/** Looping calls (O9-O16), ported from oslo.service's test_loopingcall.py, on virtual time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributeError, getHub } from '../src/hub/index.js';
import { sleep } from '../src/greenthread/index.js';
import { pyTruthy } from '../src/greenthread/pyvalues.js';
import { addSink, ERROR, WARNING, type LogRecord } from '../src/launcher/log.js';
import { RuntimeError, ValueError } from '../src/launcher/conf.js';
import {
  BackOffLoopingCall,
  DynamicLoopingCall,
  FixedIntervalLoopingCall,
  FixedIntervalWithTimeoutLoopingCall,
  LoopingCallDone,
  LoopingCallTimeOut,
  RetryDecorator,
  setCallableName,
  type GaussSource,
  systemRandom,
} from '../src/launcher/loopingcall.js';
import { vrun } from './helpers.js';

function capture(level: number): { records: LogRecord[]; remove: () => void } {
  const records: LogRecord[] = [];
  return { records, remove: addSink((r) => records.push(r), level) };
}

function raiser(value: unknown) {
  return () => {
    throw new LoopingCallDone(value);
  };
}

test('O9/O10: LoopingCallDone(value) ends the loop and wait() returns the value', async () => {
  await vrun(function* () {
    assert.equal(yield* new FixedIntervalLoopingCall(raiser(true)).start(0.5).wait(), true);
    assert.equal(yield* new FixedIntervalLoopingCall(raiser(false)).start(0.5).wait(), false);
    assert.equal(yield* new DynamicLoopingCall(raiser(true)).start().wait(), true);
    assert.equal(yield* new DynamicLoopingCall(raiser(false)).start().wait(), false);
  });
});

test('O10: any other error ends the loop, is logged at ERROR and raised by wait()', async () => {
  const cap = capture(ERROR);
  try {
    await vrun(function* () {
      const f = setCallableName(() => {
        throw new RangeError('bad');
      }, 'mod.f');
      for (const lc of [new FixedIntervalLoopingCall(f), new DynamicLoopingCall(f)]) {
        const done = lc instanceof FixedIntervalLoopingCall ? lc.start(0.5) : (lc as DynamicLoopingCall).start();
        let raised: unknown;
        try {
          yield* done.wait();
        } catch (e) {
          raised = e;
        }
        assert.ok(raised instanceof RangeError);
      }
    });
    assert.deepEqual(
      cap.records.map((r) => r.getMessage()),
      ["Fixed interval looping call 'mod.f' failed", "Dynamic interval looping call 'mod.f' failed"],
    );
    assert.equal(cap.records[0]!.name, 'oslo.service.loopingcall');
  } finally {
    cap.remove();
  }
});

test('O10: stopOnException false logs each failure and keeps looping', async () => {
  const cap = capture(ERROR);
  try {
    await vrun(function* () {
      let runs = 2;
      function raiseThenDone() {
        if (runs === 0) throw new LoopingCallDone(false);
        runs -= 1;
        throw new Error('again');
      }
      assert.equal(yield* new FixedIntervalLoopingCall(raiseThenDone).start(0.5, { stopOnException: false }).wait(), false);
      runs = 2;
      assert.equal(yield* new DynamicLoopingCall(raiseThenDone).start({ stopOnException: false }).wait(), false);
    });
    assert.equal(cap.records.length, 4);
  } finally {
    cap.remove();
  }
});

test('O9: starting a running call is a RuntimeError with the kind-specific message; stop twice is fine', async () => {
  await vrun(function* () {
    let go = false;
    const lc = new FixedIntervalLoopingCall(() => {
      if (go) throw new LoopingCallDone(true);
    });
    lc.start(0.125);
    assert.throws(
      () => lc.start(0.125),
      (e: unknown) => e instanceof RuntimeError && e.message === 'A fixed interval looping call can only run one function at a time',
    );
    go = true;
    assert.equal(yield* lc.wait(), true);
    // O9: the link cleared the running thread: it may start again.
    go = false;
    lc.start(0.125);
    lc.stop();
    lc.stop();
    assert.equal(yield* lc.wait(), true);

    const d = new DynamicLoopingCall(() => 0.125);
    d.start();
    assert.throws(() => d.start(), { message: 'A dynamic interval looping call can only run one function at a time' });
    d.stop();
    yield* d.wait();
    const b = new BackOffLoopingCall(() => true);
    b.start();
    assert.throws(() => b.start(), { message: 'A dynamic backoff interval looping call can only run one function at a time' });
    b.stop();
    yield* b.wait();
  });
});

test("O9: wait() before the first start raises oslo's AttributeError (it reads None.wait)", async () => {
  await vrun(function* () {
    const lc = new FixedIntervalLoopingCall(() => 0);
    let err: unknown;
    try {
      yield* lc.wait();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof AttributeError && err instanceof TypeError);
    assert.equal((err as Error).message, "'NoneType' object has no attribute 'wait'");
  });
});

test('O14: a dynamic call returning what is not a number fails as Python compares it: in min() with a cap, else against 0', async () => {
  const { result } = await vrun(function* () {
    const out: unknown[] = [];
    for (const cap of [null, 2, 2.5]) {
      let n = 0;
      const lc = new DynamicLoopingCall(() => {
        if (++n > 1) throw new LoopingCallDone('looped on'); // ends the loop if '1' was taken as a delay
        return '1';
      });
      lc.start({ periodicIntervalMax: cap });
      try {
        out.push(yield* lc.wait());
      } catch (e) {
        out.push(e instanceof TypeError ? e.message : String(e));
      }
    }
    let calls = 0;
    const flag = new DynamicLoopingCall(() => {
      if (++calls < 3) return true;
      throw new LoopingCallDone(calls);
    });
    flag.start({ periodicIntervalMax: 5 }); // True is the int 1: a one-second sleep
    const t0 = getHub().clock();
    out.push(yield* flag.wait(), getHub().clock() - t0);
    return out;
  });
  assert.deepEqual(result, [
    "'<' not supported between instances of 'str' and 'int'",
    "'<' not supported between instances of 'int' and 'str'",
    "'<' not supported between instances of 'float' and 'str'",
    3,
    2,
  ]);
});

test('O10/O11: stop() during the initial delay: the function never runs, done is true', async () => {
  await vrun(function* (r) {
    let calls = 0;
    const lc = new FixedIntervalLoopingCall(() => {
      calls++;
    });
    lc.start(1, { initialDelay: 5 });
    yield* sleep(1);
    lc.stop();
    assert.equal(yield* lc.wait(), true);
    assert.equal(calls, 0);
    assert.equal(r.hub.clock(), 1);
  });
});

/** A FixedIntervalLoopingCall whose measured call times and sleeps are scripted (oslo mocks _elapsed/_sleep). */
class Scripted extends FixedIntervalLoopingCall {
  sleeps: (number | null)[] = [];
  constructor(
    f: () => unknown,
    private readonly elapsedSeq: number[],
  ) {
    super(f);
  }
  protected override elapsed(_s: number): number {
    return this.elapsedSeq.shift()!;
  }
  protected override *idleSleep(seconds: number | null) {
    this.sleeps.push(seconds);
    yield* sleep(0);
  }
}

test('O12: the idle time subtracts the call time, rounded to 2 places; an overrun logs a WARNING and idles 0', async () => {
  const cap = capture(WARNING);
  try {
    await vrun(function* () {
      let runs = 3;
      const f = setCallableName(() => {
        if (runs === 0) throw new LoopingCallDone(false);
        runs -= 1;
      }, 'mod.wait_for_zero');
      const lc = new Scripted(f, [1 - 0.01, 1 + 1, 1 + 0.01]);
      yield* lc.start(1.01).wait();
      assert.equal(lc.sleeps.length, 3);
      [0.02, 0, 0].forEach((want, i) => assert.equal(Math.round((lc.sleeps[i]! - want) * 1e7), 0));
    });
    assert.deepEqual(cap.records.map((r) => r.getMessage()), ["Function 'mod.wait_for_zero' run outlasted interval by 0.99 sec"]);
  } finally {
    cap.remove();
  }
});

test('O12: only the call is measured, so lateness is not caught up: 0.2 s interval, one 0.3 s call', async () => {
  const { trace } = await vrun(function* (r) {
    let n = 0;
    const lc = new FixedIntervalLoopingCall(function* () {
      n++;
      r.log(`call ${n}`);
      if (n === 2) yield* sleep(0.3);
      if (n === 4) throw new LoopingCallDone();
    });
    yield* lc.start(0.2).wait();
  });
  assert.deepEqual(trace, ['0.000 call 1', '0.200 call 2', '0.500 call 3', '0.700 call 4']);
});

test('O13: FixedIntervalWithTimeoutLoopingCall ends with LoopingCallTimeOut past the timeout', async () => {
  await vrun(function* () {
    const lc = new FixedIntervalWithTimeoutLoopingCall(() => undefined);
    let err: unknown;
    try {
      yield* lc.start(0.125, { timeout: 0.3 }).wait();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof LoopingCallTimeOut);
    // round(-0.125, 2) is -0.12 (half to even), so the calls come at 0, 0.12, 0.24, 0.36.
    assert.equal(err.message, 'Looping call timed out after 0.36 seconds');
  });
});

/** Looping calls recording their sleeps instead of sleeping (oslo's tests mock _sleep). */
class RecDynamic extends DynamicLoopingCall {
  sleeps: (number | null)[] = [];
  protected override *idleSleep(seconds: number | null) {
    this.sleeps.push(seconds);
    yield* sleep(0);
  }
}
class RecBackOff extends BackOffLoopingCall {
  sleeps: (number | null)[] = [];
  protected override *idleSleep(seconds: number | null) {
    this.sleeps.push(seconds);
    yield* sleep(0);
  }
}

test('O14: the returned value (capped) is the sleep; None uses the cap; no cap and None is a RuntimeError', async () => {
  await vrun(function* () {
        let runs = 2;
    const waitForZero = () => {
      if (runs === 0) throw new LoopingCallDone(false);
      runs -= 1;
      return runs * 10 + 1;
    };
    const a = new RecDynamic(waitForZero);
    yield* a.start({ periodicIntervalMax: 5 }).wait();
    assert.deepEqual(a.sleeps, [5, 1]);

    runs = 1;
    const b = new RecDynamic(waitForZero);
    yield* b.start({ initialDelay: 3 }).wait();
    assert.deepEqual(b.sleeps, [3, 1]);

    runs = 1;
    const c = new RecDynamic(() => {
      if (runs === 0) throw new LoopingCallDone(false);
      runs -= 1;
      return undefined;
    });
    yield* c.start({ periodicIntervalMax: 5 }).wait();
    assert.deepEqual(c.sleeps, [5]);

    const d = new DynamicLoopingCall(() => undefined);
    let err: unknown;
    try {
      yield* d.start().wait();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof RuntimeError);
    assert.equal(err.message, 'A dynamic interval looping call should supply either an interval or periodic_interval_max');
  });
});

const fixed = (v: number): GaussSource => ({ gauss: () => v });

test('O15: exponential backoff with jitter 0.8 (or -0.8: its absolute value) until the timeout', async () => {
  for (const jitter of [0.8, -0.8]) {
    await vrun(function* () {
      const lc = new RecBackOff(() => false);
      lc.rng = fixed(jitter);
      let err: unknown;
      try {
        yield* lc.start().wait();
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof LoopingCallTimeOut);
      assert.deepEqual(lc.sleeps, [
        1.6, 2.4000000000000004, 3.6, 5.4, 8.1, 12.15, 18.225, 27.337500000000002, 41.00625, 61.509375000000006,
        92.26406250000001,
      ]);
    });
  }
});

test('O15: max_interval caps each sleep; a success sleeps starting_interval x jitter; immediate done never sleeps', async () => {
  await vrun(function* () {
    const capped = new RecBackOff(() => false);
    capped.rng = fixed(0.8);
    try {
      yield* capped.start({ maxInterval: 60 }).wait();
    } catch (e) {
      assert.ok(e instanceof LoopingCallTimeOut);
    }
    assert.deepEqual(capped.sleeps, [1.6, 2.4000000000000004, 3.6, 5.4, 8.1, 12.15, 18.225, 27.337500000000002, 41.00625, 60, 60, 60]);

    const answers: unknown[] = [true, true, true, 'done'];
    const ok = new RecBackOff(() => {
      const a = answers.shift();
      if (a === 'done') throw new LoopingCallDone('return value');
      return a;
    });
    ok.rng = fixed(1);
    assert.equal(yield* ok.start().wait(), 'return value');
    assert.deepEqual(ok.sleeps, [1, 1, 1]);

    const once = new RecBackOff(() => {
      throw new LoopingCallDone('return value');
    });
    once.rng = fixed(1);
    assert.equal(yield* once.start().wait(), 'return value');
    assert.deepEqual(once.sleeps, []);
  });
});

test("O15: success is Python's truth of the result: empty arrays, dicts, maps and sets fail, NaN succeeds", async () => {
  await vrun(function* () {
    const answers: unknown[] = [[], {}, new Set(), Number.NaN, [0], 'done'];
    const lc = new RecBackOff(() => {
      const a = answers.shift();
      if (a === 'done') throw new LoopingCallDone('ok');
      return a;
    });
    lc.rng = fixed(1);
    assert.equal(yield* lc.start({ startingInterval: 1, jitter: 1, timeout: 0 }).wait(), 'ok');
    // three failures double the interval (2, 4, 8); NaN and [0] are successes (1, 1).
    assert.deepEqual(lc.sleeps, [2, 4, 8, 1, 1]);
  });
  assert.deepEqual([pyTruthy(Number.NaN), pyTruthy([]), pyTruthy({}), pyTruthy(new Map([[1, 2]])), pyTruthy(''), pyTruthy(-0)], [true, false, false, true, false, false]);
});

class AnException extends Error {}
class UnknownException extends Error {}

test('O16: RetryDecorator returns the result; retries listed errors; count and sleep persist', async () => {
  await vrun(function* (r) {
    const plain = new RetryDecorator().wrap(() => 'RESULT');
    assert.equal(yield* plain(), 'RESULT');

    const responses: unknown[] = [new AnException(), new AnException(), 'RESULT'];
    const retry = new RetryDecorator({ maxRetryCount: 10, incSleepTime: 0.125, maxSleepTime: 10, exceptions: [AnException] });
    const t0 = r.hub.clock();
    const f = retry.wrap(function* () {
      const resp = responses.shift();
      if (resp instanceof Error) throw resp;
      return resp;
    });
    assert.equal(yield* f(), 'RESULT');
    assert.equal(retry.retryCount, 2);
    assert.equal(retry.sleepTime, 0.25);
    assert.equal(r.hub.clock() - t0, 0.125 + 0.25);
  });
});

test('O16: retries stop at max_retry_count; unlisted errors are raised at once', async () => {
  await vrun(function* () {
    const retry = new RetryDecorator({ maxRetryCount: 2, incSleepTime: 0, maxSleepTime: 0, exceptions: [AnException] });
    const f = retry.wrap(() => {
      throw new AnException('x');
    });
    let err: unknown;
    try {
      yield* f();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof AnException);
    assert.equal(retry.retryCount, 2);

    const other = new RetryDecorator();
    let err2: unknown;
    try {
      yield* other.wrap(() => {
        throw new UnknownException('y');
      })();
    } catch (e) {
      err2 = e;
    }
    assert.ok(err2 instanceof UnknownException);
    assert.equal(other.retryCount, 0);
  });
});

test('O11: stop() during a sleep wakes the loop at once; a sleep of 0 still costs a hub pass', async () => {
  await vrun(function* (r) {
    const lc = new DynamicLoopingCall(() => 100);
    lc.start();
    yield* sleep(1);
    lc.stop();
    assert.equal(yield* lc.wait(), true);
    assert.equal(r.hub.clock(), 1);

    let n = 0;
    const zero = new DynamicLoopingCall(() => {
      n++;
      return 0;
    });
    zero.start();
    const before = r.hub.iterations;
    yield* sleep(0);
    yield* sleep(0);
    yield* sleep(0);
    zero.stop();
    yield* zero.wait();
    assert.ok(n >= 2 && n <= 3, `calls ${n}`);
    assert.ok(r.hub.iterations - before >= n);
  });
});

test('O11/O14: a negative returned delay ends the loop as a failure (the sleep refuses it), even with stopOnException false', async () => {
  const log = capture(ERROR);
  try {
    await vrun(function* () {
      let calls = 0;
      const f = () => {
        calls += 1;
        return -1;
      };
      const lc = new DynamicLoopingCall(f);
      let err: unknown;
      try {
        yield* lc.start({ periodicIntervalMax: 5, stopOnException: false }).wait();
      } catch (e) {
        err = e;
      }
      assert.equal(calls, 1);
      assert.ok(err instanceof ValueError);
      assert.equal(err.message, 'Duration must be greater or equal to zero and not -1');
      assert.equal(log.records.length, 1);
      assert.match(log.records[0]!.getMessage(), /^Dynamic interval looping call '.*' failed$/);
    });
  } finally {
    log.remove();
  }
});

test("O15: the backoff's jitter source (SystemRandom): uniform in [0, 1) without repeats, gauss around its mean", () => {
  const draws = Array.from({ length: 2000 }, () => systemRandom.random());
  assert.ok(draws.every((x) => x >= 0 && x < 1));
  assert.ok(new Set(draws).size > 1990, 'OS randomness does not repeat');
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean(draws) - 0.5) < 0.05);
  const jitter = Array.from({ length: 2000 }, () => systemRandom.gauss(0.75, 0.1));
  assert.ok(Math.abs(mean(jitter) - 0.75) < 0.02, `mean ${mean(jitter)}`);
});
