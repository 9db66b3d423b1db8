/**
 * The main job: a service under ProcessLauncher with 3 workers sharing one listening socket, driven through
 * a worker crash (respawn), a SIGHUP reload and a graceful SIGTERM — on its own, in about 10 seconds.
 *
 *   npm run build && node dist/examples/demo-service.js
 *
 * This process is the director. It runs the same file with `--serve` as the launcher parent (stdout and
 * stderr piped, so the parent is a daemon for L9 and SIGHUP means "reload"), prints the parent's and the
 * workers' oslo-style log lines as they come, sends the signals, and exits 0 when the launcher ended as
 * oslo's does (status 0 after SIGTERM, L26). Run `--serve` yourself to drive it by hand.
 */
import { spawn as spawnProcess } from 'node:child_process';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { GreenSocket, run, sleep, spawn, type Green } from 'greenhub';
import {
  ConfigOpts,
  getLogger,
  INFO,
  isWorker,
  logToStderr,
  openListeningSocket,
  ProcessLauncher,
  ServiceBase,
  ThreadGroup,
  type ListeningSocket,
} from 'greenhub/launcher';

const WORKERS = 3;
const LOG = getLogger('demo');

/** Answers every connection with "hello from worker <pid> (start #n)"; beats every second. */
class DemoService extends ServiceBase {
  private tg = new ThreadGroup();
  private starts = 0;
  private server: net.Server | undefined;
  constructor(private readonly sock: ListeningSocket) {
    super();
  }

  *start(): Green<void> {
    this.starts++;
    const starts = this.starts;
    LOG.info('worker %d started (start #%d), serving port %d', process.pid, starts, this.sock.port);
    this.server = this.sock.server();
    this.server.on('connection', (conn) => {
      spawn(function* answer(): Green<void> {
        const g = new GreenSocket(conn);
        yield* g.sendall(`hello from worker ${process.pid} (start #${starts})\n`);
        yield* g.end();
        g.close();
      });
    });
    yield* this.tg.addThread(function* beat(): Green<void> {
      for (let n = 1; ; n++) {
        yield* sleep(1);
        LOG.debug('worker %d beat %d', process.pid, n);
      }
    });
  }

  *stop(): Green<void> {
    // The parent's copy never started (L25): it has no server and no threads.
    LOG.info('process %d: stop()%s', process.pid, this.server ? '' : ' (the parent\'s copy, never started)');
    yield* this.tg.stop();
    this.server?.removeAllListeners('connection');
  }

  *wait(): Green<void> {
    yield* this.tg.wait();
  }

  reset(): void {
    LOG.info('process %d: reset() (configuration reloaded)', process.pid);
  }
}

/** The launcher parent (and, run again by it, each worker). */
async function serve(): Promise<number> {
  logToStderr(INFO);
  const sock = openListeningSocket(0, '127.0.0.1');
  const conf = new ConfigOpts().parse([]);
  const status = await run(function* main(): Green<unknown> {
    const launcher = new ProcessLauncher(conf);
    conf.setOverride('graceful_shutdown_timeout', 5);
    if (!isWorker()) LOG.info('demo parent %d listening on 127.0.0.1:%d', process.pid, sock.port);
    yield* launcher.launchService(new DemoService(sock), WORKERS);
    return yield* launcher.wait();
  });
  return typeof status === 'number' ? status : 0;
}

/** One request to the shared port. */
function hello(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let text = '';
    c.setEncoding('utf8');
    c.on('data', (d) => (text += d));
    c.on('end', () => resolve(text.trim()));
    c.on('error', reject);
  });
}

/** The director: runs the launcher, shows its log, drives respawn, SIGHUP reload and SIGTERM. */
async function direct(): Promise<number> {
  const say = (text: string) => process.stdout.write(`\n== ${text}\n`);
  const child = spawnProcess(process.execPath, [fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      // Drop the unix timestamp for readability: "<pid> <LEVEL> <logger>: <message>".
      process.stdout.write(`${line.replace(/^\d+\.\d+ /, '')}\n`);
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stdout!.pipe(process.stdout);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  const until = async (re: RegExp, n = 1, seconds = 8) => {
    const limit = Date.now() + seconds * 1000;
    while (count(re) < n) {
      if (Date.now() > limit) throw new Error(`the demo did not see ${n} line(s) matching ${re} within ${seconds}s`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  const pids = () => lines.map((l) => /worker (\d+) started/.exec(l)?.[1]).filter((p): p is string => p !== undefined).map(Number);
  try {
    say(`starting a ProcessLauncher with ${WORKERS} workers`);
    await until(/worker \d+ started/, WORKERS);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(lines.find((l) => l.includes('listening on'))!)![1]);
    say(`${WORKERS} workers share port ${port}; a few requests:`);
    for (let i = 0; i < 4; i++) process.stdout.write(`   ${await hello(port)}\n`);

    const victim = pids()[0]!;
    say(`SIGKILL worker ${victim}: the parent reaps it and forks a replacement (L22, L23)`);
    process.kill(victim, 'SIGKILL');
    await until(/killed by signal 9/);
    await until(/worker \d+ started/, WORKERS + 1);

    say('SIGHUP the parent: reload the configuration, reset, replace every worker (L24)');
    child.kill('SIGHUP');
    await until(/worker \d+ started/, 2 * WORKERS + 1, 10);
    process.stdout.write(`   ${await hello(port)}\n`);

    say('SIGTERM the parent: stop every worker gracefully and exit 0 (L25, L26)');
    child.kill('SIGTERM');
    const end = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 8000))]);
    if (end === null) throw new Error('the launcher did not exit within 8 s of SIGTERM');
    say(`launcher exited with ${end.signal ?? `status ${end.code}`}; workers started: ${pids().length}`);
    return end.code === 0 ? 0 : 1;
  } catch (err) {
    process.stdout.write(`\ndemo failed: ${(err as Error).message}\n`);
    if (child.exitCode === null) child.kill('SIGKILL');
    return 1;
  }
}

const serving = process.argv.includes('--serve');
process.exit(serving ? await serve() : await direct());
