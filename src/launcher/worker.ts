/**
 * The process side of ProcessLauncher (N3, N4, N6): starting worker processes, collecting their exits, the
 * parent-death pipe, and listening sockets that workers inherit.
 *
 * N3: Node cannot fork a running process. A worker is `child_process.fork()` of the same entry module with
 * the same arguments and an environment marker naming which `launchService` call it belongs to; the entry
 * module runs again in the worker, and ProcessLauncher takes the child branch (L16) at that call instead
 * of forking. Descriptors are passed as extra stdio entries, so the worker holds them at fixed numbers as a
 * forked child holds its parent's:
 *
 *   fd 3  the IPC channel `fork()` requires (unused: signals and the pipe below carry everything)
 *   fd 4  the parent-death pipe (N6): the parent holds the other end and never writes; EOF = parent gone
 *   fd 5+ listening sockets opened with `openListeningSocket()` before the fork, in creation order
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

/** Environment marker: the index of the `launchService` call this worker runs (N3). */
export const WORKER_ENV = 'GREENHUB_WORKER';
/** Environment marker: how many listening sockets the parent passed (fds 5, 6, ...). */
export const SOCKETS_ENV = 'GREENHUB_INHERITED_SOCKETS';
/** Environment marker: the bound ports of those sockets, comma-separated (port 0 was resolved by the parent). */
export const PORTS_ENV = 'GREENHUB_INHERITED_PORTS';
/** N6: the worker's end of the parent-death pipe. */
export const PARENT_PIPE_FD = 4;
/** The first inherited listening socket. */
export const FIRST_SOCKET_FD = 5;

/**
 * The index of the `launchService` call this process is a worker of, or undefined in a process that was
 * not started by a ProcessLauncher.
 * @example
 * const i = workerIndex(); // undefined in the parent, 0 in a worker of the first launchService()
 */
export function workerIndex(): number | undefined {
  const raw = process.env[WORKER_ENV];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${WORKER_ENV}=${JSON.stringify(raw)} is not a worker index; unset it to run as a parent`);
  }
  return n;
}

/**
 * True in a worker process started by a ProcessLauncher.
 * @example
 * if (!isWorker()) LOG.info('parent %d supervising', process.pid);
 */
export function isWorker(): boolean {
  return workerIndex() !== undefined;
}

// --- N4: child exits -------------------------------------------------------------------------------------

/** One reaped child: its exit code, or the signal that killed it. */
export interface ChildExit {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

const exits: ChildExit[] = [];
const live = new Map<number, ChildProcess>();

/**
 * N4 (`os.waitpid(0, WNOHANG)`): the next child that has exited, without blocking, or undefined. Exits are
 * queued by the children's 'exit' events in the order Node reaped them; Node reaps at once, so no zombie
 * is ever left.
 * @example
 * for (let e = reapOne(); e !== undefined; e = reapOne()) console.log(e.pid, e.code ?? e.signal);
 */
export function reapOne(): ChildExit | undefined {
  return exits.shift();
}


/**
 * The number of a signal name, for "killed by signal %d" (N4).
 * @example
 * signalNumberOf('SIGTERM'); // 15
 */
export function signalNumberOf(name: NodeJS.Signals): number {
  return (os.constants.signals as Record<string, number>)[name] ?? 0;
}

/**
 * Sends `signal` to a worker of this process if it has not exited yet, and says whether it did. Node reaps a
 * child the moment it exits, so a pid still waiting in the exit queue may already be gone, or even reused by
 * another process: oslo could signal its unreaped zombie harmlessly; here the pid must not be signalled.
 * @example
 * if (!signalWorker(pid, 'SIGHUP')) console.log(pid, 'already exited');
 */
export function signalWorker(pid: number, signal: NodeJS.Signals): boolean {
  if (!live.has(pid)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    return false;
  }
}

// --- listening sockets that workers inherit ----------------------------------------------------------------

const sockets: ListeningSocket[] = [];

/**
 * A listening TCP socket opened before the launch and shared by every worker, as a socket opened before
 * `os.fork()` is (N3). In the parent it is bound but not accepting: only the processes that call
 * `server()` accept on it, so the kernel hands each connection to one of the workers.
 * @example
 * const sock = openListeningSocket(0); // port 0: the kernel picks one
 * console.log('listening on', sock.host, sock.port);
 */
export class ListeningSocket {
  /** The descriptor in this process. */
  readonly fd: number;
  /** The bound port (the one picked when 0 was asked). */
  readonly port: number;
  readonly host: string;
  private srv: net.Server | undefined;
  /** Keeps the bound handle alive (and open) in the parent. */
  private readonly handle: unknown;

  /** @internal use openListeningSocket() */
  constructor(fd: number, host: string, port: number, handle: unknown) {
    this.fd = fd;
    this.host = host;
    this.port = port;
    this.handle = handle;
  }

  /**
   * A `net.Server` accepting on this socket in this process (a worker, or a single-process service). The
   * same server is returned on later calls. Wrap it for green threads, or handle its 'connection' events.
   * @example
   * const server = sock.server();
   * server.on('connection', (c) => spawn(serve, new GreenSocket(c)));
   */
  server(): net.Server {
    if (this.srv === undefined) {
      const srv = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
      srv.listen({ fd: this.fd, backlog: 511 });
      this.srv = srv;
    }
    return this.srv;
  }

  /** @internal the handle to pass to a forked worker. */
  get inheritable(): unknown {
    return this.handle;
  }
}

/** Python-style address family guess for net's handle factory. */
function family(host: string): 4 | 6 {
  return net.isIPv6(host) ? 6 : 4;
}

/**
 * Opens a listening socket to be shared by the workers of a ProcessLauncher (N3), or used by this
 * process alone under a ServiceLauncher. Call it before launching, in the code every worker re-runs; the
 * k-th call in a worker returns the k-th socket the parent opened, inherited at fd 5+k.
 * @example
 * const sock = openListeningSocket(8080, '0.0.0.0');
 * // in the service's start(): sock.server().on('connection', ...)
 */
export function openListeningSocket(port: number, host = '127.0.0.1'): ListeningSocket {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`openListeningSocket(): port must be a whole number 0-65535 (0 picks one), got ${String(port)}`);
  }
  if (net.isIP(host) === 0) {
    throw new TypeError(`openListeningSocket(): host must be an IP address such as "127.0.0.1" or "::", got ${JSON.stringify(host)}`);
  }
  const index = sockets.length;
  if (isWorker()) {
    const passed = Number(process.env[SOCKETS_ENV] ?? '0');
    if (index >= passed) {
      throw new Error(
        `openListeningSocket() #${index + 1} in a worker: the parent passed only ${passed} socket(s); open every ` +
          'shared socket before the launchService() call, in code that the workers run too',
      );
    }
    const fd = FIRST_SOCKET_FD + index;
    const st = fs.fstatSync(fd);
    if (!st.isSocket()) throw new Error(`inherited descriptor ${fd} is not a socket`);
    const bound = Number((process.env[PORTS_ENV] ?? '').split(',')[index]);
    const sock = new ListeningSocket(fd, host, Number.isInteger(bound) && bound > 0 ? bound : port, undefined);
    sockets.push(sock);
    return sock;
  }
  // A bound, not yet listening TCP handle: what node:cluster's shared handles use. Workers call listen().
  const create = (net as unknown as {
    _createServerHandle(address: string, port: number, addressType: number, fd?: number, flags?: number): any;
  })._createServerHandle;
  const handle = create(host, port, family(host));
  if (typeof handle === 'number') {
    const code = Object.entries(os.constants.errno).find(([, n]) => n === -handle)?.[0] ?? String(handle);
    const err = new Error(`bind ${code} ${host}:${port}`) as NodeJS.ErrnoException;
    err.code = code;
    err.syscall = 'bind';
    throw err;
  }
  const out: { port?: number } = {};
  handle.getsockname(out);
  const sock = new ListeningSocket(handle.fd as number, host, out.port ?? port, handle);
  sockets.push(sock);
  return sock;
}

/**
 * The sockets this process opened (or inherited), in creation order.
 * @example
 * for (const s of listeningSockets()) console.log(s.fd, s.port);
 */
export function listeningSockets(): readonly ListeningSocket[] {
  return sockets;
}

// --- N3: starting a worker -----------------------------------------------------------------------------

/** What `forkWorker` needs to know about the program to start again. */
export interface ForkTarget {
  /** The entry module (default: this process's, `process.argv[1]`). */
  module?: string;
  /** Its arguments (default: this process's). */
  args?: string[];
}

/**
 * N3: starts a worker for the `index`-th launchService call: the entry module again, with the parent-death
 * pipe at fd 4 and the listening sockets at 5+. The child's exit is queued for `reapOne()`.
 * @example
 * const child = forkWorker(0, { module: '/srv/app/main.js', args: ['--config-file', 'app.conf'] });
 */
export function forkWorker(index: number, target: ForkTarget = {}): ChildProcess {
  const module = target.module ?? process.argv[1];
  if (module === undefined || module === '' || module === '-' || module.startsWith('-')) {
    throw new Error(
      'ProcessLauncher starts workers by running the entry module again (N3), but this process has no entry ' +
        'module file (started with node -e or from stdin); run the program from a file',
    );
  }
  const extra = sockets.map((s) => s.fd);
  // node:child_process is loaded by the parent's first fork: a worker never forks (#6).
  const { fork } = process.getBuiltinModule('node:child_process');
  const child = fork(module, target.args ?? process.argv.slice(2), {
    execArgv: process.execArgv,
    env: {
      ...process.env,
      [WORKER_ENV]: String(index),
      [SOCKETS_ENV]: String(extra.length),
      [PORTS_ENV]: sockets.map((s) => s.port).join(','),
    },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc', 'pipe', ...extra],
    serialization: 'json',
  });
  child.on('error', () => {
    // A spawn error (also reported by the missing pid below) or a failed kill(); the 'exit' event, when
    // there is a process, still reports its end. Without a listener Node would crash on 'error'.
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start a worker process for ${module} (spawn failed)`);
  }
  live.set(pid, child);
  // Our end of the pipe stays open, unread and unwritten, until this process dies (N6). It must never
  // keep the parent alive, nor turn the child's exit into an error.
  const pipe = child.stdio[PARENT_PIPE_FD] as net.Socket | null;
  if (pipe) {
    pipe.on('error', () => {});
    pipe.unref();
  }
  child.channel?.unref();
  child.once('exit', (code, signal) => {
    live.delete(pid);
    exits.push({ pid, code, signal });
    if (pipe) pipe.destroy();
  });
  return child;
}
