/**
 * The launcher oracle (shared/launcher-oracle) reproduced with real processes and signals: each case runs
 * the port of service_driver.py through the same steps as run_cases.py and compares the normalized
 * transcript per process with the recorded run of the real oslo.service (L10–L26, N3–N7). Lines of
 * different processes interleave freely; within a process they must match, except where the oracle's
 * README allows it (the order of simultaneous child exits, and how many forks a crash loop makes after
 * SIGTERM — a port acts on it promptly).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Run, oracle, sleepMs } from './fixtures/process-harness.js';

const READY = /^service start\(\) called/;

/** Simultaneous exits may be reaped in any order: sort each run of consecutive "Child … exited" lines. */
function sortExitRuns(lines: string[]): string[] {
  const out = [...lines];
  const isExit = (l: string) => /: Child C\d+ (exited with status|killed by signal)/.test(l);
  for (let i = 0; i < out.length; ) {
    if (!isExit(out[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && isExit(out[j]!)) j++;
    const sorted = out.slice(i, j).sort();
    out.splice(i, j - i, ...sorted);
    i = j;
  }
  return out;
}

/** Cases this repository recorded from the real oslo.service with the shared runner (launcher-oracle-extra/record.py). */
const EXTRA = fileURLToPath(new URL('../../test/launcher-oracle-extra', import.meta.url));

function assertSameProcesses(run: Run, caseName: string, only?: string[], dir?: string): void {
  const ours = run.perProcess();
  const theirs = oracle(caseName, dir).perProcess;
  const tokens = only ?? [...theirs.keys()];
  assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), `processes of ${caseName}`);
  for (const tok of tokens) {
    assert.deepEqual(sortExitRuns(ours.get(tok) ?? []), sortExitRuns(theirs.get(tok) ?? []), `${caseName}: process ${tok}`);
  }
}

async function withRun(args: string[], body: (run: Run) => Promise<void>, options: { tty?: boolean } = {}): Promise<Run> {
  const run = new Run(args, {}, undefined, options);
  try {
    await body(run);
  } finally {
    await run.cleanup();
  }
  return run;
}

/**
 * The commonest case: every worker ready (`workers` READY lines from C1.., or one from a ServiceLauncher), a
 * second, `signal` to the parent (and, with `again`, a second later another one), its exit, then no process
 * left after `gone` seconds.
 */
function signalWhenReady(
  args: string[],
  signal: NodeJS.Signals,
  { workers = 0, gone = 3, tty = false, again }: { workers?: number; gone?: number; tty?: boolean; again?: NodeJS.Signals } = {},
): Promise<Run> {
  return withRun(
    args,
    async (r) => {
      if (workers > 0) await r.waitLog(READY, workers, /^C\d+$/);
      else await r.waitLog(READY, 1);
      await sleepMs(1000);
      r.send('P', signal, again === undefined ? 'final' : 'first');
      if (again !== undefined) {
        // a second signal while the first one's shutdown still runs
        await sleepMs(1000);
        r.send('P', again, 'final');
      }
      await r.waitExit(10);
      assert.deepEqual(await r.waitGone(gone), []);
    },
    { tty },
  );
}

/** Two workers ready; 2.5 s later `signal` to C1 only; its replacement C3 ready; a second later SIGTERM to the parent. */
function signalOneChild(signal: NodeJS.Signals): Promise<Run> {
  return withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(2500);
    r.send('C1', signal);
    await r.waitLog(READY, 1, /^C3$/);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
}

test('a (L13, L14, L24-L26): ProcessLauncher, 2 workers, SIGTERM to the parent', async () => {
  const run = await signalWhenReady(['--workers', '2'], 'SIGTERM', { workers: 2 });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'a_process_sigterm');
});

test('b (L22, L23, N4): SIGKILL one child (respawned), then SIGTERM the parent', async () => {
  const run = await withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(2500);
    r.send('C1', 'SIGKILL');
    await r.waitLog(READY, 1, /^C3$/);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'b_sigkill_child');
});

test('b2 (L15): two quick SIGKILLs: the second respawn is throttled ("Forking too fast, sleeping")', async () => {
  const run = await withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    r.send('C1', 'SIGKILL');
    await r.waitLog(/^Started child/, 3, /^P$/);
    r.send('C2', 'SIGKILL');
    await r.waitLog(READY, 1, /^C4$/, 5);
    await sleepMs(500);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assert.equal(run.count(/^Forking too fast, sleeping$/), 1);
  // C1 and C2 were killed before they could log more than the oracle's killed children did.
  assertSameProcesses(run, 'b2_rapid_child_kills', ['P', 'C3', 'C4']);
});

test('b3 (L17-L19, L22): SIGTERM to one child only: it exits 0 and is replaced', async () => {
  const run = await signalOneChild('SIGTERM');
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'b3_sigterm_child');
});

/** c/c2: the crash loop's fork cadence up to the 9th fork matches; after SIGTERM the shutdown is prompt. */
async function crashLoop(mode: 'exit' | 'raise' | 'os_exit', caseName: string, dir?: string): Promise<void> {
  const run = await withRun(['--workers', '2', '--crash-at-start', '3', '--crash-mode', mode], async (r) => {
    await r.waitLog(/^Started child/, 1, /^P$/);
    await sleepMs(5000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  const ours = run.perProcess();
  const theirs = oracle(caseName, dir).perProcess;
  const p = ours.get('P')!;
  const q = theirs.get('P')!;
  const cut = (lines: string[]) => lines.indexOf(lines.find((l) => l.endsWith('Started child C9'))!) + 1;
  assert.ok(cut(p) > 0, `nine forks within 5 s:\n${p.join('\n')}`);
  // Two children forked back to back die in either order (a Node worker starts in tens of ms): compare the
  // cadence with the dead child's name masked.
  const mask = (lines: string[]) => lines.map((l) => l.replace(/Child C\d+ exited/, 'Child C? exited'));
  assert.deepEqual(mask(p.slice(0, cut(p))), mask(q.slice(0, cut(q))), 'fork cadence and throttle lines up to C9');
  const tail = p.slice(p.findIndex((l) => l.includes('Caught SIGTERM')));
  assert.deepEqual(tail.slice(0, 5), [
    'P INFO oslo_service.service: Caught SIGTERM, stopping children',
    'P DEBUG oslo_service.service: Stop services.',
    'P INFO oracle: service stop() called (started here: False)',
    'P INFO oracle: service stop() returning',
    'P DEBUG oslo_service.service: Killing children.',
  ]);
  assert.equal(tail[tail.length - 1], 'P INFO oracle: driver: launcher.wait() returned None; exiting via sys.exit');
  const code = mode === 'raise' ? 1 : 3;
  for (const line of p.slice(0, p.length - tail.length)) {
    const m = /Child C\d+ exited with status (\d+)/.exec(line);
    if (m) assert.equal(Number(m[1]), code);
  }
  // The children still alive at the parent's SIGTERM are stopped by it: those that had installed their
  // handlers exit 0; one still inside Node's own start-up dies by the default action (README, "Where greenhub
  // still differs"); one that crashed meanwhile exits with the crash's code.
  for (const line of tail) {
    const m = /Child C\d+ (exited with status \d+|killed by signal \d+)/.exec(line);
    if (m) assert.ok([`exited with status 0`, `exited with status ${code}`, 'killed by signal 15'].includes(m[1]!), line);
  }
  // Every child that got as far as logging did exactly what oslo's C1 did, as far as it got.
  const model = theirs.get('C1')!.map((l) => l.slice(l.indexOf(' ')));
  for (const [tok, lines] of ours) {
    if (tok === 'P') continue;
    const body = lines.map((l) => l.slice(l.indexOf(' ')));
    assert.deepEqual(body, model.slice(0, body.length), `${caseName}: ${tok}`);
  }
}

test('c (L15, L16, L22): start() always does sys.exit(3): throttled respawn loop, parent stays up', async () => {
  await crashLoop('exit', 'c_crash_at_start');
});

test('c2 (L4, L19): start() always raises: "Error starting thread." in each child, exit status 1', async () => {
  await crashLoop('raise', 'c2_crash_raise');
});

test('f (L17, L20): SIGKILL to the parent: each child logs the parent death, stops twice and exits 1', async () => {
  const run = await withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(1000);
    r.send('P', 'SIGKILL');
    await r.waitExit(5);
    assert.deepEqual(await r.waitGone(5), []);
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGKILL' });
  assertSameProcesses(run, 'f_sigkill_parent');
});

test('i (L13, L20): SIGINT to the parent only: it exits 1, the children follow through the pipe', async () => {
  const run = await signalWhenReady(['--workers', '2'], 'SIGINT', { workers: 2, gone: 5 });
  assert.deepEqual(run.exit, { code: 1, signal: null });
  assertSameProcesses(run, 'i_process_sigint');
});

test('i2 (L13, L18): SIGINT to the parent and both children (Ctrl-C): every process exits 1', async () => {
  const run = await withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(1000);
    r.send('P+children', 'SIGINT');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(5), []);
  });
  assert.deepEqual(run.exit, { code: 1, signal: null });
  const ours = run.perProcess();
  const theirs = oracle('i2_process_sigint_group').perProcess;
  assert.deepEqual(ours.get('P'), theirs.get('P'));
  // The README's race: the SIGINT line alone, or the parent-death watcher first (then stop(), then SIGINT).
  const sigint = 'INFO oslo_service.service: Caught SIGINT signal, instantaneous exiting';
  const base = ['INFO oracle: service wait() called', 'INFO oracle: service wait() returning', 'INFO oracle: service start() called (start #1 in this process)'];
  const died = ['INFO oslo_service.service: Parent process has died unexpectedly, exiting', 'INFO oracle: service stop() called (started here: True)'];
  for (const tok of ['C1', 'C2']) {
    const body = ours.get(tok)!.map((l) => l.slice(l.indexOf(' ') + 1));
    assert.equal(body[body.length - 1], sigint, tok);
    const middle = body.slice(base.length, -1);
    assert.deepEqual(body.slice(0, base.length), base, tok);
    assert.deepEqual(middle, died.slice(0, middle.length), tok);
  }
});

test('h1: ServiceLauncher, SIGTERM: stop, wait, exit 0', async () => {
  const run = await withRun(['--launcher', 'service'], async (r) => {
    await r.waitLog(READY);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'h1_service_sigterm');
});

test('h2: ServiceLauncher, SIGINT: exit 1 at once', async () => {
  const run = await withRun(['--launcher', 'service'], async (r) => {
    await r.waitLog(READY);
    await sleepMs(1000);
    r.send('P', 'SIGINT');
    await r.waitExit(10);
  });
  assert.deepEqual(run.exit, { code: 1, signal: null });
  assertSameProcesses(run, 'h2_service_sigint');
});

test('h3: ServiceLauncher, SIGHUP as a daemon restarts in place, then SIGTERM', async () => {
  const run = await withRun(['--launcher', 'service'], async (r) => {
    await r.waitLog(READY);
    await sleepMs(1000);
    r.send('P', 'SIGHUP');
    await r.waitLog(READY, 2, undefined, 5);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'h3_service_sighup_daemon');
});

test('h4: ServiceLauncher without any watched fd: same transcript (D4: the signal is not delayed)', async () => {
  const run = await withRun(['--launcher', 'service', '--idle-reader', 'false'], async (r) => {
    await r.waitLog(READY);
    await sleepMs(1500);
    r.send('P', 'SIGTERM', 'final');
    await r.waitExit(10);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'h4_service_sigterm_no_fd');
});

// --- Cases recorded here from the real oslo.service (test/launcher-oracle-extra) -------------------------------

test('d (L21, L24, L26): daemon SIGHUP with reload: the parent resets its copy, the children exit 0 and are replaced', async () => {
  const run = await withRun(['--workers', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(2500);
    r.send('P', 'SIGHUP');
    await r.waitLog(READY, 2, /^C[34]$/);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  // Both children get SIGTERM at once: either may be reaped (and replaced) first, between the replacements'
  // forks. Compare the parent with the dead child's name masked, and which children exited, as a set.
  const ours = run.perProcess();
  const theirs = oracle('d_process_sighup_reload', EXTRA).perProcess;
  const mask = (lines: string[]) => lines.map((l) => l.replace(/Child C\d+ exited/, 'Child C? exited'));
  const exited = (lines: string[]) => lines.filter((l) => / exited /.test(l)).map((l) => /C\d+/.exec(l)![0]).sort();
  assert.deepEqual(mask(ours.get('P')!), mask(theirs.get('P')!));
  assert.deepEqual(exited(ours.get('P')!), exited(theirs.get('P')!));
  const children = [...theirs.keys()].filter((t) => t !== 'P');
  assertSameProcesses(run, 'd_process_sighup_reload', children, EXTRA);
});

test('d2 (L21, L24): daemon SIGHUP with mutate: each child resets in place, same pids', async () => {
  const run = await withRun(['--workers', '2', '--restart-method', 'mutate'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(1000);
    r.send('P', 'SIGHUP');
    await r.waitLog(/^service reset\(\) called/, 2, /^C\d+$/, 5);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'd2_process_sighup_mutate', undefined, EXTRA);
});

test('e (L25, N5): stop() hangs past graceful_shutdown_timeout: the parent dies by SIGALRM, the children stop twice', async () => {
  const run = await withRun(['--workers', '2', '--hang-in-stop', '30', '--graceful-shutdown-timeout', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    // As in the oracle, the children are still hanging in their second stop() when the observation ends.
    await r.waitLog(/^service stop\(\): hanging/, 4, /^C\d+$/, 5);
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGALRM' });
  assertSameProcesses(run, 'e_process_stop_hangs', undefined, EXTRA);
});

test('g (L25, L20): children that ignore SIGTERM: the parent dies by SIGALRM, the children follow through the pipe', async () => {
  const run = await signalWhenReady(['--workers', '2', '--ignore-sigterm', 'true', '--graceful-shutdown-timeout', '2'], 'SIGTERM', {
    workers: 2,
    gone: 5,
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGALRM' });
  assertSameProcesses(run, 'g_process_children_ignore_sigterm', undefined, EXTRA);
});

test('h5 (L11, N7): ServiceLauncher on a terminal, SIGHUP: logged, handlers cleared, the service runs on; a second SIGHUP kills', async () => {
  const run = await withRun(
    ['--launcher', 'service'],
    async (r) => {
      await r.waitLog(READY, 1);
      await sleepMs(1000);
      r.send('P', 'SIGHUP');
      await sleepMs(1500);
      r.send('P', 'SIGHUP');
      await r.waitExit(10);
      assert.deepEqual(await r.waitGone(3), []);
    },
    { tty: true },
  );
  assert.deepEqual(run.exit, { code: null, signal: 'SIGHUP' });
  assertSameProcesses(run, 'h5_service_sighup_foreground', undefined, EXTRA);
});

test('d3 (L24, N7): ProcessLauncher on a terminal, SIGHUP: a full shutdown, exit 0', async () => {
  const run = await signalWhenReady(['--workers', '2'], 'SIGHUP', { workers: 2, tty: true });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'd3_process_sighup_foreground', undefined, EXTRA);
});

test('h6 (L10 [!]): ServiceLauncher, stop() hangs past graceful_shutdown_timeout: SIGALRM, no log line', async () => {
  const run = await signalWhenReady(['--launcher', 'service', '--hang-in-stop', '30', '--graceful-shutdown-timeout', '2'], 'SIGTERM');
  assert.deepEqual(run.exit, { code: null, signal: 'SIGALRM' });
  assertSameProcesses(run, 'h6_service_stop_hangs', undefined, EXTRA);
});

test('h7 (L10): ServiceLauncher, a second SIGTERM while stop() hangs kills by default action', async () => {
  const run = await signalWhenReady(['--launcher', 'service', '--hang-in-stop', '30', '--graceful-shutdown-timeout', '10'], 'SIGTERM', {
    again: 'SIGTERM',
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGTERM' });
  assertSameProcesses(run, 'h7_service_second_sigterm', undefined, EXTRA);
});

test('h8 (L4, L11): ServiceLauncher, start() raises: "Error starting thread.", stop, wait, exit 1', async () => {
  const run = await withRun(['--launcher', 'service', '--crash-at-start', '3', '--crash-mode', 'raise'], async (r) => {
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 1, signal: null });
  assertSameProcesses(run, 'h8_service_crash_at_start', undefined, EXTRA);
});

test('c3 (L15, L16, L22): start() always does os._exit(3): the same throttled loop, no cleanup in the child', async () => {
  await crashLoop('os_exit', 'c3_crash_os_exit', EXTRA);
});

test('e2 (L20, L25): stop() blocks the process past graceful_shutdown_timeout: SIGALRM; the children notice the dead parent between blocks', async () => {
  const run = await withRun(['--workers', '2', '--hang-in-stop', '3', '--hang-blocking', 'true', '--graceful-shutdown-timeout', '2'], async (r) => {
    await r.waitLog(READY, 2, /^C\d+$/);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    // As in the oracle, each child is in its third stop() when the observation ends.
    await r.waitLog(/^service stop\(\) called/, 6, /^C\d+$/, 12);
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGALRM' });
  assertSameProcesses(run, 'e2_process_stop_blocks', undefined, EXTRA);
});

test('j (L14, L24-L26): ProcessLauncher, 3 workers, SIGTERM to the parent', async () => {
  const run = await signalWhenReady(['--workers', '3'], 'SIGTERM', { workers: 3 });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'j_process_three_workers', undefined, EXTRA);
});

test('j2 (L24): log_options false: no option dump, otherwise as a', async () => {
  const run = await signalWhenReady(['--workers', '2', '--log-options', 'false'], 'SIGTERM', { workers: 2 });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assert.equal(run.count(/^Full set of CONF/), 0);
  assertSameProcesses(run, 'j2_process_no_log_options', undefined, EXTRA);
});

test('j3 (L13, L25): graceful_shutdown_timeout 0 arms no alarm: the parent waits out the hanging stop()', async () => {
  const run = await signalWhenReady(['--workers', '2', '--hang-in-stop', '3', '--graceful-shutdown-timeout', '0'], 'SIGTERM', { workers: 2 });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'j3_process_gst0_stop_hangs', undefined, EXTRA);
});

test('j4 (L13, L20): a second SIGTERM to the parent while the children hang in stop() kills it by default action', async () => {
  const run = await signalWhenReady(['--workers', '2', '--hang-in-stop', '3', '--graceful-shutdown-timeout', '10'], 'SIGTERM', {
    workers: 2,
    gone: 6,
    again: 'SIGTERM',
  });
  assert.deepEqual(run.exit, { code: null, signal: 'SIGTERM' });
  assertSameProcesses(run, 'j4_process_double_sigterm', undefined, EXTRA);
});

test('j5 (L18, L22, L26): SIGINT to one child only: it exits 1 and is replaced', async () => {
  const run = await signalOneChild('SIGINT');
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'j5_process_sigint_child', undefined, EXTRA);
});

test('h9 (L11, L21): ServiceLauncher with mutate, daemon SIGHUP: the service is reset in place, then SIGTERM', async () => {
  const run = await withRun(['--launcher', 'service', '--restart-method', 'mutate'], async (r) => {
    await r.waitLog(READY, 1);
    await sleepMs(1000);
    r.send('P', 'SIGHUP');
    await r.waitLog(/^service reset\(\) called/, 1, undefined, 5);
    await sleepMs(1000);
    r.send('P', 'SIGTERM');
    await r.waitExit(10);
    assert.deepEqual(await r.waitGone(3), []);
  });
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assertSameProcesses(run, 'h9_service_sighup_mutate', undefined, EXTRA);
});
