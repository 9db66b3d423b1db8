// Builds dist/pkg, the files the package's exports point at, from tsc's output in dist/src (`npm run bundle`).
//
// Why this shape (#6, worker start-up; every ProcessLauncher worker loads the package afresh, N3):
// - One module, dist/pkg/core.js, holds all the code. The entry points (index.js, hub/index.js,
//   greenthread/index.js, launcher/index.js, launcher/cli.js) only re-export their names from it, so they share
//   one module instance (one current hub, one GreenThread class) and a worker resolves and links three small
//   files and one large one. esbuild's --splitting made a chunk per combination of entry points: ten files,
//   3-4 ms more per worker.
// - Node builtins come from process.getBuiltinModule(), not ESM imports: an ESM import of a builtin builds a
//   facade that reads every export (node:fs's then loads its stream classes), and a CommonJS stand-in would be
//   copied property by property by esbuild's interop. The sources import builtins by their default export only
//   (`import fs from 'node:fs'`), so each stand-in is a single default export; a named import fails the build.
// - Source maps chain through tsc's maps to src/*.ts, for `node --enable-source-maps`.
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'dist/src');
const out = join(root, 'dist/pkg');
const ENTRIES = ['index', 'hub/index', 'greenthread/index', 'launcher/index', 'launcher/cli'];

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

rmSync(out, { recursive: true, force: true });
await esbuild.build({
  stdin: {
    contents: ENTRIES.map((e) => `export * from './${e}.js';`).join('\n'),
    resolveDir: src,
    sourcefile: 'core.js',
  },
  outfile: join(out, 'core.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['debug'],
  plugins: [builtins],
  sourcemap: true,
  logLevel: 'warning',
});

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
