/** Logging through `debug` namespaces, loaded only when something can listen (src/hub/logger.ts, #6). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const distRoot = fileURLToPath(new URL('../src/index.js', import.meta.url));

/** Runs a green program that ends with an abort (the hub logs it) and reports whether `debug` got loaded. */
function runScript(prelude: string, env: Record<string, string | undefined>): { status: number | null; stderr: string; stdout: string } {
  const script = `
    import { createRequire } from 'node:module';
    ${prelude}
    const { run, sleep, getHub } = await import(${JSON.stringify(distRoot)});
    await run(function* () { yield* sleep(0); getHub().abort(); yield* sleep(1); });
    const require = createRequire(${JSON.stringify(distRoot)});
    console.log('debug loaded:', require.cache[require.resolve('debug')] !== undefined);`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, DEBUG: undefined, ...env },
  });
  return { status: res.status, stderr: res.stderr, stdout: res.stdout };
}

test('logger: without DEBUG, and with no debug of its own in the program, debug is never loaded', () => {
  const r = runScript('', {});
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'debug loaded: false');
  assert.doesNotMatch(r.stderr, /greenhub:hub/);
});

test('logger: DEBUG=greenhub:hub prints the hub namespace', () => {
  const r = runScript('', { DEBUG: 'greenhub:hub' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /greenhub:hub loop aborted; timers discarded/);
  assert.match(r.stderr, /greenhub:hub halted: main has ended/);
});

test('logger: a program that loads debug itself can enable greenhub namespaces at run time (debug.enable sets DEBUG)', () => {
  const prelude = `
    const debug = createRequire(${JSON.stringify(distRoot)})('debug');
    debug.enable('greenhub:hub');`;
  const r = runScript(prelude, {});
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /greenhub:hub loop aborted; timers discarded/);
  assert.equal(r.stdout.trim(), 'debug loaded: true');
});

test('logger: DEBUG set after greenhub is imported, before its first log line, still takes effect', () => {
  const r = runScript("await import(" + JSON.stringify(distRoot) + "); process.env.DEBUG = 'greenhub:hub';", {});
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /greenhub:hub loop aborted; timers discarded/);
});
