/**
 * The launcher bench's baseline (issue #6): the barest node:cluster supervisor that keeps W workers alive.
 * Prints `T0 <monotonic ns>` before forking; each worker prints `READY <pid> <monotonic ns>` once its code
 * runs. On SIGTERM the supervisor stops respawning, terminates its workers and exits.
 * Usage: node dist/bench/cases/cluster-sup.js <workers> [--load-greenhub]
 * With --load-greenhub each worker first imports what a greenhub ProcessLauncher worker imports, before it is
 * ready: the difference from the bare supervisor is then module loading, and what remains between this and
 * greenhub's row is the launcher's own work.
 */
import cluster from 'node:cluster';

if (cluster.isPrimary) {
  const workers = Number(process.argv[2] ?? 4);
  let stopping = false;
  cluster.on('exit', () => {
    if (!stopping) cluster.fork();
    else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.on('SIGTERM', () => {
    stopping = true;
    const live = Object.values(cluster.workers ?? {});
    if (live.length === 0) process.exit(0);
    for (const w of live) w?.process.kill('SIGTERM');
  });
  process.stdout.write(`T0 ${process.hrtime.bigint()}\n`);
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  if (process.argv.includes('--load-greenhub')) {
    await import('greenhub');
    await import('greenhub/launcher');
  }
  process.stdout.write(`READY ${process.pid} ${process.hrtime.bigint()}\n`);
  setInterval(() => {}, 1 << 30);
}
