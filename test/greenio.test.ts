/** Green IO on the real-time hub: H19/H20 through real Node readiness, N2, N6, D7 (issue #3). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { spawn as spawnProcess, spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub, IOClosed, getHub, useHub } from '../src/hub/index.js';
import { run, sleep, spawn, spawnN, type GreenThread } from '../src/greenthread/index.js';
import {
  BrokenPipeError,
  GreenServer,
  GreenSocket,
  GreenStream,
  SocketTimeout,
  childStdio,
} from '../src/greenthread/io.js';
import { realtime } from './helpers.js';

const indexUrl = new URL('../src/greenthread/index.js', import.meta.url).href;
const ioUrl = new URL('../src/greenthread/io.js', import.meta.url).href;


/** The echo handler: read until EOF, write everything back, end, close. Returns bytes echoed. */
function* echo(conn: GreenSocket): Generator<any, number, any> {
  let n = 0;
  for (;;) {
    const data = yield* conn.read(4096);
    if (data.length === 0) break;
    n += data.length;
    yield* conn.write(data);
  }
  yield* conn.end();
  conn.close();
  return n;
}

test('green echo server and client: write, end (half-close), read back until EOF as an empty Buffer', async () => {
  realtime();
  const out = await run(function* () {
    const server = yield* GreenServer.listen({ port: 0 });
    const handler = spawn(function* () {
      const conn = yield* server.accept();
      return yield* echo(conn);
    });
    const client = yield* GreenSocket.connect(server.address().port);
    yield* client.write('hello ');
    yield* client.sendall(Buffer.from('world'));
    yield* client.end();
    const reply = yield* client.readAll();
    const after = yield* client.read();
    client.close();
    server.close();
    return { reply: reply.toString(), after: after.length, echoed: yield* handler.wait() };
  });
  assert.deepEqual(out, { reply: 'hello world', after: 0, echoed: 11 });
});

test('N2/H12: a green reader blocked with nothing scheduled lets Node run; readiness from a plain Node timer ends the wait', async () => {
  const { hub } = realtime();
  const stream = new PassThrough();
  const out = await run(function* () {
    const g = new GreenStream(stream);
    const before = hub.iterations;
    setTimeout(() => stream.write('from Node'), 20);
    // Nothing in the heap: the hub arms its idle wait (H6e) and Node's loop turns freely under it.
    const data = (yield* g.read()).toString();
    return { data, iterations: hub.iterations - before, listeners: hub.listeners.count };
  });
  assert.equal(out.data, 'from Node');
  assert.ok(out.iterations <= 3, `the hub waited instead of spinning (${out.iterations} iterations)`);
  assert.equal(out.listeners, 0);
});

test('Unix domain sockets: listen and connect by path', async () => {
  realtime();
  const dir = mkdtempSync(join(tmpdir(), 'greenhub-io-'));
  const path = join(dir, 'echo.sock');
  try {
    const reply = await run(function* () {
      const server = yield* GreenServer.listen({ path });
      const handler = spawn(function* () {
        return yield* echo(yield* server.accept());
      });
      const client = yield* GreenSocket.connect({ path });
      yield* client.end('over a unix socket');
      const got = (yield* client.readAll()).toString();
      yield* handler.wait();
      client.close();
      server.close();
      return got;
    });
    assert.equal(reply, 'over a unix socket');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a green echo server serves 1,000 concurrent loopback connections from green clients, every byte accounted for', { timeout: 60_000 }, async () => {
  realtime();
  const N = 1000;
  const result = await run(function* () {
    const server = yield* GreenServer.listen({ port: 0, backlog: 1024 });
    const port = server.address().port;
    let served = 0;
    let serverBytes = 0;
    const handlers: Array<GreenThread<number>> = [];
    const acceptor = spawn(function* () {
      while (served < N) {
        const conn = yield* server.accept();
        served++;
        handlers.push(spawn(echo, conn));
      }
    });
    const clients: Array<GreenThread<{ sent: number; ok: boolean }>> = [];
    for (let i = 0; i < N; i++) {
      clients.push(
        spawn(function* () {
          const payload = Buffer.from(`<${i}>`.padEnd(500 + (i % 11) * 400, String.fromCharCode(97 + (i % 26))));
          const conn = yield* GreenSocket.connect(port);
          yield* conn.write(payload);
          yield* conn.end();
          const reply = yield* conn.readAll();
          conn.close();
          return { sent: payload.length, ok: reply.equals(payload) };
        }),
      );
    }
    let clientBytes = 0;
    let matched = 0;
    for (const c of clients) {
      const r = yield* c.wait();
      clientBytes += r.sent;
      if (r.ok) matched++;
    }
    yield* acceptor.wait();
    for (const h of handlers) serverBytes += yield* h.wait();
    server.close();
    return { matched, served, clientBytes, serverBytes };
  });
  assert.equal(result.served, N);
  assert.equal(result.matched, N);
  assert.equal(result.serverBytes, result.clientBytes);
  assert.ok(result.clientBytes > N * 500);
});

test('read(n) returns at most n bytes and keeps the rest; readLine splits lines and returns the tail at EOF', async () => {
  realtime();
  const stream = new PassThrough();
  const out = await run(function* () {
    const g = new GreenStream(stream);
    spawn(function* () {
      yield* sleep(0.01);
      stream.end('one\ntwo\nthree');
    });
    const first = (yield* g.read(2)).toString();
    const line1 = (yield* g.readLine()).toString();
    const line2 = (yield* g.readLine()).toString();
    const tail = (yield* g.readLine()).toString();
    const eof = yield* g.readLine();
    return [first, line1, line2, tail, eof.length];
  });
  assert.deepEqual(out, ['on', 'e\n', 'two\n', 'three', 0]);
});

test('a read timeout raises SocketTimeout; the stream stays usable; accept has its own timeout', async () => {
  realtime();
  const stream = new PassThrough();
  const out = await run(function* () {
    const g = new GreenStream(stream, { timeout: 0.02 });
    const seen: string[] = [];
    try {
      yield* g.read();
    } catch (e) {
      seen.push(e instanceof SocketTimeout ? `${e.name}: ${e.message}` : String(e));
    }
    stream.write('late');
    seen.push((yield* g.read(undefined, null)).toString());
    const server = yield* GreenServer.listen({ port: 0 });
    try {
      yield* server.accept(0.02);
    } catch (e) {
      seen.push(e instanceof SocketTimeout ? 'accept timed out' : String(e));
    }
    server.close();
    return seen;
  });
  assert.deepEqual(out, ['SocketTimeout: timed out', 'late', 'accept timed out']);
});

test('connect errors surface as Node reports them (ECONNREFUSED); bad arguments are explained', async () => {
  realtime();
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const out = await run(function* () {
    const seen: string[] = [];
    try {
      yield* GreenSocket.connect(port);
    } catch (e) {
      seen.push((e as NodeJS.ErrnoException).code ?? String(e));
    }
    try {
      yield* GreenSocket.connect(70000);
    } catch (e) {
      seen.push((e as Error).constructor.name);
    }
    return seen;
  });
  assert.deepEqual(out, ['ECONNREFUSED', 'RangeError']);
});

test('H20: close() by another green thread raises IOClosed in the blocked reader and in every later call', async () => {
  const { hub } = realtime();
  const out = await run(function* () {
    const seen: string[] = [];
    const server = yield* GreenServer.listen({ port: 0 });
    const client = yield* GreenSocket.connect(server.address().port);
    const conn = yield* server.accept();
    const reader = spawn(function* () {
      try {
        yield* conn.read();
      } catch (e) {
        seen.push(e instanceof IOClosed ? `reader: IOClosed (${e.errno})` : String(e));
      }
    });
    const acceptor = spawn(function* () {
      try {
        yield* server.accept();
      } catch (e) {
        seen.push(e instanceof IOClosed ? 'accept: IOClosed' : String(e));
      }
    });
    yield* sleep(0.01);
    conn.close();
    server.close();
    yield* reader.wait();
    yield* acceptor.wait();
    try {
      yield* conn.write('x');
    } catch (e) {
      seen.push(e instanceof IOClosed ? 'later write: IOClosed' : String(e));
    }
    seen.push(`closed=${conn.closed} listeners=${hub.listeners.count}`);
    // The peer sees the close as end of input.
    seen.push(`peer reads ${(yield* client.read()).length} bytes`);
    client.close();
    return seen;
  });
  assert.deepEqual(out, [
    'reader: IOClosed (ENOTCONN)',
    'accept: IOClosed',
    'later write: IOClosed',
    'closed=true listeners=0',
    'peer reads 0 bytes',
  ]);
});

test('writing after end() is a BrokenPipeError; a write timeout under backpressure is SocketTimeout', async () => {
  realtime();
  const peer = net.createServer({ pauseOnConnect: true });
  const peers: net.Socket[] = [];
  peer.on('connection', (s) => peers.push(s));
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  try {
    const out = await run(function* () {
      const seen: string[] = [];
      const conn = yield* GreenSocket.connect((peer.address() as net.AddressInfo).port);
      const chunk = Buffer.alloc(1 << 20, 120);
      try {
        // The peer never reads: kernel buffers fill, then Node's, then the write blocks until the timeout.
        for (let i = 0; i < 256; i++) yield* conn.write(chunk, 0.05);
        seen.push('never blocked');
      } catch (e) {
        seen.push(e instanceof SocketTimeout ? 'write timed out' : String(e));
      }
      conn.close();
      const other = yield* GreenSocket.connect((peer.address() as net.AddressInfo).port);
      yield* other.end('bye');
      try {
        yield* other.write('more');
      } catch (e) {
        seen.push(e instanceof BrokenPipeError ? `${e.name} ${e.code}` : String(e));
      }
      other.close();
      return seen;
    });
    assert.deepEqual(out, ['write timed out', 'BrokenPipeError EPIPE']);
  } finally {
    for (const s of peers) s.destroy();
    peer.close();
  }
});

test('H19: a second green reader of one socket gets "Second simultaneous read on fileno N"', async () => {
  realtime();
  const out = await run(function* () {
    const server = yield* GreenServer.listen({ port: 0 });
    const client = yield* GreenSocket.connect(server.address().port);
    const conn = yield* server.accept();
    const first = spawn(function* () {
      return (yield* conn.read()).toString();
    });
    yield* sleep(0);
    let message = '';
    try {
      yield* conn.read();
    } catch (e) {
      message = (e as Error).message;
    }
    yield* client.write('for the first');
    const got = yield* first.wait();
    const fd = fdOf(conn);
    client.close();
    conn.close();
    server.close();
    return { message, got, fd };
  });
  assert.match(out.message, new RegExp(`^Second simultaneous read on fileno ${out.fd} detected\\.`));
  assert.equal(out.got, 'for the first');
});

test('H19: a green thread failing after its socket woke it prints the traceback and "Removing descriptor: N"; the socket\'s writer, called once more, keeps waiting', async () => {
  const { printed } = realtime();
  const out = await run(function* () {
    const seen: string[] = [];
    const server = yield* GreenServer.listen({ port: 0 });
    const client = yield* GreenSocket.connect(server.address().port);
    const conn = yield* server.accept();
    const fd = fdOf(conn);
    // A writer blocked on conn's write side: the peer (client) does not read, so conn's buffers fill.
    const writer = spawn(function* () {
      const chunk = Buffer.alloc(1 << 20, 1);
      try {
        for (let i = 0; i < 256; i++) yield* conn.write(chunk);
      } catch (e) {
        seen.push(e instanceof IOClosed ? 'writer: IOClosed' : `writer: ${String(e)}`);
      }
    });
    spawnN(function* () {
      yield* conn.read();
      throw new TypeError('handler bug');
    });
    while (!getHubWriters(conn)) yield* sleep(0.005);
    yield* client.write('wake the reader');
    for (let i = 0; i < 2000 && !printed.includes(`Removing descriptor: ${fd}`); i++) yield* sleep(0.005);
    // The writer was called once more (a spurious wake-up): it re-checked its stream and waits again, and
    // that new registration survives the removal of the descriptor's old listeners.
    seen.push(`writer alive: ${!writer.dead}, waiting again: ${getHubWriters(conn)}`);
    conn.close();
    yield* writer.wait();
    client.close();
    server.close();
    return { seen, fd };
  });
  assert.deepEqual(out.seen, ['writer alive: true, waiting again: true', 'writer: IOClosed']);
  assert.deepEqual(printed, ['Traceback: TypeError: handler bug', `Removing descriptor: ${out.fd}`]);
});

test('H19: error readiness (the peer resets the connection) wakes both the blocked reader and the blocked writer', async () => {
  realtime();
  const peer = net.createServer({ pauseOnConnect: true });
  const peers: net.Socket[] = [];
  peer.on('connection', (s) => peers.push(s));
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  try {
    const out = await run(function* () {
      const conn = yield* GreenSocket.connect((peer.address() as net.AddressInfo).port);
      const errors: unknown[] = [];
      const reader = spawn(function* () {
        try {
          yield* conn.read();
        } catch (e) {
          errors.push(e);
        }
      });
      const writer = spawn(function* () {
        const chunk = Buffer.alloc(1 << 20, 2);
        try {
          for (let i = 0; i < 256; i++) yield* conn.write(chunk);
        } catch (e) {
          errors.push(e);
        }
      });
      while (!getHubWriters(conn) || peers.length === 0) yield* sleep(0.005);
      peers[0]!.resetAndDestroy();
      yield* reader.wait();
      yield* writer.wait();
      conn.close();
      return errors;
    });
    assert.equal(out.length, 2);
    assert.equal(out[0], out[1]); // the stream's one error, seen by both sides
    assert.ok(['ECONNRESET', 'EPIPE'].includes((out[0] as NodeJS.ErrnoException).code ?? ''), String(out[0]));
  } finally {
    for (const s of peers) s.destroy();
    peer.close();
  }
});

test('child stdio: write a child\'s stdin, end it, read its stdout until EOF', async () => {
  realtime();
  const out = await run(function* () {
    const child = spawnProcess(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const io = childStdio(child);
    yield* io.stdin!.write('line 1\n');
    yield* io.stdin!.end('line 2\n');
    const first = (yield* io.stdout!.readLine()).toString();
    const rest = (yield* io.stdout!.readAll()).toString();
    return [first, rest];
  });
  assert.deepEqual(out, ['line 1\n', 'line 2\n']);
});

test('N6: a child reads an inherited pipe (fd 3) until EOF: the parent-death pipe', { timeout: 20_000 }, async () => {
  realtime();
  const program = `
    import { run } from ${JSON.stringify(indexUrl)};
    import { fromFd } from ${JSON.stringify(ioUrl)};
    await run(function* () {
      const parent = fromFd(3);
      const data = yield* parent.readAll();
      process.stdout.write('read ' + JSON.stringify(data.toString()) + ', then EOF: parent gone\\n');
    });
  `;
  const out = await run(function* () {
    const child = spawnProcess(process.execPath, ['--input-type=module', '-e', program], {
      stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    });
    const io = childStdio(child);
    yield* io.extra[0]!.write('still here');
    yield* io.extra[0]!.end();
    // The parent "dies": its end of the pipe closes.
    io.extra[0]!.close();
    return (yield* io.stdout!.readAll()).toString();
  });
  assert.equal(out, 'read "still here", then EOF: parent gone\n');
});

// util-linux's script(1) gives the child a pseudo-terminal; without it the terminal branch cannot be reached.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('fromFd wraps a terminal descriptor in a tty stream, one direction at a time', { skip: !hasScript && 'script(1) is not installed', timeout: 20_000 }, () => {
  const program = `
    import { run } from ${JSON.stringify(indexUrl)};
    import { fromFd } from ${JSON.stringify(ioUrl)};
    await run(function* () {
      let refused = '';
      try { fromFd(1, { readable: true, writable: true }); } catch (err) { refused = err.message; }
      const out = fromFd(1, { readable: false, writable: true });
      yield* out.write('stream ' + out.stream.constructor.name + '; both ways: ' + refused + '\\n');
    });
  `;
  const cmd = [process.execPath, '--input-type=module', '-e', program].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 15_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /stream WriteStream; both ways: fromFd\(\): a terminal descriptor is opened for reading or for writing, not both/);
});

test('D7: when main returns, green sockets, servers and blocked readers do not keep Node alive', () => {
  const program = `
    import { run, spawn, sleep } from ${JSON.stringify(indexUrl)};
    import { GreenServer, GreenSocket } from ${JSON.stringify(ioUrl)};
    await run(function* () {
      const server = yield* GreenServer.listen({ port: 0 });
      const client = yield* GreenSocket.connect(server.address().port);
      const conn = yield* server.accept();
      spawn(function* () { yield* conn.read(); });
      spawn(function* () { yield* client.read(); });
      spawn(function* () { yield* server.accept(); });
      yield* sleep(0.02);
      console.log('main done');
    });
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', timeout: 15_000 });
  assert.equal(r.signal, null, 'the program hung and was killed');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'main done\n');
});

test('GreenStream rejects what it cannot use, with the reason', () => {
  useHub(new Hub());
  assert.throws(() => new GreenStream({} as never), /needs a Node stream/);
  assert.throws(() => new GreenStream(new PassThrough({ objectMode: true })), /object mode/);
  assert.throws(() => new GreenStream(new PassThrough(), { timeout: -1 }), /timeout must be/);
  assert.throws(() => new GreenStream(new PassThrough()).read().next(), /must run inside a green thread/);
});

/** True once a green thread is blocked writing `conn` (its write listener is registered). */
function getHubWriters(conn: GreenSocket): boolean {
  return getHub().listeners.primary.write.has(conn.stream);
}

/** The descriptor number the hub names a socket by (describeKey). */
function fdOf(conn: GreenSocket): number {
  return (conn.stream as unknown as { _handle: { fd: number } })._handle.fd;
}

test('D7: connections that end without close() are not held by the hub once Node has closed them', async () => {
  const { hub } = realtime();
  await run(function* () {
    const server = yield* GreenServer.listen({ port: 0 });
    const port = server.address().port;
    const n = 50;
    spawn(function* () {
      for (let i = 0; i < n; i++) {
        const c = yield* server.accept();
        spawn(function* () {
          yield* c.readAll();
          yield* c.end();
        });
      }
    });
    for (let i = 0; i < n; i++) {
      const c = yield* GreenSocket.connect(port);
      yield* c.end('x');
      yield* c.readAll();
    }
    yield* sleep(0.2);
    // Only the listening server is still held for release at halt.
    assert.ok((hub as unknown as { closers: Set<unknown> }).closers.size <= 2, 'ended connections are still held');
    server.close();
  });
});
