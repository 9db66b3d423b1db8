/**
 * The published package: 'greenhub', 'greenhub/hub', 'greenhub/greenthread' and 'greenhub/launcher' resolve to
 * the bundle in dist/pkg (fewer files for every ProcessLauncher worker to load, #6). The bundle must export what
 * the modules export, share one module instance between its entry points, and still find its addon and the
 * spawn sites of user code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/package-user.js', import.meta.url));
const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Seen {
  resolved: string;
  exports: Record<string, string[]>;
  shared: boolean;
  spawnSite: string;
  childResult: boolean;
  hubIsShared: boolean;
  onready: number;
  codeCache: string;
}

function runFixture(nodeFlags: string[]): Seen {
  const res = spawnSync(process.execPath, [...nodeFlags, FIXTURE], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NOTIFY_SOCKET: undefined } });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout) as Seen;
}

// The loader (tools/bundle.mjs) takes the bundle from V8's code cache (plain node), compiles it when V8 refuses
// the cache (--expose-gc changes V8's flags), or imports the ES module form (--enable-source-maps): the package
// must be the same in all three.
for (const [flags, how] of [[[], 'cache'], [['--expose-gc'], 'rejected'], [['--enable-source-maps'], 'module']] as const) {
  test(`package: every entry point exports exactly what its module does, from one shared instance (node ${flags.join(' ') || 'without flags'}: ${how})`, async () => {
    const seen = runFixture([...flags]);
    assert.equal(seen.codeCache, how);
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
    // (Under --enable-source-maps the user's own frame is mapped too, to its .ts.)
    assert.match(seen.spawnSite, /package-user\.[jt]s:\d+:\d+/, 'the spawn site is the user module, not the bundle');
    assert.equal(seen.onready, 0, "the addon loads from the bundle's location and carries READY=1");
  });
}

test('package: a cache made from another script, or none, is not used; the bundle still loads (#6)', () => {
  // A copy, so that the tests running beside this one keep the real dist/pkg.
  const dir = mkdtempSync(join(tmpdir(), 'greenhub-pkg-'));
  try {
    cpSync(PKG, dir, { recursive: true });
    const status = (): string => {
      const res = spawnSync(process.execPath, ['--input-type=module', '-e', `const c = await import(${JSON.stringify(pathToFileURL(join(dir, 'core.js')).href)}); console.log(c.codeCache, typeof c.spawn);`], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(res.status, 0, res.stderr);
      return res.stdout.trim();
    };
    assert.equal(status(), 'cache function');
    // V8 checks only the source's length: an edit of the same length must not run the old compiled code.
    const file = join(dir, 'core.script.js');
    const text = readFileSync(file, 'latin1');
    writeFileSync(file, text.replace('"use strict"', "'use strict'"), 'latin1');
    assert.equal(readFileSync(file, 'latin1').length, text.length);
    assert.equal(status(), 'no cache function');
    rmSync(join(dir, 'core.cache'));
    assert.equal(status(), 'no cache function');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("package: an application's own bundle of greenhub runs (the loader falls back to the module form) (#6)", async () => {
  // An application installed with greenhub in node_modules, bundled by esbuild into one file, as users ship
  // services: the bundler takes core.js and, through its import(), core.esm.js, but not core.script.js.
  const dir = mkdtempSync(join(tmpdir(), 'greenhub-app-'));
  try {
    const installed = join(dir, 'node_modules', 'greenhub');
    cpSync(PKG, join(installed, 'dist', 'pkg'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
    writeFileSync(
      join(dir, 'app.mjs'),
      "import { run, sleep, spawn } from 'greenhub';\n" +
        'await run(function* main() {\n' +
        '  const t = spawn(function* () { yield* sleep(0.01); return 42; });\n' +
        "  console.log('result', yield* t.wait());\n" +
        '});\n',
    );
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'out', 'app.mjs'), external: ['debug'], logLevel: 'silent' });
    const res = spawnSync(process.execPath, [join(dir, 'out', 'app.mjs')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, 'result 42\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package: entry points only re-export; the bundle takes builtins from getBuiltinModule and has no import() of its own (#6)', () => {
  for (const entry of ['index', 'hub/index', 'greenthread/index', 'launcher/index', 'launcher/cli']) {
    const text = readFileSync(`${PKG}${entry}.js`, 'utf8');
    const core = entry.includes('/') ? '../core.js' : './core.js';
    const code = text.split('\n').filter((l) => l !== '' && !l.startsWith('//'));
    assert.equal(code.length, 1, `${entry}.js is one re-export line`);
    assert.match(code[0]!, new RegExp(`^export \\{ [\\w, ]+ \\} from '${core.replace(/\./g, '\\.')}';$`), entry);
  }
  for (const file of ['core.js', 'core.script.js', 'core.esm.js']) {
    const text = readFileSync(`${PKG}${file}`, 'utf8');
    // An ESM import of a builtin builds a facade reading all its exports (node:fs then loads its streams); the
    // bundle takes them from process.getBuiltinModule, without esbuild's CommonJS interop copying them.
    const staticImports = [...text.matchAll(/^import\b.*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    assert.deepEqual(staticImports, [], file);
    assert.doesNotMatch(text, /__toESM|__copyProps/, file);
  }
  // A vm script compiled from the cache has no loader for import(): the command line's goes through core.js.
  const script = readFileSync(`${PKG}core.script.js`, 'utf8');
  assert.doesNotMatch(script, /\bimport\(/);
  // The loader reads it as latin1.
  assert.match(script, /^[\x00-\x7f]*$/, 'core.script.js is ASCII');
  assert.doesNotMatch(readFileSync(`${PKG}core.esm.js`, 'utf8'), /\bimport\(\s*['"]\.\//, 'no chunks loaded later');
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
