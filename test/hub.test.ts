/** The hub's loop: H6, H9, H12-H19, H21, N2, D7. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  AssertionError,
  BaseException,
  isSystemException,
  Deadlock,
  Hub,
  IOClosed,
  SystemExit,
  formatHubListeners,
  formatHubTimers,
  setContext,
  stderrSink,
  getHub,
  hubExceptions,
  useHub,
  VirtualHub,
  READ,
  WRITE,
} from '../src/hub/index.js';
import { abortHub, Event, run, sleep, spawn, spawnN, suspend, GreenletExit } from '../src/greenthread/index.js';
import { virtual, vrun } from './helpers.js';

const distRoot = fileURLToPath(new URL('../src/index.js', import.meta.url));

test('H6: one iteration tells closed listeners first, then fires timers', async () => {
  const { hub } = virtual();
  const order: string[] = [];
  await run(function* () {
    const waiter = spawn(function* () {
      const self = hub.listeners.add(READ, 7, () => {}, (err) => order.push(`IOClosed: ${(err as Error).message}`));
      void self;
    });
    yield* waiter.wait();
    hub.scheduleCallGlobal(0, () => order.push('timer'));
    hub.listeners.markClosed(7);
    yield* sleep(0);
  });
  assert.deepEqual(order, ['IOClosed: Operation on closed file', 'timer']);
  assert.ok(new IOClosed() instanceof Error);
});

test('H9: an error in a timer callback is printed and firing goes on; hubExceptions(false) silences it', async () => {
  const r = virtual();
  const fired: string[] = [];
  await run(function* () {
    r.hub.scheduleCallGlobal(0, () => {
      throw new TypeError('boom');
    });
    r.hub.scheduleCallGlobal(0, () => fired.push('next'));
    yield* sleep(0);
    hubExceptions(false);
    r.hub.scheduleCallGlobal(0, () => {
      throw new TypeError('quiet');
    });
    yield* sleep(0);
  });
  assert.deepEqual(fired, ['next']);
  assert.deepEqual(r.printed, ['Traceback: TypeError: boom']);
});

test('H9/H16: SystemExit from a green thread is raised in main where it blocked; the heap survives', async () => {
  const r = virtual();
  const seen: string[] = [];
  await run(function* () {
    spawn(function* () {
      yield* sleep(2);
      seen.push('survivor woke');
    });
    spawn(function* () {
      yield* sleep(1);
      throw new SystemExit(3);
    });
    try {
      yield* sleep(10);
    } catch (e) {
      assert.ok(e instanceof SystemExit);
      seen.push(`main caught SystemExit(${e.code}) at ${r.hub.clock()}`);
    }
    yield* sleep(5);
  });
  assert.deepEqual(seen, ['main caught SystemExit(3) at 1', 'survivor woke']);
  assert.deepEqual(r.printed, [], 'system exceptions are not printed');
});

test('H16: a SystemExit main does not catch rejects run()', async () => {
  virtual();
  await assert.rejects(
    run(function* () {
      spawnN(function* () {
        throw new SystemExit(2);
      });
      yield* sleep(1);
    }),
    (e: unknown) => e instanceof SystemExit && e.code === 2,
  );
});

test('H12: a wait(0) with nothing ready costs no Node turn', async () => {
  useHub(new Hub());
  let turned = false;
  await run(function* () {
    setImmediate(() => (turned = true));
    // Fewer passes than the time-slice check interval: the clock is not even read.
    for (let i = 0; i < 50; i++) yield* sleep(0);
    assert.equal(turned, false);
  });
});

test('N2: a busy hub hands control back to Node, so Node callbacks are not starved', async () => {
  useHub(new Hub());
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  await run(function* () {
    let passes = 0;
    while (ticks < 3) {
      yield* sleep(0);
      passes++;
      assert.ok(passes < 50_000_000, 'Node never got a turn');
    }
  });
  clearInterval(timer);
  assert.ok(ticks >= 3);
});

test('N2: a real-time sleep is a Node timer; it never wakes early and Node keeps running meanwhile', async () => {
  useHub(new Hub());
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = performance.now();
  await run(function* () {
    yield* sleep(0.1);
  });
  clearInterval(timer);
  assert.ok(performance.now() - started >= 99, 'slept at least the delay');
  assert.ok(ticks >= 1, 'Node ran other callbacks while the hub waited');
});

test('H13: a blocking call inside a timer callback raises "do not call blocking functions from the mainloop"', async () => {
  const r = virtual();
  let caught: unknown;
  await run(function* () {
    r.hub.scheduleCallGlobal(0, () => {
      try {
        sleep(1).next();
      } catch (e) {
        caught = e;
        throw e;
      }
    });
    yield* sleep(0);
  });
  assert.ok(caught instanceof AssertionError);
  assert.equal((caught as Error).message, 'do not call blocking functions from the mainloop');
  assert.deepEqual(r.printed, ['Traceback: AssertionError: do not call blocking functions from the mainloop']);
});

test('H14: resuming a thread with switch() from inside a green thread is refused', async () => {
  virtual();
  await run(function* () {
    const other = spawn(function* () {
      yield* sleep(1);
    });
    yield* sleep(0);
    assert.throws(() => other.switch(), /from inside a green thread use yield\* switchTo/);
  });
});

test('H15/D7: when main returns, pending threads are abandoned (no finally) and the process exits', () => {
  const script = `
    import { run, spawn, sleep } from ${JSON.stringify(distRoot)};
    await run(function* () {
      spawn(function* () { try { yield* sleep(1000); } finally { console.log('finally ran'); } });
      yield* sleep(0.05);
      console.log('main done');
    });`;
  const started = Date.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(out, 'main done\n');
  assert.ok(Date.now() - started < 15_000, 'the process exited instead of waiting for the 1000 s sleeper');
});

test('D7: while main is blocked the hub keeps the process alive, even with nothing scheduled', () => {
  const script = `
    import { run, sleep, Event, awaitPromise, spawnN } from ${JSON.stringify(distRoot)};
    const ev = new Event();
    setTimeout(() => {}, 0);
    await run(function* () {
      // Nothing scheduled: main waits on an Event that a thread sets after a Promise settles 200 ms later.
      spawnN(function* () {
        yield* awaitPromise(new Promise((r) => setTimeout(r, 200)));
        ev.send('late');
      });
      console.log(yield* ev.wait());
    });`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.stdout, 'late\n');
  assert.equal(res.status, 0);
});

test('H17: abort ends the loop after its iteration, discards every timer and resumes main', async () => {
  const { hub } = virtual();
  const seen: unknown[] = [];
  await run(function* () {
    spawn(function* () {
      yield* sleep(1);
      seen.push('never');
    });
    hub.scheduleCallGlobal(0.5, () => hub.abort());
    const r = yield* suspend();
    seen.push(`main resumed with ${String(r)} at ${hub.clock()}`);
    assert.equal(hub.schedule.size, 0);
    yield* sleep(2);
    seen.push('a fresh loop runs main again');
  });
  // The iteration that saw abort() at 0.5 still finishes its wait, up to the sleeper's deadline at 1.
  assert.deepEqual(seen, ['main resumed with undefined at 1', 'a fresh loop runs main again']);
});

test('H17: abortHub(true) from main waits for the loop to end', async () => {
  const { hub } = virtual();
  await run(function* () {
    hub.scheduleCallGlobal(3, () => assert.fail('discarded timer fired'));
    yield* sleep(0); // a loop is running now
    yield* abortHub(true);
    assert.equal(hub.running, false);
    assert.equal(hub.schedule.size, 0);
  });
});

test("H17: abortHub(true) from a timer callback still stops the loop, then fails with eventlet's assertion", async () => {
  const { result, printed } = await vrun(function* (r) {
    r.hub.scheduleCallGlobal(1, () => {
      abortHub(true).next();
    });
    r.hub.scheduleCallGlobal(2, () => r.log('discarded timer fired (not expected)'));
    yield* sleep(3); // the loop ends after the 1 s pass, wait included (to 2 s): main resumes there
    return [r.hub.clock(), r.trace.length];
  });
  assert.deepEqual(result, [2, 0]); // as the real eventlet: main back at 2.000, the 2 s timer discarded
  assert.deepEqual(printed, ["Traceback: AssertionError: Can't abort with wait from inside the hub's greenlet."]);
});

test('H18: useHub forgets the hub; its timers never fire and the next getHub builds a new one', async () => {
  const old = new VirtualHub();
  useHub(old);
  let fired = false;
  old.scheduleCallGlobal(0, () => (fired = true));
  useHub();
  const fresh = getHub();
  assert.notEqual(fresh, old);
  assert.ok(fresh instanceof Hub);
  useHub(VirtualHub);
  const made = getHub();
  assert.ok(made instanceof VirtualHub);
  assert.equal(old.halted, true);
  await run(function* () {
    yield* sleep(1);
  });
  assert.equal(fired, false);
  useHub(Hub);
});

test('H19: a second simultaneous reader is an error unless allowed; then it is queued and promoted', () => {
  const hub = new VirtualHub();
  const a = hub.listeners.add(READ, 5, () => {}, () => {});
  assert.throws(() => hub.listeners.add(READ, 5, () => {}, () => {}), /Second simultaneous read on fileno 5 detected/);
  hub.listeners.add(WRITE, 5, () => {}, () => {}); // a writer is another kind
  hub.listeners.preventMultipleReaders = false;
  const b = hub.listeners.add(READ, 5, () => {}, () => {});
  assert.equal(hub.listeners.primary.read.get(5), a);
  hub.listeners.remove(a);
  assert.equal(hub.listeners.primary.read.get(5), b, 'the queued reader is promoted');
  assert.match(formatHubListeners(hub), /READERS:\n {2}5\nWRITERS:\n {2}5/);
  hub.dispose();
});

test('H12/H19: listeners.any (checked every pass) agrees with the count through queueing, promotion and close', () => {
  const hub = new VirtualHub();
  const ls = hub.listeners;
  const agrees = (expected: boolean, when: string): void => {
    assert.equal(ls.any, expected, when);
    assert.equal(ls.any, ls.count > 0, `${when}: any and count`);
  };
  agrees(false, 'empty');
  ls.preventMultipleReaders = false;
  const a = ls.add(READ, 9, () => {}, () => {});
  const b = ls.add(READ, 9, () => {}, () => {});
  agrees(true, 'a reader and a queued one');
  ls.remove(a);
  agrees(true, 'the queued reader promoted');
  ls.remove(b);
  agrees(false, 'both gone');
  const w = ls.add(WRITE, 10, () => {}, () => {});
  ls.add(WRITE, 10, () => {}, () => {});
  agrees(true, 'writers only');
  ls.remove(w);
  ls.markClosed(10);
  agrees(false, 'closed: its listeners are dropped');
  hub.dispose();
});

test('H19: readiness is dispatched after the wait; error wakes reader and writer; a failing callback removes the descriptor', async () => {
  const r = virtual();
  const calls: string[] = [];
  await run(function* () {
    r.hub.listeners.add(READ, 3, () => calls.push('r3'), () => {});
    r.hub.listeners.add(WRITE, 3, () => calls.push('w3'), () => {});
    r.hub.listeners.add(READ, 4, () => {
      calls.push('r4');
      throw new TypeError('bad callback');
    }, () => {});
    r.hub.listeners.add(WRITE, 4, () => calls.push('w4'), () => {});
    r.hub.scheduleCallGlobal(0, () => {
      r.hub.listeners.ready(3, 'error');
      r.hub.listeners.ready(4, 'read');
    });
    yield* sleep(1);
  });
  assert.deepEqual(calls, ['r3', 'w3', 'r4', 'r4', 'w4']);
  assert.deepEqual(r.printed, ['Traceback: TypeError: bad callback', 'Removing descriptor: 4', 'Traceback: TypeError: bad callback']);
  assert.equal(r.hub.listeners.primary.read.has(4), false);
  assert.equal(r.hub.listeners.primary.read.has(3), true);
});

test('H21: formatHubTimers lists held timers in firing order', () => {
  const hub = new VirtualHub();
  hub.scheduleCallGlobal(2, () => {});
  hub.scheduleCallLocal(1, () => {});
  const text = formatHubTimers(hub);
  assert.match(text, /^Timers:\n {2}LocalTimer\(1\) due=1\.000000 seq=1 pending\n {2}Timer\(2\) due=2\.000000 seq=0 pending$/);
  hub.dispose();
});

test('Deadlock: on virtual time a main blocked with nothing scheduled gets Deadlock instead of hanging', async () => {
  virtual();
  await assert.rejects(
    run(function* () {
      yield* new Event().wait();
    }),
    Deadlock,
  );
});

test('GreenletExit is a BaseException, not an ordinary error', () => {
  const exit = new GreenletExit();
  assert.ok(exit instanceof BaseException, "the port of `except Exception:` lets it through");
  assert.ok(exit instanceof Error);
  assert.equal(exit.name, 'GreenletExit');
  assert.equal(isSystemException(exit), false, 'unlike SystemExit it does not end the hub (G7)');
});

test("H9: the default printer writes a cause or a recorded context first, joined by Python's words", () => {
  const inner = new RangeError('inner');
  const outer = new TypeError('outer', { cause: inner });
  const during = new SyntaxError('during');
  setContext(during, outer);
  setContext(during, new Error('a second context is ignored'));
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    written.push(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    stderrSink.traceback(during);
  } finally {
    process.stderr.write = write;
  }
  const text = written.join('');
  const at = (s: string): number => text.indexOf(s);
  assert.ok(at('RangeError: inner') >= 0 && at('RangeError: inner') < at('The above exception was the direct cause'));
  assert.ok(at('The above exception was the direct cause') < at('TypeError: outer'));
  assert.ok(at('TypeError: outer') < at('During handling of the above exception, another exception occurred:'));
  assert.ok(at('During handling') < at('SyntaxError: during'));
  assert.equal(text.split('Traceback (most recent call last):').length - 1, 3);
  assert.ok(!text.includes('a second context'));
});
