/**
 * Green IO on Node streams (eventlet/greenio, H19/H20): reads, writes, connect and accept that block the
 * calling green thread, not Node.
 *
 * Node streams push; eventlet's sockets are polled. The bridge is paused mode: a GreenStream listens to its
 * stream's 'readable' / 'end' / 'drain' / 'finish' / 'connect' / 'error' / 'close' events and reports them to
 * the hub's listener registry (`hub.listeners.ready`) while a green thread waits on it; the waiting thread sits
 * in `trampoline` (H20) and, once woken, simply re-examines the stream — `read()` returning null, an ended or
 * errored stream, a full write buffer — exactly as an eventlet socket retries a non-blocking call after poll
 * said it was ready. Since Node only delivers events while the hub waits (N2), checking the stream and then
 * registering as its listener can never miss an event.
 *
 * Outcomes a program handles: end of input is a value (an empty Buffer, as `recv` returns b''); a stream error
 * is thrown as Node reported it (ECONNRESET, EPIPE, ...); a per-call timeout raises SocketTimeout (eventlet
 * raises `socket.timeout('timed out')`); a stream closed by another green thread raises IOClosed (H20, H6a) in
 * its waiters and in every later call. When main returns, the hub halts and every handle these classes hold
 * is unref'd so that Node can exit (D7).
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type * as ttyTypes from 'node:tty';
import type { ChildProcess } from 'node:child_process';
import type { BaseHub } from '../hub/hub.js';
import { IOClosed, type Readiness } from '../hub/listeners.js';
import { blockingCaller } from './greenlet.js';
import type { Green } from './ops.js';
import { trampoline } from './trampoline.js';

/** node:tty, loaded when a terminal descriptor is first wrapped (most programs never do; #6 counts every import). */
const ttyModule = (): typeof ttyTypes => process.getBuiltinModule('node:tty');

/**
 * A socket or stream operation ran out of time (eventlet's green sockets raise `socket.timeout('timed out')`).
 * An ordinary Error: `catch` handles it; the stream stays usable (data queued by a timed-out write stays queued).
 * @example
 * try {
 *   const data = yield* conn.read(1024, 5);
 * } catch (e) {
 *   if (!(e instanceof SocketTimeout)) throw e;
 *   console.log('peer silent for 5 s');
 * }
 */
export class SocketTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(message = 'timed out') {
    super(message);
    this.name = 'SocketTimeout';
  }
}

/**
 * Writing to a stream whose writing side has ended (after `end()`, or closed by the peer): Python's
 * BrokenPipeError.
 * @example
 * yield* conn.end();
 * try { yield* conn.write('late'); } catch (e) { if (e instanceof BrokenPipeError) console.log('too late'); }
 */
export class BrokenPipeError extends Error {
  readonly code = 'EPIPE';
  constructor(message = 'Broken pipe: the writing side of this stream has ended') {
    super(message);
    this.name = 'BrokenPipeError';
  }
}

/**
 * H20: tells the hub that `key` is closed, so its waiters get IOClosed at step H6a. Called from a green
 * thread the hub is running, so the wake-up in markClosed cannot end a wait that has not begun; a 0-timer
 * makes the next iteration (and its step a) come at once instead of after an idle wait (H6e).
 */
function closeUnder(hub: BaseHub, key: object): void {
  const waited = hub.listeners.primary.read.has(key) || hub.listeners.primary.write.has(key);
  hub.listeners.markClosed(key);
  if (waited) hub.scheduleCallGlobal(0, () => {});
}

/** What `GreenStream` accepts as data to write. */
export type Bytes = Buffer | Uint8Array | string;

export interface GreenStreamOptions {
  /**
   * Default timeout in seconds for every blocking call on this stream (eventlet's `settimeout`); null (the
   * default) waits for ever. A call's own `timeout` argument overrides it.
   */
  timeout?: number | null;
}

type AnyStream = Readable | Writable | (Readable & Writable);

function isReadable(s: AnyStream): s is Readable {
  return typeof (s as Readable).read === 'function' && (s as Readable).readable !== undefined;
}

function isWritable(s: AnyStream): s is Writable {
  return typeof (s as Writable).write === 'function' && (s as Writable).writable !== undefined;
}

function toBuffer(data: Bytes, who: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`${who}() needs a Buffer, Uint8Array or string, got ${data === null ? 'null' : typeof data}`);
}

function checkTimeout(timeout: unknown, who: string): void {
  if (timeout === null || timeout === undefined) return;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new RangeError(`${who}: timeout must be a number of seconds >= 0, or null to wait for ever; got ${String(timeout)}`);
  }
}

/**
 * A Node Readable, Writable or Duplex (socket, pipe, child stdio, file stream) used from green threads with
 * blocking calls. Wrap each stream once; only one green thread may read it at a time and one may write it
 * (a second simultaneous reader raises H19's error).
 * @example
 * const child = spawnProcess('ls', ['-l']);
 * const out = new GreenStream(child.stdout!);
 * const listing = (yield* out.readAll()).toString();
 */
export class GreenStream {
  /** The wrapped Node stream (also the key it is registered under in the hub's listener registry). */
  readonly stream: AnyStream;
  /** Default timeout for blocking calls, seconds; null = none (eventlet's `gettimeout()`). */
  timeout: number | null;
  /** Data read from the stream but not yet returned (a read of n bytes keeps the rest here). */
  private leftover: Buffer | null = null;
  private closedByUs = false;
  private hub: BaseHub | undefined = undefined;
  private dropCloser: (() => void) | undefined = undefined;
  /** Green threads inside a trampoline on this stream: readiness is reported to the hub only then. */
  private waiters = 0;
  private readonly detach: () => void;

  constructor(stream: AnyStream, options: GreenStreamOptions = {}) {
    if (stream === null || typeof stream !== 'object' || typeof (stream as Readable).on !== 'function') {
      throw new TypeError('GreenStream needs a Node stream (Readable, Writable or Duplex)');
    }
    if (!isReadable(stream) && !isWritable(stream)) {
      throw new TypeError('GreenStream needs a Node stream that is readable, writable or both');
    }
    if (isReadable(stream) && stream.readableObjectMode) {
      throw new TypeError('GreenStream reads bytes; this stream is in object mode, read it with its own API');
    }
    checkTimeout(options.timeout, 'GreenStream');
    this.stream = stream;
    this.timeout = options.timeout ?? null;
    const onRead = () => this.report('read');
    const onWrite = () => this.report('write');
    const onError = () => this.report('error');
    // Paused mode: 'readable' makes the stream buffer data for read() instead of emitting 'data'.
    if (isReadable(stream)) {
      stream.on('readable', onRead);
      stream.on('end', onRead);
    }
    if (isWritable(stream)) {
      stream.on('drain', onWrite);
      stream.on('finish', onWrite);
    }
    stream.on('connect', onWrite);
    // Always listening to 'error' also keeps Node from treating a stream error as uncaught: the error is
    // kept by the stream (`errored`) and thrown by the next blocking call instead.
    stream.on('error', onError);
    stream.on('close', onError);
    // A stream Node closed by itself (both sides ended, destroyed) has nothing left to release at halt: drop
    // the hub's hold on it, or a server whose connections end without close() would keep them all.
    stream.once('close', () => {
      this.dropCloser?.();
      this.dropCloser = undefined;
    });
    this.detach = () => {
      stream.off('readable', onRead);
      stream.off('end', onRead);
      stream.off('drain', onWrite);
      stream.off('finish', onWrite);
      stream.off('connect', onWrite);
      stream.off('close', onError);
      // 'error' stays: a late error must not become an uncaught exception.
    };
  }

  /** A Node event happened: tell the hub, if a green thread is waiting on this stream (H19). */
  private report(what: Readiness): void {
    const hub = this.hub;
    if (hub !== undefined && this.waiters > 0 && !hub.halted) hub.listeners.ready(this.stream, what);
  }

  /** Ties the stream to the hub of the calling thread; D7: released when that hub halts. */
  private bind(hub: BaseHub): void {
    if (this.hub === hub) return;
    this.dropCloser?.();
    this.hub = hub;
    this.dropCloser = undefined;
    if ((this.stream as { closed?: boolean }).closed === true) return; // nothing left to release
    this.dropCloser = hub.addCloser(() => this.release());
  }

  /** D7: main has ended; what we hold must not keep Node alive. */
  protected release(): void {
    const s = this.stream as { unref?: () => void };
    if (typeof s.unref === 'function') s.unref();
  }

  /** H20: a close under a waiter lands here (the listener is defanged) before IOClosed is thrown. */
  private readonly markAsClosed = (): void => {
    this.closedByUs = true;
  };

  /** True once `close()` was called (by any green thread). */
  get closed(): boolean {
    return this.closedByUs;
  }

  /** @internal Waits on the stream for `kind` readiness, with this stream's timeout rules. */
  protected *waitFor(kind: 'read' | 'write', timeout: number | null): Green<void> {
    this.waiters++;
    try {
      yield* trampoline(this.stream, {
        [kind]: true,
        timeout,
        timeoutExc: SocketTimeout, // made only if the timeout fires: an Error's stack costs microseconds
        markAsClosed: this.markAsClosed,
      });
    } finally {
      this.waiters--;
    }
  }

  /** Common start of every blocking call: H13 checks, hub binding, closed check. */
  protected enter(what: string, timeout: number | null | undefined): number | null {
    const self = blockingCaller(what);
    checkTimeout(timeout, what);
    this.bind(self.hub);
    if (this.closedByUs) throw new IOClosed();
    return timeout === undefined ? this.timeout : timeout;
  }

  private readableSide(what: string): Readable {
    if (!isReadable(this.stream)) throw new TypeError(`${what}(): this stream is not readable`);
    return this.stream;
  }

  private writableSide(what: string): Writable {
    if (!isWritable(this.stream)) throw new TypeError(`${what}(): this stream is not writable`);
    return this.stream;
  }

  /** The next chunk of input, or null at end of input; blocks until one of them. */
  private *pull(r: Readable, timeout: number | null): Green<Buffer | null> {
    for (;;) {
      if (this.closedByUs) throw new IOClosed();
      if (this.leftover !== null) {
        const chunk = this.leftover;
        this.leftover = null;
        return chunk;
      }
      const chunk = r.read() as Buffer | string | null;
      if (chunk !== null) return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (r.readableEnded) return null;
      if (r.errored) throw r.errored;
      // Destroyed by someone else before its end: the same as closed under us.
      if (r.destroyed) throw new IOClosed();
      yield* this.waitFor('read', timeout);
    }
  }

  /**
   * Reads what is available, at most `max` bytes (all that is buffered if omitted), blocking until at
   * least one byte arrives. At end of input returns an empty Buffer (eventlet's `recv` returning b'').
   * `timeout` (seconds) overrides the stream's default; SocketTimeout when it expires.
   * @example
   * for (;;) {
   *   const data = yield* conn.read(4096);
   *   if (data.length === 0) break; // EOF
   *   yield* conn.write(data);
   * }
   */
  *read(max?: number, timeout?: number | null): Green<Buffer> {
    const t = this.enter('read', timeout);
    if (max !== undefined && (!Number.isInteger(max) || max < 0)) {
      throw new RangeError(`read(): max must be a whole number of bytes >= 0, got ${String(max)}`);
    }
    const r = this.readableSide('read');
    if (max === 0) return Buffer.alloc(0);
    const chunk = yield* this.pull(r, t);
    if (chunk === null) return Buffer.alloc(0);
    if (max !== undefined && chunk.length > max) {
      this.leftover = chunk.subarray(max);
      return chunk.subarray(0, max);
    }
    return chunk;
  }

  /**
   * Reads up to and including the next "\n"; at end of input returns what is left (an empty Buffer once
   * nothing is). `timeout` bounds each wait for more data.
   * @example
   * const line = (yield* child.readLine()).toString().trimEnd();
   */
  *readLine(timeout?: number | null): Green<Buffer> {
    const t = this.enter('readLine', timeout);
    const r = this.readableSide('readLine');
    const parts: Buffer[] = [];
    for (;;) {
      const chunk = yield* this.pull(r, t);
      if (chunk === null) return Buffer.concat(parts);
      const nl = chunk.indexOf(10);
      if (nl >= 0) {
        if (nl + 1 < chunk.length) this.leftover = chunk.subarray(nl + 1);
        parts.push(chunk.subarray(0, nl + 1));
        return Buffer.concat(parts);
      }
      parts.push(chunk);
    }
  }

  /**
   * Reads until end of input and returns everything. `timeout` bounds each wait for more data, not the
   * whole read.
   * @example
   * const output = (yield* new GreenStream(child.stdout!).readAll()).toString();
   */
  *readAll(timeout?: number | null): Green<Buffer> {
    const t = this.enter('readAll', timeout);
    const r = this.readableSide('readAll');
    const parts: Buffer[] = [];
    for (;;) {
      const chunk = yield* this.pull(r, t);
      if (chunk === null) return Buffer.concat(parts);
      parts.push(chunk);
    }
  }

  /** Throws what makes the writing side unusable, if anything. */
  private checkWritable(w: Writable): void {
    if (this.closedByUs) throw new IOClosed();
    if (w.errored) throw w.errored;
    if (w.writableEnded) throw new BrokenPipeError();
    if (w.destroyed) throw new IOClosed();
  }

  /**
   * Writes all of `data` (eventlet's `sendall`): hands it to the stream and, while the stream's buffer is
   * over its high-water mark, blocks until it drains. Returns once the data is queued, not necessarily
   * delivered; errors of an earlier write surface here or in the next call. BrokenPipeError after `end()`.
   * `timeout` bounds the wait for the buffer to drain (SocketTimeout; the data stays queued).
   * @example
   * yield* conn.write('hello\n');
   * yield* conn.write(Buffer.from([1, 2, 3]), 5);
   */
  *write(data: Bytes, timeout?: number | null): Green<void> {
    const t = this.enter('write', timeout);
    const w = this.writableSide('write');
    const buf = toBuffer(data, 'write');
    this.checkWritable(w);
    // The stream keeps a failed write's error (`errored`) and emits 'error', which wakes us (H19).
    w.write(buf, () => {});
    while (w.writableNeedDrain) {
      this.checkWritable(w);
      yield* this.waitFor('write', t);
    }
    this.checkWritable(w);
  }

  /**
   * Alias of `write`, under eventlet's socket name.
   * @example
   * yield* conn.sendall(Buffer.from('ping'));
   */
  sendall(data: Bytes, timeout?: number | null): Green<void> {
    return this.write(data, timeout);
  }

  /**
   * Ends the writing side (a socket's `shutdown(SHUT_WR)`: the peer reads EOF) after writing `data` if
   * given, and blocks until everything written has been flushed to the stream's destination. Reading goes on.
   * Ending twice is a no-op.
   * @example
   * yield* conn.write(request);
   * yield* conn.end();
   * const reply = yield* conn.readAll();
   */
  *end(data?: Bytes, timeout?: number | null): Green<void> {
    const t = this.enter('end', timeout);
    const w = this.writableSide('end');
    if (data !== undefined) yield* this.write(data, t);
    if (!w.writableEnded) {
      if (w.errored) throw w.errored;
      w.end();
    }
    while (!w.writableFinished) {
      if (this.closedByUs) throw new IOClosed();
      if (w.errored) throw w.errored;
      if (w.destroyed) throw new IOClosed();
      yield* this.waitFor('write', t);
    }
  }

  /**
   * Closes the stream at once (destroys it, discarding unflushed data). Green threads blocked on it get
   * IOClosed at the hub's next iteration (H20, H6a), as does every later call. Does not block; closing
   * twice is a no-op. Use `end()` first to flush.
   * @example
   * spawn(function* () { yield* sleep(10); conn.close(); }); // give up on a silent peer
   * try { yield* conn.read(); } catch (e) { if (!(e instanceof IOClosed)) throw e; }
   */
  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    const hub = this.hub;
    if (hub !== undefined && !hub.halted) closeUnder(hub, this.stream);
    this.detach();
    this.stream.destroy();
    this.dropCloser?.();
    this.dropCloser = undefined;
  }
}

/** Where to connect: a TCP port (with host) or a Unix socket path. */
export interface ConnectOptions extends GreenStreamOptions {
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** A Unix domain socket path, instead of port/host. */
  path?: string;
}

/**
 * A green TCP or Unix socket: a GreenStream over a `net.Socket`, half-open capable (after `end()` the peer
 * sees EOF and this side can still read).
 * @example
 * const conn = yield* GreenSocket.connect(8080);
 * yield* conn.write('GET / HTTP/1.0\r\n\r\n');
 * const page = yield* conn.readAll();
 * conn.close();
 */
export class GreenSocket extends GreenStream {
  declare readonly stream: net.Socket;

  /**
   * Wraps an existing `net.Socket` (connected or connecting). It is switched to half-open mode.
   * @example
   * const conn = new GreenSocket(net.connect(port), { timeout: 30 });
   */
  constructor(socket: net.Socket, options: GreenStreamOptions = {}) {
    if (!(socket instanceof net.Socket)) throw new TypeError('GreenSocket needs a net.Socket');
    super(socket, options);
    socket.allowHalfOpen = true;
  }

  /**
   * Connects to `port` on `host` (default 127.0.0.1), or to a Unix socket `path`, blocking until connected.
   * Connection errors (ECONNREFUSED, ENOENT, ...) are thrown as Node reports them; `timeout` (also the new
   * socket's default timeout) raises SocketTimeout. Like eventlet's connect, it waits for writability.
   * @example
   * const conn = yield* GreenSocket.connect(6000, 'localhost', { timeout: 10 });
   * const unix = yield* GreenSocket.connect({ path: '/run/app.sock' });
   */
  static *connect(
    portOrOptions: number | ConnectOptions,
    host?: string,
    options: GreenStreamOptions = {},
  ): Green<GreenSocket> {
    blockingCaller('connect'); // H13, before anything is opened
    const opts: ConnectOptions =
      typeof portOrOptions === 'number' ? { ...options, port: portOrOptions, host } : { ...portOrOptions };
    if (opts.path === undefined && (!Number.isInteger(opts.port) || opts.port! <= 0 || opts.port! > 65535)) {
      throw new RangeError(`connect(): port must be a whole number 1-65535 (or give a Unix socket path), got ${String(opts.port)}`);
    }
    checkTimeout(opts.timeout, 'connect');
    const socket =
      opts.path !== undefined
        ? net.connect({ path: opts.path, allowHalfOpen: true })
        : net.connect({ port: opts.port!, host: opts.host ?? '127.0.0.1', allowHalfOpen: true });
    const conn = new GreenSocket(socket, { timeout: opts.timeout ?? null });
    try {
      const t = conn.enter('connect', undefined);
      while (socket.connecting) {
        if (socket.errored) throw socket.errored;
        yield* conn.waitFor('write', t);
      }
      if (socket.errored) throw socket.errored;
      if (socket.destroyed) throw new IOClosed();
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }

  /** The peer's address, as Node reports it. */
  get remoteAddress(): string | undefined {
    return this.stream.remoteAddress;
  }

  /** The peer's port. */
  get remotePort(): number | undefined {
    return this.stream.remotePort;
  }
}

/** Where and how to listen. */
export interface ListenOptions {
  /** 0 (the default) picks a free port; see `address().port`. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** A Unix domain socket path, instead of port/host. */
  path?: string;
  /** Pending-connection queue length (default 511, like Node). */
  backlog?: number;
  /** Default timeout of `accept()`, seconds. */
  timeout?: number | null;
  /** Default timeout given to every accepted GreenSocket. */
  socketTimeout?: number | null;
}

/**
 * A green listening socket (eventlet.listen + accept): `accept()` blocks the calling green thread until a
 * client connects.
 * @example
 * const server = yield* GreenServer.listen({ port: 0 });
 * const { port } = server.address();
 * for (;;) {
 *   const conn = yield* server.accept();
 *   spawn(handle, conn);
 * }
 */
export class GreenServer {
  readonly server: net.Server;
  /** Default timeout of `accept()`, seconds; null = none. */
  timeout: number | null;
  private readonly socketTimeout: number | null;
  /** Connections Node accepted that no accept() has taken yet (the listen backlog's role). */
  private readonly pending: net.Socket[] = [];
  private error: Error | undefined = undefined;
  private closedByUs = false;
  private waiters = 0;
  private hub: BaseHub | undefined = undefined;
  private dropCloser: (() => void) | undefined = undefined;

  private constructor(server: net.Server, options: ListenOptions) {
    this.server = server;
    this.timeout = options.timeout ?? null;
    this.socketTimeout = options.socketTimeout ?? null;
    server.on('connection', (socket: net.Socket) => {
      if (this.closedByUs) {
        socket.destroy();
        return;
      }
      // Until accepted, the socket must not report errors as uncaught; GreenSocket listens from then on.
      socket.on('error', () => {});
      this.pending.push(socket);
      this.report('read');
    });
    server.on('error', (err: Error) => {
      this.error = err;
      this.report('error');
    });
    server.on('listening', () => this.report('read'));
    server.once('close', () => {
      this.dropCloser?.();
      this.dropCloser = undefined;
    });
  }

  private report(what: Readiness): void {
    const hub = this.hub;
    if (hub !== undefined && this.waiters > 0 && !hub.halted) hub.listeners.ready(this.server, what);
  }

  private bind(hub: BaseHub): void {
    if (this.hub === hub) return;
    this.dropCloser?.();
    this.hub = hub;
    // D7: a listening server must not keep Node alive once main has ended.
    this.dropCloser = hub.addCloser(() => {
      this.server.unref();
      for (const s of this.pending) s.unref();
    });
  }

  private *waitFor(timeout: number | null): Green<void> {
    this.waiters++;
    try {
      yield* trampoline(this.server, {
        read: true,
        timeout,
        timeoutExc: SocketTimeout,
        markAsClosed: () => {
          this.closedByUs = true;
        },
      });
    } finally {
      this.waiters--;
    }
  }

  /**
   * Starts listening and blocks until the server is bound (EADDRINUSE and other bind errors are thrown).
   * @example
   * const server = yield* GreenServer.listen({ port: 0, host: '127.0.0.1' });
   * console.log('listening on', server.address().port);
   */
  static *listen(options: ListenOptions = {}): Green<GreenServer> {
    const self = blockingCaller('listen');
    checkTimeout(options.timeout, 'listen');
    checkTimeout(options.socketTimeout, 'listen');
    const port = options.port ?? 0;
    if (options.path === undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new RangeError(`listen(): port must be a whole number 0-65535 (0 picks a free one), got ${String(port)}`);
    }
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const gs = new GreenServer(server, options);
    gs.bind(self.hub);
    const backlog = options.backlog ?? 511;
    if (options.path !== undefined) server.listen({ path: options.path, backlog });
    else server.listen({ port, host: options.host ?? '127.0.0.1', backlog });
    try {
      while (!server.listening) {
        if (gs.error !== undefined) throw gs.error;
        yield* gs.waitFor(null);
      }
    } catch (err) {
      gs.close();
      throw err;
    }
    return gs;
  }

  /**
   * The bound TCP address (`port` is the one picked when listening on port 0).
   * @example
   * const server = yield* GreenServer.listen({ port: 0 });
   * const conn = yield* GreenSocket.connect(server.address().port);
   */
  address(): net.AddressInfo {
    const a = this.server.address();
    if (a === null || typeof a === 'string') {
      throw new TypeError('address(): this server listens on a Unix socket path, not a TCP port; see server.server.address()');
    }
    return a;
  }

  /**
   * Blocks until a client connects and returns the connection as a GreenSocket. `timeout` (seconds;
   * default the server's) raises SocketTimeout; accept on a closed server raises IOClosed.
   * @example
   * const conn = yield* server.accept(30);
   * console.log('client from', conn.remoteAddress);
   */
  *accept(timeout?: number | null): Green<GreenSocket> {
    const self = blockingCaller('accept');
    checkTimeout(timeout, 'accept');
    this.bind(self.hub);
    const t = timeout === undefined ? this.timeout : timeout;
    for (;;) {
      if (this.closedByUs) throw new IOClosed();
      const socket = this.pending.shift();
      if (socket !== undefined) {
        socket.removeAllListeners('error');
        // pauseOnConnect kept Node from reading it; GreenStream's 'readable' listener starts the reading.
        return new GreenSocket(socket, { timeout: this.socketTimeout });
      }
      if (this.error !== undefined) throw this.error;
      yield* this.waitFor(t);
    }
  }

  /**
   * Stops listening: green threads blocked in `accept()` get IOClosed (H20), connections not yet accepted
   * are dropped, accepted ones are left alone. Does not block.
   * @example
   * spawnAfter(60, () => server.close());
   */
  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    const hub = this.hub;
    if (hub !== undefined && !hub.halted) closeUnder(hub, this.server);
    for (const s of this.pending.splice(0)) s.destroy();
    this.server.close();
    this.dropCloser?.();
    this.dropCloser = undefined;
  }
}

export interface FdOptions extends GreenStreamOptions {
  /** Open for reading (default true). */
  readable?: boolean;
  /** Open for writing (default false). */
  writable?: boolean;
}

/**
 * A GreenStream over an inherited or numbered descriptor: a pipe or socket (the parent-death pipe of N6, a
 * child's extra stdio), a terminal, or a regular file. Reading a pipe until its EOF is how a child learns its
 * parent has died.
 * @example
 * // in a child started with stdio: ['inherit', 'inherit', 'inherit', 'pipe']
 * const parentPipe = fromFd(3);
 * yield* parentPipe.readAll(); // returns when every writer (the parent) has gone
 * console.log('parent died');
 */
export function fromFd(fd: number, options: FdOptions = {}): GreenStream {
  if (!Number.isInteger(fd) || fd < 0) throw new RangeError(`fromFd(): fd must be a descriptor number >= 0, got ${String(fd)}`);
  const readable = options.readable ?? true;
  const writable = options.writable ?? false;
  if (!readable && !writable) throw new TypeError('fromFd(): open the descriptor for reading, writing or both');
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
  } catch (err) {
    throw new Error(`fromFd(): descriptor ${fd} is not open in this process (${(err as Error).message})`);
  }
  let stream: AnyStream;
  if (st.isFIFO() || st.isSocket()) {
    stream = new net.Socket({ fd, readable, writable, allowHalfOpen: true });
  } else if (st.isCharacterDevice() && ttyModule().isatty(fd)) {
    const tty = ttyModule();
    if (readable && writable) throw new TypeError('fromFd(): a terminal descriptor is opened for reading or for writing, not both');
    stream = readable ? new tty.ReadStream(fd) : new tty.WriteStream(fd);
  } else {
    if (readable && writable) throw new TypeError('fromFd(): a file descriptor is opened for reading or for writing, not both');
    stream = readable ? fs.createReadStream('', { fd, autoClose: false }) : fs.createWriteStream('', { fd, autoClose: false });
  }
  return new GreenStream(stream, { timeout: options.timeout ?? null });
}

/**
 * GreenStreams over a child process's stdio: `stdin` writable, `stdout`/`stderr` readable, `extra[i]` for
 * stdio[3 + i] (pipes, both ways). Entries are undefined where the child has no pipe.
 * @example
 * const child = spawnProcess('sort', [], { stdio: 'pipe' });
 * const io = childStdio(child);
 * yield* io.stdin!.end('b\na\n');
 * console.log((yield* io.stdout!.readAll()).toString()); // "a\nb\n"
 */
export function childStdio(
  child: ChildProcess,
  options: GreenStreamOptions = {},
): { stdin?: GreenStream; stdout?: GreenStream; stderr?: GreenStream; extra: Array<GreenStream | undefined> } {
  const wrap = (s: unknown) => (s === null || s === undefined ? undefined : new GreenStream(s as AnyStream, options));
  const extra = child.stdio.slice(3).map(wrap);
  return { stdin: wrap(child.stdin), stdout: wrap(child.stdout), stderr: wrap(child.stderr), extra };
}
