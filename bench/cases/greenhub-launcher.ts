/**
 * greenhub's ProcessLauncher under the launcher bench (issue #6), speaking the READY-line protocol of
 * bench/cases/cluster-sup.ts: the parent prints `T0 <monotonic ns>` before launchService; each worker's
 * service prints `READY <pid> <monotonic ns>` from start(). Workers run this module again (N3).
 * Usage: node dist/bench/cases/greenhub-launcher.js <workers>
 */
// By package name, as a user's service imports it (the bundle in dist/pkg).
import { run } from 'greenhub';
import { ConfigOpts, ProcessLauncher, Service, workerIndex } from 'greenhub/launcher';

class ReadyService extends Service {
  override start(): void {
    process.stdout.write(`READY ${process.pid} ${process.hrtime.bigint()}\n`);
  }
}

const workers = Number(process.argv[2] ?? 4);
await run(function* main() {
  const conf = new ConfigOpts().parse([]);
  const launcher = new ProcessLauncher(conf, { restartMethod: 'mutate' });
  if (workerIndex() === undefined) process.stdout.write(`T0 ${process.hrtime.bigint()}\n`);
  yield* launcher.launchService(new ReadyService(), workers);
  yield* launcher.wait();
});
