// Writes dist/pkg/core.cache, V8's code cache for the bundle (tools/bundle.mjs runs this; see its header).
//
// The cache holds what a process has compiled when it is made, so it is made where start-up matters most: in a
// ProcessLauncher worker, once its service has started. This program is that worker's entry module too (N3):
// the parent launches one worker and waits; the worker writes the cache from its service's start() and asks
// the parent to stop (SIGTERM: the parent stops its child and returns from wait()). Only the parent prints.
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from 'greenhub';
import { ConfigOpts, ProcessLauncher, Service, workerIndex } from 'greenhub/launcher';
import { writeCodeCache } from '../dist/pkg/core.js';

const cacheFile = fileURLToPath(new URL('../dist/pkg/core.cache', import.meta.url));

class WarmUp extends Service {
  start() {
    super.start();
    try {
      writeCodeCache(cacheFile);
    } finally {
      // Whatever happened, the parent stops; it reports a missing cache.
      process.kill(process.ppid, 'SIGTERM');
    }
  }
}

const parent = workerIndex() === undefined;
if (parent) rmSync(cacheFile, { force: true });
await run(function* main() {
  const conf = new ConfigOpts().parse([]);
  const launcher = new ProcessLauncher(conf);
  yield* launcher.launchService(new WarmUp(), 1);
  yield* launcher.wait();
});
if (parent) {
  if (!existsSync(cacheFile)) {
    process.stderr.write('tools/code-cache.mjs: the worker did not write dist/pkg/core.cache\n');
    process.exit(1);
  }
  process.stdout.write(`dist/pkg/core.cache: ${statSync(cacheFile).size} bytes\n`);
}
