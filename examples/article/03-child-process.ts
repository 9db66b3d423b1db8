/**
 * The article, step 3 — the worker's side: `startChild` forks (here: child_process.fork of this same file,
 * N3), and in the child `childProcess` installs the child's signal handlers, starts a fresh hub, spawns the
 * parent-death pipe watcher, and runs the service under a plain Launcher: Services → ThreadGroup →
 * runService → start(), then done.wait() (L16–L20, L3–L5). The worker prints its own green threads once its
 * service has started; the parent then stops it with SIGTERM.
 *
 * Run: npm run build && node dist/examples/article/03-child-process.js
 */
import { run, sleep, type Green } from '../../src/greenthread/index.js';
import { greenThreads } from '../../src/greenthread/inspect.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { Service } from '../../src/launcher/service.js';
import { ProcessLauncher } from '../../src/launcher/process-launcher.js';

class Api extends Service {
  override *start(): Green<void> {
    yield* this.tg.addThread(function* serve() {
      for (;;) yield* sleep(1);
    });
    // Let every thread reach its blocking call, then look at them from Node's loop.
    setTimeout(() => {
      const lines = ['the worker\'s green threads, after start():'];
      for (const t of greenThreads()) {
        lines.push(`  ${t.name.padEnd(14)} ${t.kind.padEnd(12)} ${t.state}${t.blockedIn ? ` in ${t.blockedIn}` : ''}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      process.kill(process.ppid, 'SIGTERM');
    }, 100);
  }
}

const conf = new ConfigOpts().parse([]);

await run(function* main(): Green<void> {
  const launcher = new ProcessLauncher(conf);
  conf.setOverride('log_options', false);
  yield* launcher.launchService(new Api(), 1);
  yield* launcher.wait();
  console.log('the parent got SIGTERM, stopped its worker and returned from wait()');
});
