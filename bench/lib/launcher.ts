/**
 * Launcher bench driver (issue #6). Starts a supervisor that speaks the READY-line protocol (see
 * bench/cases/cluster-sup.ts), waits for all W workers, SIGKILLs one and waits for its replacement, then
 * stops the supervisor with SIGTERM (SIGKILL to its process group if it lingers). Times are on
 * CLOCK_MONOTONIC on both sides.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LauncherRun {
  /** T0 line to the last of the first W READY lines (the supervisor's own start-up excluded). */
  coldMs: number;
  /** exec of the supervisor to the last READY: includes the runtime's own start-up. */
  execMs: number;
  /** SIGKILL of a worker to READY of its replacement. */
  respawnMs: number;
}

const mono = (): bigint => process.hrtime.bigint();

export async function measureLauncher(cmd: string, args: string[], workers: number, timeoutMs = 30000): Promise<LauncherRun> {
  const tExec = mono();
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  let t0: bigint | undefined;
  const ready: { pid: number; t: bigint }[] = [];
  let onReady: (() => void) | undefined;
  lines.on('line', (line) => {
    const [tag, a, b] = line.trim().split(/\s+/);
    if (tag === 'T0' && a !== undefined) t0 = BigInt(a);
    else if (tag === 'READY' && a !== undefined && b !== undefined) {
      ready.push({ pid: Number(a), t: BigInt(b) });
      onReady?.();
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = (cond: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (cond()) return resolve();
      const timer = setTimeout(() => {
        onReady = undefined;
        reject(new Error(`${cmd} ${args.join(' ')}: timed out waiting for ${what}; stderr:\n${stderr}`));
      }, timeoutMs);
      onReady = () => {
        if (!cond()) return;
        onReady = undefined;
        clearTimeout(timer);
        resolve();
      };
      void exited.then(() => {
        if (onReady !== undefined) {
          clearTimeout(timer);
          onReady = undefined;
          reject(new Error(`${cmd} exited while waiting for ${what}; stderr:\n${stderr}`));
        }
      });
    });
  try {
    await until(() => ready.length >= workers, `${workers} workers ready`);
    const lastCold = ready.slice(0, workers).reduce((m, r) => (r.t > m ? r.t : m), 0n);
    if (t0 === undefined) throw new Error(`${cmd}: no T0 line before the workers`);
    // Let the first generation settle so that the kill lands on a fully started worker.
    await new Promise((r) => setTimeout(r, 200));
    const victim = ready[0]!.pid;
    const tKill = mono();
    process.kill(victim, 'SIGKILL');
    await until(() => ready.length >= workers + 1, 'a replacement worker');
    const repl = ready[workers]!;
    return {
      coldMs: Number(lastCold - t0) / 1e6,
      execMs: Number(lastCold - tExec) / 1e6,
      respawnMs: Number(repl.t - tKill) / 1e6,
    };
  } finally {
    child.kill('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!gone) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
    // Workers that outlived their supervisor (none should) are in its process group.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is empty: the normal case
    }
  }
}
