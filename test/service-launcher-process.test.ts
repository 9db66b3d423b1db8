/**
 * ServiceLauncher in a real process under real signals (L10, L11, N5), compared per process with the
 * launcher-oracle's ServiceLauncher cases (../shared/launcher-oracle/transcripts/h*_service_*.json): the
 * fixture test/fixtures/service-launcher.ts plays the oracle's service_driver.py. stdout is /dev/null, so the
 * process is a daemon (N7), as in the oracle's runs. Every child is killed by pid when a test ends.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures', 'service-launcher.js');
const transcripts = resolve(here, '..', '..', '..', 'shared', 'launcher-oracle', 'transcripts');
const live = new Set<ChildProcess>();

after(() => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  lines: string[];
  /** Resolves once a line matching `re` has been printed (count-th occurrence). */
  waitFor(re: RegExp, count?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [fixture], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DEBUG: '', ORACLE_HEARTBEAT: '0.25', ...env },
  });
  live.add(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; count: number; resolve: () => void }[] = [];
  let buf = '';
  const check = () => {
    for (const w of [...waiters]) {
      if (lines.filter((l) => w.re.test(l)).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
    check();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      res({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exit,
    waitFor(re, count = 1) {
      return new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for ${re} (x${count}); got:\n${lines.join('\n')}`)), 10_000);
        waiters.push({ re, count, resolve: () => (clearTimeout(timer), res()) });
        check();
        void exit.then(() => setTimeout(check, 0));
      });
    },
  };
}

/** The oracle's normalization: heartbeats dropped, the option dump folded into one line. */
function normalize(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^DEBUG oracle: heartbeat \d+$/.test(l)) continue;
    out.push(`P ${l}`);
    if (l === 'DEBUG oslo_service.service: Full set of CONF:') {
      let n = 0;
      let stars = 0;
      while (i + 1 < lines.length && stars < 2) {
        i++;
        n++;
        if (lines[i]!.endsWith('*'.repeat(80))) stars++;
      }
      out.push(`P DEBUG oslo_service.service: <oslo.config option dump: ${n} lines>`);
    }
  }
  return out;
}

function oracle(name: string): { transcript: string[]; exit: string } {
  const data = JSON.parse(readFileSync(join(transcripts, `${name}.json`), 'utf8')) as {
    runs: { transcript: string[]; facts: { parent_exit: string } }[];
  };
  return { transcript: data.runs[0]!.transcript, exit: data.runs[0]!.facts.parent_exit };
}

const haveOracle = existsSync(transcripts);

test('L10/L11 h1: SIGTERM stops the service gracefully, wait() returns None, exit 0', { skip: !haveOracle && 'no launcher-oracle transcripts' }, async () => {
  const r = start();
  await r.waitFor(/^INFO oracle: service start\(\) called/);
  await r.waitFor(/heartbeat 2$/);
  r.child.kill('SIGTERM');
  const { code, signal } = await r.exit;
  const want = oracle('h1_service_sigterm');
  assert.deepEqual(normalize(r.lines), want.transcript);
  assert.equal(want.exit, 'exit 0');
  assert.deepEqual({ code, signal }, { code: 0, signal: null });
});

test('L10 h2: SIGINT logs and exits 1 at once, without stopping the service', { skip: !haveOracle && 'no launcher-oracle transcripts' }, async () => {
  const r = start();
  await r.waitFor(/^INFO oracle: service start\(\) called/);
  r.child.kill('SIGINT');
  const { code, signal } = await r.exit;
  const want = oracle('h2_service_sigint');
  assert.deepEqual(normalize(r.lines), want.transcript);
  assert.equal(want.exit, 'exit 1');
  assert.deepEqual({ code, signal }, { code: 1, signal: null });
});

test('L6/L11 h3: SIGHUP to a daemon restarts in place ("Caught SIG_UNBLOCK"); a later SIGTERM exits 0', { skip: !haveOracle && 'no launcher-oracle transcripts' }, async () => {
  const r = start();
  await r.waitFor(/^INFO oracle: service start\(\) called/);
  r.child.kill('SIGHUP');
  await r.waitFor(/^INFO oracle: service start\(\) called \(start #2/);
  // Let the restarted service beat a little before the SIGTERM.
  await r.waitFor(/heartbeat/, r.lines.filter((l) => /heartbeat/.test(l)).length + 2);
  r.child.kill('SIGTERM');
  const { code, signal } = await r.exit;
  const want = oracle('h3_service_sighup_daemon');
  assert.deepEqual(normalize(r.lines), want.transcript);
  assert.deepEqual({ code, signal }, { code: 0, signal: null });
});

test('L10 [!]: past graceful_shutdown_timeout the process dies by SIGALRM, with no log line', async () => {
  const r = start({ ORACLE_GRACEFUL_SHUTDOWN_TIMEOUT: '1', ORACLE_HANG_IN_STOP: '30' });
  await r.waitFor(/^INFO oracle: service start\(\) called/);
  r.child.kill('SIGTERM');
  const { code, signal } = await r.exit;
  assert.deepEqual({ code, signal }, { code: null, signal: 'SIGALRM' });
  assert.ok(r.lines.includes('INFO oracle: service stop(): hanging for 30s (cooperative)'));
  assert.ok(!r.lines.some((l) => /Graceful shutdown timeout exceeded|hang finished/.test(l)));
});

test('L10: a second SIGTERM while stopping kills by the default action (handlers were cleared)', async () => {
  const r = start({ ORACLE_HANG_IN_STOP: '30' });
  await r.waitFor(/^INFO oracle: service start\(\) called/);
  r.child.kill('SIGTERM');
  await r.waitFor(/hanging for 30s/);
  r.child.kill('SIGTERM');
  const { signal } = await r.exit;
  assert.equal(signal, 'SIGTERM');
});

test('L4/L11: a start() failure is logged as "Error starting thread." and the process exits 1', async () => {
  const r = start({ ORACLE_CRASH_AT_START: '3', ORACLE_CRASH_MODE: 'raise' });
  const { code } = await r.exit;
  assert.equal(code, 1);
  assert.ok(r.lines.includes('ERROR oslo_service.service: Error starting thread.'));
  assert.ok(r.lines.includes('| <traceback> | RuntimeError: oracle start() failure'));
  assert.equal(r.lines.at(-1), 'INFO oracle: driver: launcher.wait() returned 1; exiting via sys.exit');
  // A SystemExit(n) from start() passes through run_service untouched: status n.
  const r2 = start({ ORACLE_CRASH_AT_START: '3', ORACLE_CRASH_MODE: 'exit' });
  assert.equal((await r2.exit).code, 3);
  assert.ok(!r2.lines.some((l) => l.includes('Error starting thread.')));
});
