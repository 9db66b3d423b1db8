/**
 * The published package: 'greenhub', 'greenhub/hub', 'greenhub/greenthread' and 'greenhub/launcher' resolve to
 * the bundle in dist/pkg (fewer files for every ProcessLauncher worker to load, #6). The bundle must export what
 * the modules export, share one module instance between its entry points, and still find its addon and the
 * spawn sites of user code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/package-user.js', import.meta.url));
const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('package: every entry point of the bundle exports exactly what its module does, from one shared instance', async () => {
  const res = spawnSync(process.execPath, [FIXTURE], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NOTIFY_SOCKET: undefined } });
  assert.equal(res.status, 0, res.stderr);
  const seen = JSON.parse(res.stdout) as {
    resolved: string;
    exports: Record<string, string[]>;
    shared: boolean;
    spawnSite: string;
    childResult: boolean;
    hubIsShared: boolean;
    onready: number;
  };
  assert.match(seen.resolved, /\/dist\/pkg\/index\.js$/);
  const modules: Record<string, object> = {
    '.': await import('../src/index.js'),
    hub: await import('../src/hub/index.js'),
    greenthread: await import('../src/greenthread/index.js'),
    launcher: await import('../src/launcher/index.js'),
  };
  for (const [entry, mod] of Object.entries(modules)) {
    assert.deepEqual(seen.exports[entry], Object.keys(mod).sort(), `exports of ${entry}`);
  }
  assert.equal(seen.shared, true);
  assert.equal(seen.hubIsShared, true);
  assert.equal(seen.childResult, true);
  assert.match(seen.spawnSite, /package-user\.js:\d+:\d+/, 'the spawn site is the user module, not the bundle');
  assert.equal(seen.onready, 0, "the addon loads from the bundle's location and carries READY=1");
});

test('package: a worker loads one bundled module; entry points only re-export, builtins come from getBuiltinModule (#6)', () => {
  for (const entry of ['index', 'hub/index', 'greenthread/index', 'launcher/index', 'launcher/cli']) {
    const text = readFileSync(`${PKG}${entry}.js`, 'utf8');
    const core = entry.includes('/') ? '../core.js' : './core.js';
    const code = text.split('\n').filter((l) => l !== '' && !l.startsWith('//'));
    assert.equal(code.length, 1, `${entry}.js is one re-export line`);
    assert.match(code[0]!, new RegExp(`^export \\{ [\\w, ]+ \\} from '${core.replace(/\./g, '\\.')}';$`), entry);
  }
  const core = readFileSync(`${PKG}core.js`, 'utf8');
  // An ESM import of a builtin builds a facade reading all its exports (node:fs then loads its streams); the
  // bundle takes them from process.getBuiltinModule, without esbuild's CommonJS interop copying them.
  const staticImports = [...core.matchAll(/^import\b.*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  assert.deepEqual(staticImports, []);
  assert.doesNotMatch(core, /__toESM|__copyProps/);
  assert.doesNotMatch(core, /\bimport\(\s*['"]\.\//, 'no chunks loaded later');
});

test('package: the bundle carries source maps back to src/*.ts (node --enable-source-maps)', () => {
  const program =
    "import { getHub } from 'greenhub'; try { getHub().scheduleCallGlobal(NaN, () => {}); } catch (e) { console.log(e.stack); }";
  const res = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', program], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /RangeError: timer delay must be a number of seconds, got NaN/);
  assert.match(res.stdout, /at Hub\.addTimer \(.*\/src\/hub\/hub\.ts:\d+:\d+\)/);
});
