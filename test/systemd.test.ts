/** Y1–Y4: systemd readiness over a real unix datagram socket (N8). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { abstractify, notify, notifyOnce, onready, sdNotify, systemdMain } from '../src/launcher/systemd.js';
import { addSink, type LogRecord } from '../src/launcher/log.js';

const require = createRequire(import.meta.url);
const unix = require('unix-dgram');

function tmpSock(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-sd-'));
  return path.join(dir, name);
}

/** Binds a receiver at `p`; resolves with the first datagram. */
function receiver(p: string): { got: Promise<string>; close: () => void } {
  const sock = unix.createSocket('unix_dgram');
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      sock.close();
      fs.rmSync(path.dirname(p), { recursive: true, force: true });
    }
  };
  const got = new Promise<string>((resolve) => sock.on('message', (b: Buffer) => resolve(b.toString())));
  sock.bind(p);
  return { got, close };
}

function captureLogs(): { records: LogRecord[]; stop: () => void } {
  const records: LogRecord[] = [];
  const stop = addSink((r) => records.push(r));
  return { records, stop };
}

test('Y1: "@" becomes a leading NUL, anything else is unchanged', () => {
  assert.equal(abstractify('@foo/bar'), '\0foo/bar');
  assert.equal(abstractify('/run/systemd/notify'), '/run/systemd/notify');
  assert.equal(abstractify('a@b'), 'a@b');
});

test('Y3: notify() sends READY=1 to NOTIFY_SOCKET and keeps the variable', async () => {
  const p = tmpSock('notify');
  const r = receiver(p);
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

test('Y3: notifyOnce() sends once and removes NOTIFY_SOCKET; later calls are no-ops', async () => {
  const p = tmpSock('once');
  const r = receiver(p);
  process.env.NOTIFY_SOCKET = p;
  try {
    notifyOnce();
    assert.equal(await r.got, 'READY=1');
    assert.equal(process.env.NOTIFY_SOCKET, undefined);
    notifyOnce(); // nothing to send to: must not throw
  } finally {
    delete process.env.NOTIFY_SOCKET;
    r.close();
  }
});

test('Y2: a failed send is logged at DEBUG, never raised, and keeps the variable for notifyOnce', () => {
  const p = tmpSock('nobody-listens');
  const logs = captureLogs();
  process.env.NOTIFY_SOCKET = p;
  try {
    notifyOnce();
    assert.equal(process.env.NOTIFY_SOCKET, p);
    const rec = logs.records.find((r) => r.getMessage() === 'Systemd notification failed');
    assert.ok(rec, 'a DEBUG record');
    assert.equal(rec.levelname, 'DEBUG');
    assert.equal(rec.name, 'oslo_service.systemd');
    assert.ok(rec.hasExc);
    assert.match(String((rec.exc as Error).message), /connect|ENOENT|ECONNREFUSED/);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
    fs.rmSync(path.dirname(p), { recursive: true, force: true });
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

test('Y2/N8: an abstract "@" address is refused with a clear error (logged, not raised)', () => {
  const logs = captureLogs();
  process.env.NOTIFY_SOCKET = '@greenhub-test';
  try {
    notifyOnce();
    assert.equal(process.env.NOTIFY_SOCKET, '@greenhub-test');
    const rec = logs.records.find((r) => r.getMessage() === 'Systemd notification failed');
    assert.ok(rec);
    assert.equal((rec.exc as { code?: string }).code, 'EAFNOSUPPORT');
    assert.match((rec.exc as Error).message, /abstract unix socket addresses/);
  } finally {
    logs.stop();
    delete process.env.NOTIFY_SOCKET;
  }
});

test('Y4: onready() binds, and returns 0 for READY=1', async () => {
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

test('Y4: onready() returns 1 for any other message and 2 on timeout', async () => {
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

test('Y4: onready() rejects a bind failure and an abstract address', async () => {
  const p = tmpSock('taken');
  const r = receiver(p);
  try {
    await assert.rejects(onready(p, 1), (e: NodeJS.ErrnoException) => /bind/.test(e.message));
    await assert.rejects(onready('@x', 1), /abstract unix socket addresses/);
    await assert.rejects(onready(p, -1), /timeout must be a number/);
  } finally {
    r.close();
  }
});

test('Y4 CLI: no argument notifies; a timeout waits with onready; bad timeout is an error', async () => {
  const p = tmpSock('cli');
  const r = receiver(p);
  process.env.NOTIFY_SOCKET = p;
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
