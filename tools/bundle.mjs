// Builds dist/pkg, the files the package's exports point at, from tsc's output in dist/src (`npm run bundle`).
//
// Why this shape (#6, worker start-up; every ProcessLauncher worker loads the package afresh, N3):
// - All the code is one bundle. The entry points (index.js, hub/index.js, greenthread/index.js,
//   launcher/index.js, launcher/cli.js) only re-export their names from dist/pkg/core.js, so they share one
//   instance (one current hub, one GreenThread class) and a worker resolves and links a few small files and one
//   large one. esbuild's --splitting made a chunk per combination of entry points: ten files, 3-4 ms more per
//   worker.
// - core.js is a small loader. It compiles the bundle, core.script.js (the bundle as the body of a function),
//   with vm.Script and V8's code cache in core.cache, which tools/code-cache.mjs writes from a ProcessLauncher
//   worker that has just started its service: the functions a worker runs on its way to its service arrive
//   compiled instead of being parsed at load and compiled again at first call. Node 20 has no compile cache
//   for ES modules (module.enableCompileCache is Node 22). Measured: 2-4 ms less from a worker's exec to its
//   service's start (bench/FINDINGS.md, fifth round).
// - V8 checks a cache only against its own version, its flags and the source's length, so core.cache starts
//   with the SHA-1 of the script it was made from, and the loader hashes the script (0.1-0.3 ms) before it
//   hands the cache to V8: an edited or rebuilt script is compiled afresh, never run on old compiled code.
// - Under --enable-source-maps the loader imports core.esm.js, the same bundle as a plain ES module: Node 20
//   maps the stacks of modules but not of vm scripts. The maps chain through tsc's to src/*.ts. So does an
//   application's own bundle (esbuild --bundle of a service), which takes core.js and, through that import(),
//   core.esm.js, but not core.script.js.
// - Node builtins come from process.getBuiltinModule(), not ESM imports: an ESM import of a builtin builds a
//   facade that reads every export (node:fs's then loads its stream classes), and a CommonJS stand-in would be
//   copied property by property by esbuild's interop. The sources import builtins by their default export only
//   (`import fs from 'node:fs'`), so each stand-in is a single default export; a named import fails the build.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'dist/src');
const out = join(root, 'dist/pkg');
const ENTRIES = ['index', 'hub/index', 'greenthread/index', 'launcher/index', 'launcher/cli'];

// In the script form, the command line's dynamic import() (src/launcher/import-module.ts) is the loader's.
const importByLoader = {
  name: 'import-by-loader',
  setup(build) {
    build.onLoad({ filter: /[\\/]launcher[\\/]import-module\.js$/ }, () => ({
      contents: 'export const importModule = __importModule;',
      loader: 'js',
    }));
  },
};

const builtins = {
  name: 'builtins',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `export default process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const names = {};
for (const entry of ENTRIES) names[entry] = Object.keys(await import(pathToFileURL(join(src, `${entry}.js`)).href));
const allNames = [...new Set(Object.values(names).flat())].sort();

// The loader hands each name on as a constant, read once when the bundle has run: a mutable exported binding
// (`export let`) would stop being live. Make such a value internal and export a function reading it.
const declaredLet = new Set();
for (const file of readdirSync(src, { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  for (const m of readFileSync(join(src, file), 'utf8').matchAll(/^export declare (?:let|var) (\w+)/gm)) declaredLet.add(m[1]);
}
const liveBindings = allNames.filter((n) => declaredLet.has(n));
if (liveBindings.length > 0) throw new Error(`tools/bundle.mjs: mutable exported bindings cannot pass through the loader: ${liveBindings.join(', ')}`);

rmSync(out, { recursive: true, force: true });
const common = {
  stdin: {
    contents: ENTRIES.map((e) => `export * from './${e}.js';`).join('\n'),
    resolveDir: src,
    sourcefile: 'core.js',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['debug'],
  plugins: [builtins],
  logLevel: 'warning',
};

// The plain module, for source-mapped stacks.
await esbuild.build({ ...common, outfile: join(out, 'core.esm.js'), sourcemap: true });

// The same code as a function body: `import.meta.url` becomes the loader's URL (the same directory), and the
// closing `export { local as name, ... }` becomes the object the function returns.
const built = await esbuild.build({
  ...common,
  outfile: join(out, 'core.script.js'),
  define: { 'import.meta.url': '__coreUrl' },
  plugins: [builtins, importByLoader],
  sourcemap: 'external',
  write: false,
});
const code = built.outputFiles.find((f) => f.path.endsWith('.js')).text;
const map = JSON.parse(built.outputFiles.find((f) => f.path.endsWith('.js.map')).text);
const tail = /\nexport \{([^}]*)\};\n$/.exec(code);
if (tail === null) throw new Error('tools/bundle.mjs: the bundle does not end with one export statement; cannot make its script form');
const fields = tail[1]
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '')
  .map((s) => {
    const [local, name = local] = s.split(/\s+as\s+/);
    return name === local ? local : `${name}: ${local}`;
  });
if (/\bimport\s*\(/.test(code.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) {
  throw new Error('tools/bundle.mjs: the script form calls import(), which a vm script compiled from a code cache cannot do; go through src/launcher/import-module.ts');
}
// ASCII, so that the loader reads it as latin1 into a one-byte string (no UTF-8 decoding, half the memory).
// esbuild escapes everything else already; what is left is in comments, where an escape is as good.
const script = (
  '(function (__coreUrl, __importModule) { "use strict";\n' +
  code.slice(0, tail.index) +
  `\nreturn { ${fields.join(', ')} };\n})\n//# sourceMappingURL=core.script.js.map\n`
).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
map.mappings = ';' + map.mappings; // the wrapper's first line
writeFileSync(join(out, 'core.script.js'), script);
writeFileSync(join(out, 'core.script.js.map'), JSON.stringify(map));

writeFileSync(
  join(out, 'core.js'),
  `// greenhub's code, compiled from core.script.js with V8's code cache when it can be (tools/bundle.mjs says why).
const fs = process.getBuiltinModule('node:fs');
const vm = process.getBuiltinModule('node:vm');
const url = process.getBuiltinModule('node:url');
const crypto = process.getBuiltinModule('node:crypto');

const scriptFile = url.fileURLToPath(new URL('./core.script.js', import.meta.url));
const cacheFile = url.fileURLToPath(new URL('./core.cache', import.meta.url));

/**
 * The bundle as a vm script, with V8's code cache when core.cache was made from this very script. V8 checks
 * a cache against the source's length only, so the cache file starts with the SHA-1 of its script. Without
 * core.script.js beside this file (an application's bundler took core.js and, through its import(),
 * core.esm.js), the module form.
 */
function compile() {
  let source;
  try {
    source = fs.readFileSync(scriptFile);
  } catch {
    return [undefined, undefined, 'module'];
  }
  const digest = crypto.hash('sha1', source, 'buffer');
  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (digest.equals(cache.subarray(0, digest.length))) cachedData = cache.subarray(digest.length);
  } catch {
    // No cache: compile from source.
  }
  const script = new vm.Script(source.latin1Slice(), { filename: scriptFile, cachedData });
  return [script, digest, cachedData === undefined ? 'no cache' : script.cachedDataRejected ? 'rejected' : 'cache'];
}

// Node 20 maps the stacks of modules back to their sources, not those of vm scripts.
const [script, digest, how] = process.sourceMapsEnabled ? [undefined, undefined, 'module'] : compile();
const core = script === undefined ? await import('./core.esm.js') : script.runInThisContext()(import.meta.url, (specifier) => import(specifier));

/** How this process got the code: 'cache' (V8 took core.cache), 'rejected' (another Node, other V8 flags), 'no cache' (none, or made from another script), 'module' (core.esm.js: --enable-source-maps, or no core.script.js here). */
export const codeCache = how;

/** Writes V8's code cache for everything this process has compiled so far (tools/code-cache.mjs). */
export function writeCodeCache(file = cacheFile) {
  if (script === undefined) throw new Error('writeCodeCache: this process loaded core.esm.js (--enable-source-maps), which has no code cache');
  fs.writeFileSync(file, Buffer.concat([digest, script.createCachedData()]));
}

export const { ${allNames.join(', ')} } = core;
`,
);

for (const entry of ENTRIES) {
  const file = join(out, `${entry}.js`);
  const core = entry.includes('/') ? '../core.js' : './core.js';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `// ${entry}: its names, from the one bundled module (tools/bundle.mjs).\nexport { ${names[entry].join(', ')} } from '${core}';\n`);
}

// `export *` silently drops a name two entry points export with different meanings: catch that here.
const core = await import(pathToFileURL(join(out, 'core.js')).href);
for (const entry of ENTRIES) {
  const mod = await import(pathToFileURL(join(src, `${entry}.js`)).href);
  const missing = names[entry].filter((n) => !(n in core) || typeof core[n] !== typeof mod[n]);
  if (missing.length > 0) {
    throw new Error(`tools/bundle.mjs: ${entry} exports ${missing.join(', ')}, which the bundled core lacks (a name clash between entry points?)`);
  }
}

// The code cache, made by a worker that has started its service (tools/code-cache.mjs). Under source maps
// (NODE_OPTIONS) the loader takes the module form, which has none to make. Without a cache the package still
// works, only its start is slower: a failure here is reported, not fatal (the package test expects the cache,
// so CI notices).
if (process.sourceMapsEnabled) {
  process.stderr.write('tools/bundle.mjs: no code cache: this build runs with --enable-source-maps\n');
} else {
  const made = spawnSync(process.execPath, [join(root, 'tools/code-cache.mjs')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (made.status !== 0) {
    process.stderr.write(
      `tools/bundle.mjs: warning: no code cache, workers will start slower; tools/code-cache.mjs ended with status ` +
        `${made.status}, signal ${made.signal}:\n${made.stdout}${made.stderr}\n`,
    );
  }
}
