/**
 * ProcessLauncher with real worker processes (L12–L26, N3–N6): the parent's idle hub (seed article, L23),
 * shared listening sockets, several services, daemon SIGHUP (reload and mutate), the graceful-shutdown
 * alarm, parent death, and the crash-loop throttle (L15) without zombies.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Run, alive, childrenOf, procState, sleepMs } from './fixtures/process-harness.js';

const ECHO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'process-echo.js');
const READY = /^service start\(\) called/;

async function withRun(args: string[], body: (run: Run) => Promise<void>, program?: string[]): Promise<Run> {
  const run = new Run(args, {}, program);
  try {
    await body(run);
  } finally {
    await run.cleanup();
  }
  return run;
}

function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let text = '';
    c.setEncoding('utf8');
    c.on('data', (d) => (text += d));
    c.on('end', () => resolve(text.trim()));
    c.on('error', reject);
  });
}

test('L23 [A]: while it waits, the parent hub holds one timer, nothing staged, no listener, only main', async () => {
  let sigterm = 0;
  const run = await withRun([], async (r) => {
    await r.waitLog(/^other worker started$/, 2, undefined, 8);
    await sleepMs(400);
    sigterm = Date.now() / 1000;
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
  }, [ECHO]);
  // Probes taken before the signal: after it, the handler thread and the reaping loop are scheduled.
  const probes = run.records
    .flatMap((rec) => rec.extra)
    .filter((l) => l.startsWith('PROBE') && Number(l.split(' ')[1]) < sigterm - 0.05)
    .map((l) => l.split(' ').filter((_, i) => i !== 1).join(' '));
  assert.ok(probes.length >= 5, `several probes: ${probes.length}`);
  for (const line of probes) {
    assert.equal(line, 'PROBE heap=1 staged=0 zero=0 listeners=0 threads=main main-suspended=true');
  }
  assert.deepEqual(run.exit, { code: 0, signal: null });
});

test('N3: a socket opened before launch is served by all 4 workers on one port; two services, own counts', async () => {
  const run = await withRun([], async (r) => {
    await r.waitLog(/^echo worker serving port \d+$/, 4, undefined, 8);
    await r.waitLog(/^other worker started$/, 2, undefined, 8);
    const port = Number(/(\d+)$/.exec(r.records.find((x) => x.msg.startsWith('parent listening'))!.msg)![1]);
    const answers = new Set<number>();
    for (let i = 0; i < 24; i++) answers.add(Number(await ask(port)));
    const echoWorkers = r.children.slice(0, 4);
    for (const pid of answers) assert.ok(echoWorkers.includes(pid), `answered by an echo worker: ${pid}`);
    assert.ok(!answers.has(r.pid), 'the parent never accepts');
    for (const rec of r.records.filter((x) => x.msg.startsWith('echo worker serving port'))) {
      assert.equal(rec.msg, `echo worker serving port ${port}`);
    }
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  }, [ECHO]);
  assert.equal(run.count(/^Starting 4 workers$/), 1);
  assert.equal(run.count(/^Starting 2 workers$/), 1);
  assert.equal(run.children.length, 6);
  assert.equal(run.count(/^Waiting on 6 children to exit$/), 1);
  assert.deepEqual(run.exit, { code: 0, signal: null });
});

test('L24/L26: daemon SIGHUP with reload: children exit 0 and are replaced by new pids', async () => {
  const run = await withRun(['--workers', '2', '--heartbeat', '0'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(2100); // past the throttle window, so the replacements fork at once
    r.send('P', 'SIGHUP');
    await r.waitLog(READY, 2, /^C[34]$/, 8);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  const p = run.perProcess().get('P')!;
  assert.ok(p.includes('P INFO oslo_service.service: Caught SIG_UNBLOCK, stopping children'));
  assert.ok(p.includes('P INFO oracle: service reset() called'));
  assert.ok(p.includes('P INFO oslo_service.service: Child C1 exited with status 0'));
  assert.ok(p.includes('P INFO oslo_service.service: Child C2 exited with status 0'));
  assert.equal(run.children.length, 4);
  assert.deepEqual(run.exit, { code: 0, signal: null });
});

test('L21/L26: daemon SIGHUP with mutate: each child is sent SIGHUP and resets in place (same pid)', async () => {
  const run = await withRun(['--workers', '2', '--heartbeat', '0', '--restart-method', 'mutate'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    r.send('P', 'SIGHUP');
    await r.waitLog(/^service reset\(\) called$/, 2, /^C[12]$/, 8);
    await sleepMs(300);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.equal(run.children.length, 2, 'no child was replaced');
  const c1 = run.perProcess().get('C1')!.map((l) => l.slice(3));
  // L5: mutate only resets; the services keep running, and the wait goes on until SIGTERM.
  assert.deepEqual(c1.slice(3), [
    'INFO oslo_service.service: Child caught SIG_UNBLOCK, handling',
    'INFO oracle: service reset() called',
    'INFO oracle: service wait() called',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop() returning',
    'INFO oracle: service wait() returning',
    'INFO oracle: service wait() called',
    'INFO oracle: service wait() returning',
  ]);
  assert.ok(run.perProcess().get('P')!.includes('P INFO oslo_service.service: Child C1 exited with status 0'));
  assert.deepEqual(run.exit, { code: 0, signal: null });
});

test('L25/L10: SIGTERM with a stop() that hangs ends at graceful_shutdown_timeout: killed by SIGALRM', async () => {
  const run = await withRun(['--workers', '2', '--heartbeat', '0', '--hang-in-stop', '3', '--graceful-shutdown-timeout', '1'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    // The children finish their hang, notice the parent's death and exit 1 (L20).
    assert.deepEqual(await r.waitGone(10), []);
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGALRM' });
  // SIGTERM cleared the handlers, so the alarm kills without a log line (L10/L25).
  assert.equal(run.count(/Graceful shutdown timeout exceeded/), 0);
  assert.equal(run.count(/^Waiting on 2 children to exit$/), 1);
  assert.equal(run.count(/^Parent process has died unexpectedly, exiting$/), 2);
});

test('L20: after SIGKILL of the parent, no worker is alive 2 s later', async () => {
  await withRun(['--workers', '3', '--heartbeat', '0'], async (r) => {
    await r.waitLog(READY, 3, /^C\d+$/);
    const workers = [...r.children];
    r.send('P', 'SIGKILL');
    await sleepMs(2000);
    for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} still alive`);
  });
});

/** How long the crash-loop test lets a worker crash at start (issue #5 asks for 30 s). */
const CRASH_LOOP_SECONDS = 30;

test('L15: a worker crashing at start is throttled as oslo throttles it, the parent stays up, no zombie', async () => {
  const zombies = new Map<number, number>();
  const run = await withRun(['--workers', '2', '--crash-at-start', '3', '--heartbeat', '0'], async (r) => {
    await r.waitLog(/^Started child/, 1, /^P$/);
    const end = Date.now() + CRASH_LOOP_SECONDS * 1000;
    while (Date.now() < end) {
      assert.ok(alive(r.pid), 'the parent stays up');
      for (const pid of childrenOf(r.pid)) {
        if (procState(pid) === 'Z') zombies.set(pid, (zombies.get(pid) ?? 0) + 1);
      }
      await sleepMs(100);
    }
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  // Node reaps each child as it exits: a pid seen as a zombie in two samples 100 ms apart was never reaped.
  for (const [pid, n] of zombies) assert.ok(n < 2, `zombie ${pid} persisted`);
  const forks = run.records.filter((x) => x.pid === run.pid && x.msg.startsWith('Started child')).map((x) => x.t);
  // 30 s of crashing. The rule (workers = 2): the first 3 forks are free; after that a fork comes either 2 s
  // after the fork 3 places back, or right after a 1 s "Forking too fast" pause; so never 3 forks in 1 s, and
  // at most 3 every 2 s. The lower bound leaves room for a loaded machine, where forks come slower.
  assert.ok(
    forks.length >= CRASH_LOOP_SECONDS * 0.8 && forks.length <= CRASH_LOOP_SECONDS * 1.5 + 6,
    `forks: ${forks.length} in ${CRASH_LOOP_SECONDS} s`,
  );
  let pauses = 0;
  for (let i = 3; i < forks.length; i++) {
    const paused = forks[i]! - forks[i - 1]! >= 0.95;
    if (paused) pauses++;
    assert.ok(paused || forks[i]! - forks[i - 3]! >= 1.95, `fork #${i + 1} came neither after a pause nor 2 s after #${i - 2}`);
    assert.ok(forks[i]! - forks[i - 2]! >= 0.95, `3 forks within 1 s ending at #${i + 1}`);
  }
  assert.equal(run.count(/^Forking too fast, sleeping$/), pauses);
  assert.ok(run.count(/^Forking too fast, sleeping$/) >= CRASH_LOOP_SECONDS / 3);
  assert.deepEqual(run.exit, { code: 0, signal: null });
});

test('L24: a daemon SIGHUP while a dead worker is not reaped yet does not signal the gone pid; the parent carries on', () => {
  const fixture = fileURLToPath(new URL('./fixtures/process-sighup-race.js', import.meta.url));
  const res = spawnSync(process.execPath, [fixture], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.stdout, 'parent wait returned\n', res.stderr);
  assert.equal(res.status, 0, res.stderr);
});

/**
 * Runs the oracle driver (test/fixtures/process-driver.ts) with `args`, sends SIGTERM to the parent after
 * `termAfterMs`, and returns how the parent ended and each process's log lines (timestamps dropped; the
 * parent's are keyed 'P', the first worker's 'C1').
 */
function driverRun(args: string[], termAfterMs: number): { code: number | null; signal: string | null; P: string[]; C1: string[] } {
  const driver = fileURLToPath(new URL('./fixtures/process-driver.js', import.meta.url));
  const script = `
    const { spawn } = require('node:child_process');
    const p = spawn(process.execPath, ${JSON.stringify([driver])}.concat(${JSON.stringify(args)}), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    setTimeout(() => p.kill('SIGTERM'), ${termAfterMs});
    p.stderr.on('close', () => process.stdout.write(JSON.stringify({ code: p.exitCode, signal: p.signalCode, err })));`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  const { code, signal, err } = JSON.parse(res.stdout) as { code: number | null; signal: string | null; err: string };
  const lines = err.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/^\S+ /, ''));
  const parent = lines[0]!.split(' ')[0]!;
  const child = lines.find((l) => l.includes('Started child'))!.split(' ').pop()!;
  const of = (pid: string) =>
    lines.filter((l) => l.startsWith(`${pid} `)).map((l) => l.slice(pid.length + 1).replace(child, 'C1'));
  return { code, signal, P: of(parent), C1: of(child) };
}

// The expected lines below are what the real oslo.service driver (service_driver.py) logs when run the same way.
const PARENT_SIGTERM_WAITING = [
  'INFO oracle: driver: ProcessLauncher workers=1 restart_method=reload stdout_isatty=False is_daemon=True',
  'INFO oslo_service.service: Starting 1 workers',
  'DEBUG oslo_service.service: Started child C1',
  'INFO oracle: driver: calling launcher.wait()',
  'INFO oslo_service.service: Caught SIGTERM, stopping children',
  'DEBUG oslo_service.service: Stop services.',
  'INFO oracle: service stop() called (started here: False)',
  'INFO oracle: service stop() returning',
  'DEBUG oslo_service.service: Killing children.',
  'INFO oslo_service.service: Waiting on 1 children to exit',
];

test('L25/L20: workers that ignore SIGTERM: the parent waits, dies by SIGALRM at graceful_shutdown_timeout, and the workers follow through the pipe', () => {
  const run = driverRun(
    ['--workers', '1', '--heartbeat', '0', '--ignore-sigterm', 'true', '--graceful-shutdown-timeout', '2', '--log-options', 'false'],
    1500,
  );
  assert.deepEqual({ code: run.code, signal: run.signal }, { code: null, signal: 'SIGALRM' });
  assert.deepEqual(run.P, PARENT_SIGTERM_WAITING);
  assert.deepEqual(run.C1, [
    'INFO oracle: service wait() called',
    'INFO oracle: service wait() returning',
    'INFO oracle: service start() called (start #1 in this process)',
    'INFO oracle: service start(): SIGTERM is now ignored',
    'INFO oslo_service.service: Parent process has died unexpectedly, exiting',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop() returning',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop() returning',
    'INFO oracle: service wait() called',
    'INFO oracle: service wait() returning',
  ]);
});

test('L20/H12: a worker blocked in stop() past its parent\'s death notices the dead parent at the next hub pass', () => {
  // The blocking hang keeps Node's loop from turning; when it ends, the pipe's EOF must be seen in the very
  // next pass (eventlet polls every pass), before stop() goes on.
  const run = driverRun(
    ['--workers', '1', '--heartbeat', '0', '--hang-in-stop', '2', '--hang-blocking', 'true', '--graceful-shutdown-timeout', '1', '--log-options', 'false'],
    1500,
  );
  assert.deepEqual({ code: run.code, signal: run.signal }, { code: null, signal: 'SIGALRM' });
  assert.deepEqual(run.P, PARENT_SIGTERM_WAITING);
  assert.deepEqual(run.C1, [
    'INFO oracle: service wait() called',
    'INFO oracle: service wait() returning',
    'INFO oracle: service start() called (start #1 in this process)',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop(): hanging for 2s (blocking)',
    'INFO oracle: service stop(): hang finished',
    'INFO oslo_service.service: Parent process has died unexpectedly, exiting',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop(): hanging for 2s (blocking)',
    'INFO oracle: service stop(): hang finished',
    'INFO oracle: service stop() returning',
    'INFO oracle: service stop() returning',
    'INFO oracle: service stop() called (started here: True)',
    'INFO oracle: service stop(): hanging for 2s (blocking)',
    'INFO oracle: service stop(): hang finished',
    'INFO oracle: service stop() returning',
    'INFO oracle: service wait() called',
    'INFO oracle: service wait() returning',
  ]);
});
