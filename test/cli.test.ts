/** The greenhub command line: parsing, clear errors with a non-zero exit, and a real launch (L1). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from '../src/launcher/cli.js';
import { Run, sleepMs } from './fixtures/process-harness.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, '../../bin/greenhub.js');
const SERVICE = path.join(HERE, 'fixtures', 'process-cli-service.js');
const NOSERVICE = path.join(HERE, 'fixtures', 'process-cli-noservice.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('parseArgs: launch with workers and config files; help', () => {
  assert.deepEqual(parseArgs(['launch', './svc.js', '--workers', '4', '--config=a.conf', '--config', 'b.conf']), {
    command: 'launch',
    module: './svc.js',
    workers: 4,
    configFiles: ['a.conf', 'b.conf'],
    debug: false,
  });
  assert.deepEqual(parseArgs(['--help']), { command: 'help' });
  assert.deepEqual(parseArgs(['launch', '-h']), { command: 'help' });
  assert.deepEqual(parseArgs(['notify', '5']), { command: 'notify', args: ['5'] });
});

test('parseArgs: bad input names what is wrong', () => {
  assert.throws(() => parseArgs([]), UsageError);
  assert.throws(() => parseArgs(['start']), /unknown command "start"/);
  assert.throws(() => parseArgs(['launch']), /needs the service module/);
  assert.throws(() => parseArgs(['launch', 'x', '--workers', '0']), /--workers must be a whole number >= 1, got "0"/);
  assert.throws(() => parseArgs(['launch', 'x', '--workers', '2.5']), /--workers must be a whole number/);
  assert.throws(() => parseArgs(['launch', 'x', '--workers']), /--workers needs a value/);
  assert.throws(() => parseArgs(['launch', 'x', '--fast']), /unknown option "--fast"/);
  assert.throws(() => parseArgs(['launch', 'x', 'y']), /one module/);
});

test('greenhub --help prints the usage and exits 0', () => {
  const r = cli('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /greenhub launch <module> \[--workers N\] \[--config FILE\]/);
});

test('greenhub: unknown flag, workers 0, unreadable config, missing module, no service → message, exit 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cli-'));
  try {
    let r = cli('launch', SERVICE, '--verbose');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /greenhub: error: unknown option "--verbose"/);
    r = cli('launch', SERVICE, '--workers', '0');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--workers must be a whole number >= 1, got "0"/);
    r = cli('launch', SERVICE, '--config', path.join(dir, 'missing.conf'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read config file ".*missing\.conf"/);
    r = cli('launch', path.join(dir, 'nope.js'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /service module ".*nope\.js" not found/);
    r = cli('launch', 'no-such-package-greenhub');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not found: it is neither a file nor an installed package/);
    r = cli('launch', NOSERVICE);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /exports no service: .* it exports answer/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('greenhub launch --workers 2 --config: a ProcessLauncher; SIGTERM stops it with status 0', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cli-'));
  const conf = path.join(dir, 'svc.conf');
  fs.writeFileSync(conf, '[DEFAULT]\ngraceful_shutdown_timeout = 7\n');
  const run = new Run(['launch', SERVICE, '--workers', '2', '--config', conf], {}, [BIN]);
  try {
    await run.waitLog(/^ticker started in \d+$/, 2);
    assert.equal(run.count(/^Starting 2 workers$/), 1);
    assert.ok(run.count(/^graceful_shutdown_timeout=7$/) >= 1);
    await sleepMs(200);
    run.send('P', 'SIGTERM');
    await run.waitExit(10);
    assert.deepEqual(await run.waitGone(3), []);
    assert.deepEqual(run.exit, { code: 0, signal: null });
    assert.equal(run.count(/^Caught SIGTERM, stopping children$/), 1);
  } finally {
    await run.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('greenhub launch (1 worker): a ServiceLauncher in this process; SIGTERM → exit 0', async () => {
  const run = new Run(['launch', SERVICE], {}, [BIN]);
  try {
    await run.waitLog(/^ticker started in \d+$/);
    assert.equal(run.count(/^Starting \d+ workers$/), 0);
    run.send('P', 'SIGTERM');
    await run.waitExit(10);
    assert.deepEqual(run.exit, { code: 0, signal: null });
    assert.equal(run.count(/^ticker stop\(\) in \d+$/), 1);
  } finally {
    await run.cleanup();
  }
});
