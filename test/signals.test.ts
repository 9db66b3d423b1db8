/** SignalHandler, SignalExit, alarm, daemon check (L6-L9, N5, N7, D4). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Hub, SystemExit, useHub } from '../src/hub/index.js';
import { Event, run, sleep } from '../src/greenthread/index.js';
import { alarm, isDaemon, isSighupAndDaemon, SignalExit, SignalHandler, signalNumber } from '../src/launcher/signals.js';
import { vrun } from './helpers.js';

test('L6 [!]: number -> name built in alphabetical order, last wins (SIGHUP reads SIG_UNBLOCK)', { skip: process.platform !== 'linux' }, () => {
  const sh = SignalHandler.get();
  const names = sh.signalsToName;
  assert.equal(names.get(1), 'SIG_UNBLOCK');
  assert.equal(names.get(2), 'SIG_SETMASK');
  assert.equal(names.get(17), 'SIGCLD');
  assert.equal(names.get(29), 'SIGPOLL');
  assert.equal(names.get(6), 'SIGIOT');
  assert.equal(names.get(15), 'SIGTERM');
  assert.equal(names.get(14), 'SIGALRM');
  assert.equal(sh.signalsByName.get('SIGHUP'), 1);
  assert.equal(sh.signalsByName.has('SIG_DFL'), false);
  assert.equal(new SignalHandler(), sh);
});

test('L6: unknown names are ignored; a handler added twice is kept once; clear() removes the OS listener', () => {
  const sh = SignalHandler.get();
  sh.clear();
  const before = process.listenerCount('SIGUSR2');
  const h = () => {};
  sh.addHandler('SIGNOTREAL', h);
  assert.equal(sh.isSignalSupported('SIGNOTREAL'), false);
  sh.addHandler('SIGUSR2', h);
  sh.addHandler('SIGUSR2', h);
  sh.addHandlers(['SIGUSR2'], () => {});
  assert.equal(sh.handlersFor(signalNumber('SIGUSR2')).length, 2);
  assert.equal(process.listenerCount('SIGUSR2'), before + 1);
  sh.clear();
  assert.equal(sh.handlersFor(signalNumber('SIGUSR2')).length, 0);
  assert.equal(process.listenerCount('SIGUSR2'), before);
  assert.throws(() => sh.addHandler('SIGKILL', h), /cannot be handled/);
  assert.throws(() => sh.addHandler('SIGUSR2', 'nope' as never), TypeError);
});

test('L7: handlers run in a green thread spawned for the next iteration, with (signo, frame)', async () => {
  const sh = SignalHandler.get();
  sh.clear();
  try {
    const { trace } = await vrun(function* (r) {
      const calls: unknown[][] = [];
      sh.addHandler('SIGUSR2', (...args) => {
        calls.push(args);
        r.log('handler');
      });
      sh.addHandler('SIGUSR2', function* () {
        yield* sleep(1);
        r.log('generator handler done');
      });
      sh.simulate('SIGUSR2');
      r.log('after simulate');
      yield* sleep(0);
      assert.deepEqual(calls, [[signalNumber('SIGUSR2'), null]]);
      yield* sleep(2);
    });
    assert.deepEqual(trace, ['0.000 after simulate', '0.000 handler', '1.000 generator handler done']);
  } finally {
    sh.clear();
  }
});

test('L7/L8: a handler raising SignalExit stops the hub and the exception reaches main where it blocks', async () => {
  const sh = SignalHandler.get();
  sh.clear();
  try {
    await vrun(function* (r) {
      sh.addHandler('SIGUSR2', (signo) => {
        throw new SignalExit(signo);
      });
      sh.simulate('SIGUSR2');
      let caught: unknown;
      try {
        yield* sleep(10);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof SignalExit);
      assert.ok(caught instanceof SystemExit);
      assert.equal(caught.signo, signalNumber('SIGUSR2'));
      assert.equal(caught.code, 1);
      assert.equal(r.hub.clock(), 0);
      assert.equal(new SignalExit(1, 3).code, 3);
    });
  } finally {
    sh.clear();
  }
});

test('N5/D4: a real signal wakes an idle real-time hub at once and runs the handlers', { timeout: 10_000 }, async () => {
  const sh = SignalHandler.get();
  sh.clear();
  useHub(new Hub());
  try {
    const got = await run(function* () {
      const ev = new Event<number>();
      sh.addHandler('SIGUSR2', (signo) => ev.send(signo));
      setTimeout(() => process.kill(process.pid, 'SIGUSR2'), 20);
      return yield* ev.wait(); // nothing scheduled: the hub would sleep 60 s without the wake-up
    });
    assert.equal(got, signalNumber('SIGUSR2'));
  } finally {
    sh.clear();
    useHub();
  }
});

test('N5: alarm() re-arms, reports what was left, and 0 cancels; bad values are a TypeError', () => {
  assert.equal(alarm(0), 0);
  assert.equal(alarm(100), 0);
  const left = alarm(50);
  assert.ok(left >= 99 && left <= 100, `left ${left}`);
  assert.ok(alarm(0) >= 49);
  assert.equal(alarm(0), 0);
  assert.throws(() => alarm(1.5), TypeError);
  assert.throws(() => alarm(-1), TypeError);
});

test('L9/N7/D5: daemon means stdout is not a terminal; only SIGHUP counts for isSighupAndDaemon', () => {
  assert.equal(isDaemon(), !process.stdout.isTTY);
  assert.equal(isSighupAndDaemon(signalNumber('SIGTERM')), false);
  assert.equal(isSighupAndDaemon(signalNumber('SIGHUP')), isDaemon());
  assert.throws(() => signalNumber('SIGNOPE'), /unknown signal name/);
});

test('N5: ignore() is SIG_IGN: the signal neither kills nor runs handlers until a handler is added again; clear() restores the default', async () => {
  useHub(new Hub());
  const sh = SignalHandler.get();
  sh.clear();
  const seen: number[] = [];
  const before = process.listenerCount('SIGUSR2');
  await run(function* () {
    sh.addHandler('SIGUSR2', (signo) => void seen.push(signo));
    sh.ignore('SIGUSR2');
    assert.equal(process.listenerCount('SIGUSR2'), before + 1, 'one no-op listener stands for SIG_IGN');
    process.kill(process.pid, 'SIGUSR2');
    yield* sleep(0.1);
    assert.equal(seen.length, 0, 'an ignored signal runs no handler (and this process is still alive)');
    sh.addHandler('SIGUSR2', (signo) => void seen.push(signo));
    assert.equal(process.listenerCount('SIGUSR2'), before + 1, 'adding a handler replaces SIG_IGN');
    process.kill(process.pid, 'SIGUSR2');
    yield* sleep(0.1);
    assert.equal(seen.length, 2, 'both handlers kept through SIG_IGN run');
    sh.ignore('SIGUSR2');
    sh.clear();
    assert.equal(process.listenerCount('SIGUSR2'), before, 'clear() leaves the default action');
  });
});

test('N5/L10: the alarm goes off even while the process is stuck in a blocking call, and kills it by SIGALRM', () => {
  const signals = new URL('../src/launcher/signals.js', import.meta.url).href;
  const script = `
    import { alarm } from ${JSON.stringify(signals)};
    alarm(1);
    const end = Date.now() + 5000;
    while (Date.now() < end); // a service blocked in stop(), past graceful_shutdown_timeout
    console.log('not killed');`;
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.signal, 'SIGALRM');
  assert.equal(res.stdout, '');
  assert.ok(Date.now() - started < 4500, 'it went off during the blocking loop, not after it');
});
