/** ConfigOpts: oslo.service's options and defaults, INI files, overrides, reload/mutate, the CONF dump. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgsError,
  BoolOpt,
  ConfigFileParseError,
  ConfigFileValueError,
  ConfigOpts,
  DuplicateOptError,
  eventletBackdoorOpts,
  IntOpt,
  NoSuchOptError,
  periodicOpts,
  serviceOpts,
  StrOpt,
} from '../src/launcher/conf.js';
import { addSink, DEBUG, getLogger, type LogRecord } from '../src/launcher/log.js';

function tmp(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'greenhub-conf-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test("oslo.service's options and defaults", () => {
  const conf = new ConfigOpts().parse([]);
  conf.registerOpts(serviceOpts);
  conf.registerOpts(eventletBackdoorOpts);
  conf.registerOpts(periodicOpts);
  assert.equal(conf.get('graceful_shutdown_timeout'), 60);
  assert.equal(conf.get('log_options'), true);
  assert.equal(conf.get('backdoor_port'), null);
  assert.equal(conf.get('backdoor_socket'), null);
  assert.equal(conf.get('run_external_periodic_tasks'), true);
  // Registering the same options again is a no-op; a different definition under the same name is not.
  conf.registerOpts(serviceOpts);
  assert.throws(() => conf.registerOpt(StrOpt('log_options')), DuplicateOptError);
  assert.throws(() => conf.get('nope'), NoSuchOptError);
});

test('INI files: DEFAULT and groups, comments, continuation lines, later files win, typed values', () => {
  const t = tmp();
  try {
    const a = join(t.dir, 'a.conf');
    const b = join(t.dir, 'b.conf');
    writeFileSync(a, '# comment\n[DEFAULT]\ngraceful_shutdown_timeout = 5\nlog_options = false\nbackdoor_port = 4444\n\n[api]\nname: first\n  second\n');
    writeFileSync(b, '[DEFAULT]\ngraceful_shutdown_timeout = 7\n');
    const conf = new ConfigOpts();
    conf.registerOpts(serviceOpts);
    conf.registerOpts(eventletBackdoorOpts);
    conf.registerOpt(StrOpt('name'), 'api');
    conf.parse(['--config-file', a, `--config-file=${b}`]);
    assert.equal(conf.get('graceful_shutdown_timeout'), 7);
    assert.equal(conf.get('log_options'), false);
    assert.equal(conf.get('backdoor_port'), '4444');
    assert.equal(conf.get('name', 'api'), 'first\nsecond');
    assert.deepEqual(conf.get('config_file'), [a, b]);

    writeFileSync(b, '[DEFAULT]\ngraceful_shutdown_timeout = soon\n');
    assert.equal(conf.reloadConfigFiles(), true);
    assert.throws(() => conf.get('graceful_shutdown_timeout'), (e: unknown) => e instanceof ConfigFileValueError && /graceful_shutdown_timeout/.test(e.message) && /b\.conf/.test(e.message));
  } finally {
    t.done();
  }
});

test('overrides win and are type-checked; command line options; unknown arguments', () => {
  const conf = new ConfigOpts();
  conf.registerOpts(serviceOpts);
  conf.registerOpt(IntOpt('workers', { default: 1 }));
  conf.registerOpt(BoolOpt('debug', { default: false }));
  conf.parse(['--workers', '4', '--debug']);
  assert.equal(conf.get('workers'), 4);
  assert.equal(conf.get('debug'), true);
  conf.setOverride('graceful_shutdown_timeout', 0);
  assert.equal(conf.get('graceful_shutdown_timeout'), 0);
  assert.throws(() => conf.setOverride('graceful_shutdown_timeout', 'x'), ConfigFileValueError);
  conf.clearOverride('graceful_shutdown_timeout');
  assert.equal(conf.get('graceful_shutdown_timeout'), 60);
  assert.throws(() => new ConfigOpts().parse(['--bogus', '1']), ArgsError);
  assert.throws(() => new ConfigOpts().parse(['--config-file', '/nonexistent/x.conf']), ConfigFileParseError);
});

test('reloadConfigFiles: picks up changes; a broken file keeps the old values and returns false', () => {
  const t = tmp();
  const records: LogRecord[] = [];
  const remove = addSink((r) => records.push(r), 30);
  try {
    const f = join(t.dir, 's.conf');
    writeFileSync(f, '[DEFAULT]\ngraceful_shutdown_timeout = 5\n');
    const conf = new ConfigOpts();
    conf.registerOpts(serviceOpts);
    conf.parse(['--config-file', f]);
    writeFileSync(f, '[DEFAULT]\ngraceful_shutdown_timeout = 9\n');
    assert.equal(conf.reloadConfigFiles(), true);
    assert.equal(conf.get('graceful_shutdown_timeout'), 9);
    writeFileSync(f, 'graceful_shutdown_timeout = 1\n');
    assert.equal(conf.reloadConfigFiles(), false);
    assert.equal(conf.get('graceful_shutdown_timeout'), 9);
    assert.match(records.at(-1)!.getMessage(), /^Caught Error while reloading configure files: /);
  } finally {
    remove();
    t.done();
  }
});

test('mutateConfigFiles: only mutable options change; hooks get the changes', () => {
  const t = tmp();
  try {
    const f = join(t.dir, 's.conf');
    writeFileSync(f, '[DEFAULT]\nlevel = a\nfixed = 1\n');
    const conf = new ConfigOpts();
    conf.registerOpt(StrOpt('level', { mutable: true }));
    conf.registerOpt(IntOpt('fixed'));
    conf.parse(['--config-file', f]);
    const seen: unknown[] = [];
    conf.registerMutateHook((_c, fresh) => seen.push([...fresh]));
    writeFileSync(f, '[DEFAULT]\nlevel = b\nfixed = 2\n');
    const fresh = conf.mutateConfigFiles();
    assert.deepEqual([...fresh], [['DEFAULT.level', ['a', 'b']]]);
    assert.deepEqual(seen, [[['DEFAULT.level', ['a', 'b']]]]);
    assert.equal(conf.get('level'), 'b');
    assert.equal(conf.get('fixed'), 1);
  } finally {
    t.done();
  }
});

test('L11: logOptValues prints oslo.config\'s dump: 13 lines for a ServiceLauncher\'s options', () => {
  const conf = new ConfigOpts().parse([]);
  conf.registerOpts(serviceOpts);
  conf.registerOpts(eventletBackdoorOpts);
  conf.registerOpt(StrOpt('password', { secret: true, default: 'hunter2' }), 'db');
  const lines: string[] = [];
  const remove = addSink((r) => {
    if (r.name === 'test.dump') lines.push(r.getMessage());
  }, DEBUG);
  try {
    conf.logOptValues(getLogger('test.dump'), DEBUG);
  } finally {
    remove();
  }
  assert.deepEqual(lines, [
    '*'.repeat(80),
    'Configuration options gathered from:',
    'command line args: []',
    'config files: []',
    '='.repeat(80),
    'backdoor_port                  = None',
    'backdoor_socket                = None',
    'config_dir                     = []',
    'config_file                    = []',
    'config_source                  = []',
    'graceful_shutdown_timeout      = 60',
    'log_options                    = True',
    'db.password                    = ****',
    '*'.repeat(80),
  ]);
});
