/**
 * The eventlet backdoor (oslo_service/eventlet_backdoor.py, eventlet/backdoor.py; B1–B4, N9): an
 * interactive console on a loopback TCP port or a Unix socket, to look inside a running service.
 *
 * Node mapping (N9): a `node:net` server whose accept loop is a green thread; each connection gets a
 * `node:repl` console run by its own green thread (started by a 0-timer), with oslo's names in its
 * context. There is no `gc.get_objects()` or frame walking in JS: `pgt()`/`fo()` read the weak registry of
 * live green threads (registry.ts), `pnt()` prints the JS stack, `prof()` drives `node:inspector`.
 */
import fs from 'node:fs';
import type * as inspector from 'node:inspector';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { getHub } from '../hub/current.js';
import { Greenlet } from '../greenthread/greenlet.js';
import type { Green } from '../greenthread/ops.js';
import { blockingCaller } from '../greenthread/greenlet.js';
import { spawn } from '../greenthread/spawn.js';
import type { GreenThread } from '../greenthread/greenthread.js';
import { trampoline } from '../greenthread/trampoline.js';
import { describeGreenlet, liveGreenlets, liveOfType, trackGreenThreads } from '../greenthread/registry.js';
import { getLogger } from './log.js';

const LOG = getLogger('oslo_service.eventlet_backdoor');

/** oslo's help text for `backdoor_port` (quoted in configuration errors). */
export const HELP_FOR_BACKDOOR_PORT =
  'Acceptable values are 0, <port>, and <start>:<end>, where 0 results in listening on a random tcp port ' +
  'number; <port> results in listening on the specified port number (and not enabling backdoor if that port ' +
  'is in use); and <start>:<end> results in listening on the smallest unused port number within the ' +
  "specified range of port numbers.  The chosen port is displayed in the service's log file.";

/**
 * B1: a malformed `backdoor_port`. The message is oslo 3.0.0's, whose constructor receives the help text
 * and the parse error in swapped places: "Invalid backdoor_port configuration X: <help>. <error>".
 * @example
 * parsePortRange('9010:9000'); // throws EventletBackdoorConfigValueError (end before start)
 */
export class EventletBackdoorConfigValueError extends Error {
  constructor(
    readonly portRange: string,
    helpOrError: string,
    errorOrHelp: string,
  ) {
    super(`Invalid backdoor_port configuration ${portRange}: ${helpOrError}. ${errorOrHelp}`);
    this.name = 'EventletBackdoorConfigValueError';
  }
}

/** Python's `int(text)` for the decimal forms a port spec may take; throws its ValueError text. */
function pyInt(text: string): number {
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)) {
    throw new Error(`invalid literal for int() with base 10: '${text}'`);
  }
  return Number(text.trim().replace(/_/g, ''));
}

/**
 * B1: "N" → [N, N]; "A:B" → [A, B] (B ≥ A); anything else → EventletBackdoorConfigValueError.
 * @example
 * parsePortRange('0');         // [0, 0]: any free port
 * parsePortRange('9000:9010'); // the smallest free port in the range
 */
export function parsePortRange(portRange: string): [number, number] {
  const colon = portRange.indexOf(':');
  const [a, b] = colon < 0 ? [portRange, portRange] : [portRange.slice(0, colon), portRange.slice(colon + 1)];
  let start: number;
  let end: number;
  try {
    start = pyInt(a);
    end = pyInt(b);
    if (end < start) throw new Error('');
  } catch (err) {
    throw new EventletBackdoorConfigValueError(portRange, HELP_FOR_BACKDOOR_PORT, (err as Error).message);
  }
  return [start, end];
}

/**
 * Python's `str.format(pid=…)` on the socket path: "{pid}" is replaced, "{{"/"}}" are literal braces, and
 * anything else raises with Python's wording (turned into a WARNING by the caller, B2).
 * @example
 * formatSocketPath('/run/svc/backdoor-{pid}.sock', process.pid); // '/run/svc/backdoor-4242.sock'
 */
export function formatSocketPath(pattern: string, pid: number): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '{') {
      if (pattern[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const close = pattern.indexOf('}', i);
      if (close < 0) throw new Error("expected '}' before end of string");
      const field = pattern.slice(i + 1, close);
      const name = field.split(/[.[!:]/)[0]!;
      if (name === 'pid' && field === 'pid') out += String(pid);
      else if (name === '' || /^\d+$/.test(name)) {
        throw new Error(`Replacement index ${name === '' ? 0 : name} out of range for positional args tuple`);
      } else if (name !== 'pid') throw new Error(`'${name}'`);
      else throw new Error(`unsupported format field {${field}}`);
      i = close;
    } else if (ch === '}') {
      if (pattern[i + 1] !== '}') throw new Error("Single '}' encountered in format string");
      out += '}';
      i++;
    } else out += ch;
  }
  return out;
}

/** Where the backdoor listens: B1's two options. Neither set → disabled. */
export interface BackdoorOptions {
  /** "0" (any free port), "N", or "A:B" (the smallest free port in the range). */
  backdoorPort?: string | number | null;
  /** A Unix socket path; "{pid}" becomes this process's pid. Wins over the port. */
  backdoorSocket?: string | null;
  /** Where the server's own lines go (B4: Python prints them to stdout); default `process.stdout`. */
  print?: (line: string) => void;
}

const toStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** What a running backdoor holds. */
export interface Backdoor {
  /** The port (TCP) or the path (Unix socket), as `initializeIfEnabled` returns it. */
  where: number | string;
  /** The accept loop's green thread. */
  thread: GreenThread<void>;
  /** The Node server. */
  server: net.Server;
  /**
   * Stops listening and closes every open console.
   * @example
   * const bd = yield* startBackdoor({ backdoorSocket: '/tmp/bd.sock' });
   * bd?.close(); // on shutdown
   */
  close(): void;
}

/** Blocks the calling green thread until `server` is listening or failed; returns the error, if any. */
function* bindServer(server: net.Server, listen: () => void): Green<Error | undefined> {
  const self = blockingCaller('backdoor listen');
  const hub = self.hub;
  let outcome: Error | null | undefined;
  const onError = (err: Error) => {
    outcome = err;
    hub.listeners.ready(server, 'read');
  };
  const onListening = () => {
    outcome = null;
    hub.listeners.ready(server, 'read');
  };
  server.once('error', onError);
  server.once('listening', onListening);
  listen();
  try {
    while (outcome === undefined) yield* trampoline(server, { read: true });
  } finally {
    server.off('error', onError);
    server.off('listening', onListening);
  }
  return outcome ?? undefined;
}

/** B2: TCP on loopback, trying each port of [start, end] while the previous one is in use. */
function* listenTcp(start: number, end: number): Green<net.Server> {
  for (let port = start; ; port++) {
    if (port < 0 || port > 65535) throw new RangeError(`bind(): port must be 0-65535, got ${port}`);
    const server = net.createServer({ pauseOnConnect: true });
    // B2: no SO_REUSEPORT; "localhost" is the loopback address.
    const err = yield* bindServer(server, () => server.listen({ port, host: '127.0.0.1', exclusive: true, backlog: 50 }));
    if (err === undefined) return server;
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port >= end) throw err;
  }
}

/** B2: a Unix socket; a path in use is unlinked (ENOENT ignored) and tried once more. */
function* listenUnix(socketPath: string): Green<net.Server> {
  let server = net.createServer({ pauseOnConnect: true });
  let err = yield* bindServer(server, () => server.listen({ path: socketPath, backlog: 50 }));
  if (err === undefined) return server;
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  try {
    fs.unlinkSync(socketPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  server = net.createServer({ pauseOnConnect: true });
  err = yield* bindServer(server, () => server.listen({ path: socketPath, backlog: 50 }));
  if (err !== undefined) throw err;
  return server;
}

/** Python's pprint stand-in for the console's display hook (B3): non-None values only. */
function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  return util.inspect(value, { depth: 4, colors: false, breakLength: 80 });
}

// node:repl and node:inspector are taken from process.getBuiltinModule when a console or a profile is first
// opened: `greenhub/launcher` re-exports this module, and every ProcessLauncher worker would otherwise pay for
// them at start-up (#6).
let profiling: inspector.Session | undefined;

/** The console's names (B4); `write` prints to the connection. */
function consoleNames(write: (text: string) => void): Record<string, unknown> {
  const dontUseThis = () => {
    write("Don't use this, just disconnect instead\n");
  };
  return {
    exit: dontUseThis,
    quit: dontUseThis,
    /** Live green threads of a type (Greenlet, GreenThread or a subclass). */
    fo(type: unknown = Greenlet): Greenlet[] {
      if (typeof type !== 'function' || !(type === Greenlet || type.prototype instanceof Greenlet)) {
        throw new TypeError(
          'fo(type): only green threads can be enumerated in Node (there is no gc.get_objects); pass Greenlet, ' +
            'GreenThread or a subclass',
        );
      }
      return liveOfType(type as typeof Greenlet);
    },
    /** Every live green thread, numbered, with what holds it (simple=false adds its hub and timer details). */
    pgt(simple = true): void {
      liveGreenlets().forEach((g, i) => {
        write(`${i} ${describeGreenlet(g)}\n`);
        if (!simple) write(`  hub: ${g.hub.constructor.name}, started: ${g.started}, dead: ${g.dead}\n`);
        write('\n');
      });
    },
    /** The one native thread's stack (JS runs a single thread per process). */
    pnt(): void {
      write(`${process.pid}\n${new Error('stack').stack?.split('\n').slice(1).join('\n') ?? ''}\n\n`);
    },
    /** prof() starts CPU profiling; prof("name") stops it and saves <tmpdir>/name.cpuprofile. */
    prof(fname = ''): void {
      if (!fname) {
        profiling?.disconnect();
        const { Session } = process.getBuiltinModule('node:inspector');
        profiling = new Session();
        profiling.connect();
        profiling.post('Profiler.enable');
        profiling.post('Profiler.start');
        return;
      }
      const session = profiling;
      profiling = undefined;
      if (session === undefined) {
        write('Error while saving the trace stats  profiling was not started: call prof() first\n');
        return;
      }
      session.post('Profiler.stop', (err, result) => {
        try {
          if (err) throw err;
          fs.writeFileSync(path.join(os.tmpdir(), `${fname}.cpuprofile`), JSON.stringify(result.profile));
        } catch (e) {
          write(`Error while saving the trace stats  ${(e as Error).message}\n`);
        } finally {
          session.disconnect();
        }
      });
    },
  };
}

/** "host:port" of a TCP peer, or null for a Unix socket. */
function peerOf(conn: net.Socket): string | null {
  return conn.remoteAddress !== undefined ? `${conn.remoteAddress}:${conn.remotePort}` : null;
}

/** B4: one console, in its own green thread, until the client disconnects. */
function* consoleThread(
  conn: net.Socket,
  peer: string | null,
  locals: Record<string, unknown>,
  print: (line: string) => void,
): Green<void> {
  const self = blockingCaller('backdoor console');
  const hub = self.hub;
  let closed = false;
  conn.on('close', () => {
    closed = true;
    if (!hub.halted) hub.listeners.ready(conn, 'read');
  });
  conn.on('error', () => {});
  conn.resume();
  const write = (text: string) => {
    if (!conn.destroyed) conn.write(text);
  };
  const console = process.getBuiltinModule('node:repl').start({
    input: conn,
    output: conn,
    prompt: '>>> ',
    terminal: false,
    useGlobal: false,
    ignoreUndefined: true,
    writer: display,
  });
  Object.assign(console.context, consoleNames(write), locals);
  console.on('exit', () => conn.end());
  try {
    while (!closed) yield* trampoline(conn, { read: true });
  } finally {
    console.close();
    conn.destroy();
    print(peer !== null ? `backdoor closed to ${peer}` : 'backdoor closed');
  }
}

function startConsole(
  conn: net.Socket,
  peer: string | null,
  locals: Record<string, unknown>,
  print: (line: string) => void,
): void {
  spawn(consoleThread, conn, peer, locals, print);
}

/** B4: the accept loop: "backdoor to host:port", then a console started by a 0-timer. */
function* serverThread(
  server: net.Server,
  pending: net.Socket[],
  locals: Record<string, unknown>,
  print: (line: string) => void,
): Green<void> {
  const self = blockingCaller('backdoor server');
  const addr = server.address();
  const listeningOn = typeof addr === 'string' || addr === null ? String(addr) : `${addr.address}:${addr.port}`;
  print(`backdoor server listening on ${listeningOn}`);
  try {
    for (;;) {
      const conn = pending.shift();
      if (conn === undefined) {
        if (!server.listening) return;
        yield* trampoline(server, { read: true });
        continue;
      }
      const peer = peerOf(conn);
      print(peer !== null ? `backdoor to ${peer}` : 'backdoor opened');
      self.hub.scheduleCallGlobal(0, startConsole, conn, peer, locals, print);
    }
  } finally {
    server.close();
  }
}

/**
 * B1–B3: starts the backdoor if `backdoorSocket` or `backdoorPort` is set, else returns null. Blocks the
 * calling green thread until the socket is bound (bind errors are raised: a busy fixed port, a range with
 * no free port, an unusable path). Logs INFO "Eventlet backdoor listening on <port|path> for process
 * <pid>" and spawns the server thread.
 * @example
 * const bd = yield* startBackdoor({ backdoorPort: '0' });
 * console.log(`telnet 127.0.0.1 ${bd!.where}`); // then type pgt()
 */
export function* startBackdoor(options: BackdoorOptions, locals: Record<string, unknown> = {}): Green<Backdoor | null> {
  trackGreenThreads();
  const { backdoorPort = null, backdoorSocket = null, print = toStdout } = options;
  if ((backdoorPort === null || backdoorPort === undefined) && (backdoorSocket === null || backdoorSocket === undefined)) {
    return null;
  }
  let server: net.Server;
  let where: number | string;
  if (backdoorSocket === null || backdoorSocket === undefined) {
    const [start, end] = parsePortRange(String(backdoorPort));
    server = yield* listenTcp(start, end);
    where = (server.address() as net.AddressInfo).port;
  } else {
    let socketPath: string;
    try {
      socketPath = formatSocketPath(backdoorSocket, process.pid);
    } catch (e) {
      socketPath = backdoorSocket;
      LOG.warning(
        'Could not apply format string to eventlet backdoor socket path (%s) - continuing with unformatted path',
        (e as Error).message,
      );
    }
    server = yield* listenUnix(socketPath);
    where = socketPath;
  }
  const hub = getHub();
  const pending: net.Socket[] = [];
  const open = new Set<net.Socket>();
  server.on('connection', (conn: net.Socket) => {
    open.add(conn);
    conn.on('close', () => open.delete(conn));
    pending.push(conn);
    if (!hub.halted) hub.listeners.ready(server, 'read');
  });
  server.on('close', () => {
    if (!hub.halted) hub.listeners.ready(server, 'read');
  });
  // D7: the backdoor never keeps a process alive on its own.
  server.unref();
  hub.addCloser(() => {
    server.close();
    for (const c of open) c.destroy();
  });
  LOG.info('Eventlet backdoor listening on %(where_running)s for process %(pid)d', { where_running: where, pid: process.pid });
  const thread = spawn(serverThread, server, pending, locals, print);
  return {
    where,
    thread,
    server,
    close() {
      server.close();
      for (const c of open) c.destroy();
    },
  };
}

/**
 * B3 as oslo's `initialize_if_enabled(conf)`: the port (number) or socket path the backdoor listens on, or
 * null when it is disabled. Launchers store it in `service.backdoorPort`.
 * @example
 * const port = yield* initializeIfEnabled({ backdoorPort: '4444:4450' });
 */
export function* initializeIfEnabled(options: BackdoorOptions): Green<number | string | null> {
  const bd = yield* startBackdoor(options);
  return bd === null ? null : bd.where;
}
