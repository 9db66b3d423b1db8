/**
 * The article, step 2 — its point: ProcessLauncher's parent forks its workers, then sits in
 * `respawnChildren` (oslo's `_respawn_children`), which polls `waitChild` and, finding nothing, calls `sleep(wait_interval)`. That sleep
 * is a timer in the hub's heap: the parent switches to the hub, the hub waits on Node's event loop, the timer
 * fires, and the hub switches back into `respawnChildren` (oslo's `_respawn_children`) (L23, G3, H6). Real processes, real time; the
 * output keeps only what does not vary from run to run (no pids, no timestamps).
 *
 * Run: npm run build && node dist/examples/article/02-respawn-loop.js
 */
import { getHub, startTracing, stopTracing, type TraceEvent } from '../../src/hub/index.js';
import { run, type Green } from '../../src/greenthread/index.js';
import { liveGreenlets } from '../../src/greenthread/registry.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { ServiceBase } from '../../src/launcher/service.js';
import { ProcessLauncher } from '../../src/launcher/process-launcher.js';
import { isWorker } from '../../src/launcher/worker.js';

/** A worker that does nothing but exist: the parent is what this step looks at. */
class Idle extends ServiceBase {
  start(): void {}
  stop(): void {}
  wait(): void {}
  reset(): void {}
}

/** One pass of the loop, from the sleep's timer being added to main being switched back. */
function onePass(events: TraceEvent[]): string[] {
  const start = events.findIndex((e) => e.kind === 'timer-add' && e.who.startsWith('main#'));
  const out: string[] = [];
  for (const e of events.slice(start)) {
    // Node's timers have millisecond resolution: when one fires a fraction of a millisecond early, the hub
    // waits the rest through an immediate. Those sub-millisecond re-waits are left out.
    if (e.kind === 'wait' && Number(e.args.seconds) < 0.001) continue;
    let detail = e.what;
    if (e.kind === 'timer-add') detail += `  delay=${String(e.args.delay)}`;
    if (e.kind === 'suspend') detail += `in=${String(e.args.in)}`;
    if (e.kind === 'wait') detail += `seconds=${Number(e.args.seconds).toFixed(2)}`;
    out.push(`  ${e.who.padEnd(8)} ${e.kind.padEnd(11)} ${detail}`.trimEnd());
    if (e.kind === 'resume') break;
  }
  return out;
}

const conf = new ConfigOpts().parse([]);

await run(function* main(): Green<void> {
  const launcher = new ProcessLauncher(conf);
  conf.setOverride('log_options', false);
  // In the worker this call takes the child branch (L16) and never returns here.
  yield* launcher.launchService(new Idle(), 1);
  const hub = getHub();
  // Node's loop, outside the hub, looks at the parent's hub between two of its iterations.
  setTimeout(() => {
    const s = hub.schedule;
    console.log('the parent hub, while respawnChildren sleeps:');
    console.log(`  timers in the heap: ${s.heap.length}, staged: ${s.staged.length}, 0-timers: ${s.zero.length - s.zeroHead}`);
    console.log(`  listeners: ${hub.listeners.count}`);
    console.log(`  green threads: ${liveGreenlets().map((g) => g.label).join(', ')}, suspended: ${String(hub.parent?.suspended)}`);
    const tracer = startTracing();
    setTimeout(() => {
      stopTracing();
      console.log('one pass of respawnChildren, traced:');
      for (const line of onePass(tracer.events)) console.log(line);
      process.kill(process.pid, 'SIGTERM'); // graceful stop: the worker is told, reaped, and we exit 0
    }, 60);
  }, 300);
  yield* launcher.wait();
  console.log('SIGTERM: the parent stopped its worker and returned from wait()');
});
