/**
 * The article, step 1: launch() → ServiceLauncher → Launcher → Services → ThreadGroup → GreenPool spawn →
 * runService → start(), then done.wait() (L1, L3–L5, O2, P2). Runs on virtual time, with the tracer on, so
 * every line below is reproducible; docs/article.md shows this output.
 *
 * Run: npm run build && node dist/examples/article/01-service-launcher.js
 */
import { useHub, VirtualHub, getHub, startTracing, stopTracing, type TraceEvent } from '../../src/hub/index.js';
import { run, sleep, spawn, type Green } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { launch } from '../../src/launcher/launcher.js';
import { Service } from '../../src/launcher/service.js';

const say = (text: string) => console.log(`t=${getHub().clock().toFixed(3)}  ${text}`);

class Api extends Service {
  override *start(): Green<void> {
    say('Api.start(): add a worker thread to the service\'s own ThreadGroup');
    yield* this.tg.addThread(function* serve() {
      for (;;) yield* sleep(1);
    });
  }
}

/** The events that show the structure: who spawned whom, and what each thread blocked in. */
function interesting(e: TraceEvent): boolean {
  return e.kind === 'spawn' || (e.kind === 'suspend' && e.args.in !== 'sleep') || e.kind === 'kill';
}

useHub(new VirtualHub());
const tracer = startTracing();
tracer.clock = () => getHub().clock();
await run(function* main() {
  const conf = new ConfigOpts().parse([]);
  const launcher = yield* launch(conf, new Api(), 1);
  say(`launch(conf, api, workers=1) returned a ${launcher.constructor.name}`);
  spawn(function* operator() {
    yield* sleep(2.5);
    say('operator: launcher.stop()');
    yield* launcher.stop();
  });
  const status = yield* launcher.wait();
  say(`launcher.wait() returned ${String(status)}`);
});
stopTracing();
console.log('\ntrace (spawns, blocking calls other than sleep, kills):');
for (const e of tracer.events.filter(interesting)) {
  const args = Object.entries(e.args).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  console.log(`  t=${e.at!.toFixed(3)}  ${e.kind.padEnd(8)} ${e.who.padEnd(16)} ${e.what} ${args}`.trimEnd());
}
