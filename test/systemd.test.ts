/**
 * Y1–Y4: systemd readiness over a real unix datagram socket (N8, #5), filesystem paths and abstract "@" names.
 *
 * The receiver in most tests is an independent implementation: python3's socket module in a child process,
 * so an address our addon got wrong (a lost leading NUL, a wrong length) would not reach it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { abstractify, notify, notifyOnce, onready, sdNotify, systemdMain } from '../src/launcher/systemd.js';
import { addSink, type LogRecord } from '../src/launcher/log.js';

function tmpSock(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-sd-'));
  return path.join(dir, name);
}

let abstractCount = 0;
/** A fresh name in the abstract namespace, spelled as NOTIFY_SOCKET spells it. */
function abstractName(): string {
  abstractCount += 1;
  return `@greenhub-test/${process.pid}/${abstractCount}`;
}

/** python3: bind a datagram socket ("@name" → abstract), say so, then print the first datagram in hex. */
const PY_RECEIVER = `
import socket, sys
name = sys.argv[1]
addr = '\\0' + name[1:] if name.startswith('@') else name
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(addr)
print('bound', flush=True)
s.settimeout(10)
try:
    print(s.recv(512).hex(), flush=True)
except socket.timeout:
    print('timeout', flush=True)
`;

/**
 * Starts a python3 receiver at `name` (a path or "@name"); resolves once it is bound. `got` resolves with the
 * first datagram it received; `close` ends it and removes a socket file's directory.
 */
async function receiver(name: string): Promise<{ got: Promise<string>; close: () => void }> {
  const child = spawn('python3', ['-c', PY_RECEIVER, name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.startsWith('bound\n')) resolve();
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`python3 receiver exited ${code} before binding: ${err}`)));
  });
  const got = exited.then(() => {
    const line = out.split('\n')[1] ?? '';
    if (line === '' || line === 'timeout') throw new Error(`python3 receiver got nothing (${line || err})`);
    return Buffer.from(line, 'hex').toString();
  });
  got.catch(() => {}); // tests that never await it must not leave an unhandled rejection
  const close = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    if (!name.startsWith('@')) fs.rmSync(path.dirname(name), { recursive: true, force: true });
  };
  return { got, close };
}

function captureLogs(): { records: LogRecord[]; stop: () => void } {
  const records: LogRecord[] = [];
  const stop = addSink((r) => records.push(r));
  return { records, stop };
}

function failureRecord(records: LogRecord[]): LogRecord {
  const rec = records.find((r) => r.getMessage() === 'Systemd notification failed');
  assert.ok(rec, 'a "Systemd notification failed" record');
  assert.equal(rec.levelname, 'DEBUG');
  assert.equal(rec.name, 'oslo_service.systemd');
  assert.ok(rec.hasExc);
  return rec;
}

test('Y1: "@" becomes a leading NUL, anything else is unchanged', () => {
  assert.equal(abstractify('@foo/bar'), '\0foo/bar');
  assert.equal(abstractify('/run/systemd/notify'), '/run/systemd/notify');
  assert.equal(abstractify('a@b'), 'a@b');
});

test('Y3: notify() sends READY=1 to a NOTIFY_SOCKET path and keeps the variable', async () => {
  const p = tmpSock('notify');
  const r = await receiver(p);
  process.env.NOTIFY_SOCKET = p;
  try {
    notify();
    assert.equal(await r.got, 'READY=1');
    assert.equal(process.env.NOTIFY_SOCKET, p);
  } finally {
    delete process.env.NOTIFY_SOCKET;
    r.close();
  }
});

test('Y1/Y3 (#5): notify() reaches an ABSTRACT "@" NOTIFY_SOCKET bound by another program', async () => {
  const name = abstractName();
  const r = await receiver(name);
  process.env.NOTIFY_SOCKET = name;
  try {
    notify();
    assert.equal(await r.got, 'READY=1');
    assert.equal(process.env.NOTIFY_SOCKET, name);
  } finally {
    delete process.env.NOTIFY_SOCKET;
    r.close();
  }
});

test('Y3: notifyOnce() sends once and removes NOTIFY_SOCKET; later calls are no-ops', async () => {
  const name = abstractName();
  const r = await receiver(name);
  process.env.NOTIFY_SOCKET = name;
  const logs = captureLogs();
  try {
    notifyOnce();
    assert.equal(await r.got, 'READY=1');
    assert.equal(process.env.NOTIFY_SOCKET, undefined);
    notifyOnce(); // nothing to send to: no error, nothing logged
    assert.equal(logs.records.length, 0);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
    r.close();
  }
});

test('Y2: a failed send to a path is logged at DEBUG, never raised, and keeps the variable for notifyOnce', () => {
  const p = tmpSock('nobody-listens');
  const logs = captureLogs();
  process.env.NOTIFY_SOCKET = p;
  try {
    notifyOnce();
    assert.equal(process.env.NOTIFY_SOCKET, p);
    const exc = failureRecord(logs.records).exc as NodeJS.ErrnoException;
    assert.equal(exc.code, 'ENOENT');
    assert.equal(exc.syscall, 'connect');
    assert.match(exc.message, /connect ENOENT/);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
    fs.rmSync(path.dirname(p), { recursive: true, force: true });
  }
});

test('Y2: an abstract address nobody bound fails with ECONNREFUSED, logged with its "@" name', () => {
  const name = abstractName();
  const logs = captureLogs();
  process.env.NOTIFY_SOCKET = name;
  try {
    notifyOnce();
    assert.equal(process.env.NOTIFY_SOCKET, name);
    const exc = failureRecord(logs.records).exc as NodeJS.ErrnoException & { address?: string };
    assert.equal(exc.code, 'ECONNREFUSED');
    assert.equal(exc.address, name);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y2: a too long address is logged with ENAMETOOLONG, not raised', () => {
  const logs = captureLogs();
  try {
    process.env.NOTIFY_SOCKET = `/tmp/${'x'.repeat(200)}`;
    notify();
    assert.equal((failureRecord(logs.records).exc as NodeJS.ErrnoException).code, 'ENAMETOOLONG');
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y2: no NOTIFY_SOCKET (or an empty one) sends nothing', () => {
  const logs = captureLogs();
  try {
    delete process.env.NOTIFY_SOCKET;
    sdNotify(true, 'READY=1');
    process.env.NOTIFY_SOCKET = '';
    sdNotify(true, 'READY=1');
    assert.equal(process.env.NOTIFY_SOCKET, '');
    assert.equal(logs.records.length, 0);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y4: onready() on a path binds, and returns 0 for READY=1', async () => {
  const p = tmpSock('onready');
  try {
    const ready = onready(p, 5);
    process.env.NOTIFY_SOCKET = p;
    notify();
    assert.equal(await ready, 0);
  } finally {
    delete process.env.NOTIFY_SOCKET;
    fs.rmSync(path.dirname(p), { recursive: true, force: true });
  }
});

test('Y4: onready() on a path returns 1 for any other message and 2 on timeout', async () => {
  const p = tmpSock('other');
  const q = tmpSock('silent');
  try {
    const ready = onready(p, 5);
    process.env.NOTIFY_SOCKET = p;
    sdNotify(false, 'STATUS=starting');
    assert.equal(await ready, 1);
    assert.equal(await onready(q, 0.05), 2);
  } finally {
    delete process.env.NOTIFY_SOCKET;
    fs.rmSync(path.dirname(p), { recursive: true, force: true });
    fs.rmSync(path.dirname(q), { recursive: true, force: true });
  }
});

/** Sends one datagram with python3 to `name` ("@name" → abstract): a sender independent of our addon. */
function pySend(name: string, msg: string): Promise<void> {
  const script =
    'import socket, sys\n' +
    "n = sys.argv[1]\n" +
    "a = '\\0' + n[1:] if n.startswith('@') else n\n" +
    's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n' +
    's.connect(a)\n' +
    's.sendall(sys.argv[2].encode())\n';
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, name, msg], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`python3 sender exited ${code}: ${err}`))));
  });
}

test('Y4 (#5): onready() on an ABSTRACT address: 0 for READY=1, 1 for anything else, 2 on timeout', async () => {
  const a = abstractName();
  const ready = onready(a, 10);
  await pySend(a, 'READY=1');
  assert.equal(await ready, 0);

  const b = abstractName();
  const other = onready(b, 10);
  await pySend(b, 'READY=0');
  assert.equal(await other, 1);

  assert.equal(await onready(abstractName(), 0.05), 2);

  // Our own sender and receiver agree too, and the abstract name is free again once onready settled.
  const again = onready(a, 10);
  process.env.NOTIFY_SOCKET = a;
  try {
    notify();
    assert.equal(await again, 0);
  } finally {
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y4: onready() does not block the event loop while it waits', async () => {
  const name = abstractName();
  const ready = onready(name, 10);
  // A timer firing before the datagram is sent shows the wait is not holding the main thread.
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.env.NOTIFY_SOCKET = name;
  try {
    notify();
    assert.equal(await ready, 0);
  } finally {
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y4: onready() rejects a bind failure (path or abstract address in use) and a bad timeout', async () => {
  const p = tmpSock('taken');
  const r = await receiver(p);
  const name = abstractName();
  const first = onready(name, 10);
  try {
    await assert.rejects(onready(p, 1), (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE' && /bind/.test(e.message));
    await assert.rejects(onready(name, 1), (e: NodeJS.ErrnoException & { address?: string }) => {
      assert.equal(e.code, 'EADDRINUSE');
      assert.equal(e.syscall, 'bind');
      assert.equal(e.address, name);
      return true;
    });
    await assert.rejects(onready(p, -1), /timeout must be a number/);
    // process.env cannot hold a NUL, but onready's argument can: a path cut short at it is refused.
    await assert.rejects(onready(`${p}\0x`, 1), /contains a NUL byte/);
  } finally {
    r.close();
    process.env.NOTIFY_SOCKET = name;
    notify(); // lets the first onready finish
    delete process.env.NOTIFY_SOCKET;
    assert.equal(await first, 0);
  }
});

test('Y4 CLI: no argument notifies; a timeout waits with onready; bad timeout is an error', async () => {
  const name = abstractName();
  const r = await receiver(name);
  process.env.NOTIFY_SOCKET = name;
  try {
    assert.equal(await systemdMain([]), 0);
    assert.equal(await r.got, 'READY=1');
  } finally {
    r.close();
  }
  const q = tmpSock('cli2');
  process.env.NOTIFY_SOCKET = q;
  try {
    assert.equal(await systemdMain(['0.05']), 2);
    await assert.rejects(systemdMain(['soon']), /timeout must be a number/);
  } finally {
    delete process.env.NOTIFY_SOCKET;
    fs.rmSync(path.dirname(q), { recursive: true, force: true });
  }
});
