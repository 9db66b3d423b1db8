/** B1–B4, N9: the backdoor console over TCP and Unix sockets, showing live green threads. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { useHub, Hub } from '../src/hub/index.js';
import { run, spawn, sleep, awaitPromise, Event, type Green } from '../src/greenthread/index.js';
import {
  EventletBackdoorConfigValueError,
  formatSocketPath,
  parsePortRange,
  startBackdoor,
  initializeIfEnabled,
  HELP_FOR_BACKDOOR_PORT,
} from '../src/launcher/backdoor.js';
import { addSink, type LogRecord } from '../src/launcher/log.js';

/** Connects, sends each command, and collects everything the console printed until `until` matches. */
function converse(target: { port?: number; path?: string }, commands: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = target.path !== undefined ? net.connect(target.path) : net.connect(target.port!, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no match for ${until} in:\n${out}`));
    }, 10000);
    sock.on('data', (d) => {
      out += d.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        sock.end();
        sock.on('close', () => resolve(out));
      }
    });
    sock.on('error', reject);
    sock.on('connect', () => sock.write(commands.map((c) => `${c}\n`).join('')));
  });
}

test('B1: port specs parse as oslo does; bad ones raise its (swapped) message', () => {
  assert.deepEqual(parsePortRange('0'), [0, 0]);
  assert.deepEqual(parsePortRange('8000'), [8000, 8000]);
  assert.deepEqual(parsePortRange('8000:8010'), [8000, 8010]);
  assert.throws(() => parsePortRange('abc'), (e: Error) => {
    assert.ok(e instanceof EventletBackdoorConfigValueError);
    assert.equal(
      e.message,
      `Invalid backdoor_port configuration abc: ${HELP_FOR_BACKDOOR_PORT}. invalid literal for int() with base 10: 'abc'`,
    );
    return true;
  });
  assert.throws(
    () => parsePortRange('5:3'),
    (e: Error) => e.message === `Invalid backdoor_port configuration 5:3: ${HELP_FOR_BACKDOOR_PORT}. `,
  );
});

test('B2: socket path formatting: {pid} substituted, other fields fail as str.format does', () => {
  assert.equal(formatSocketPath('/tmp/bd-{pid}.sock', 42), '/tmp/bd-42.sock');
  assert.equal(formatSocketPath('/tmp/{{x}}', 42), '/tmp/{x}');
  assert.throws(() => formatSocketPath('/tmp/{foo}', 1), /^Error: 'foo'$/);
  assert.throws(() => formatSocketPath('/tmp/{0}', 1), /Replacement index 0/);
  assert.throws(() => formatSocketPath('/tmp/{pid', 1), /expected '}'/);
});

test('B1: neither option set → disabled (null)', async () => {
  useHub(new Hub());
  const where = await run(function* () {
    return yield* initializeIfEnabled({});
  });
  assert.equal(where, null);
});

test('B3/B4: a TCP console on loopback runs pgt() and shows the live green threads', async () => {
  useHub(new Hub());
  const records: LogRecord[] = [];
  const stop = addSink((r) => records.push(r));
  const printed: string[] = [];
  const print = (line: string) => printed.push(line);
  // prof() and prof(name) load node:inspector on demand and save <tmpdir>/<name>.cpuprofile.
  const profName = `greenhub-backdoor-test-${process.pid}`;
  const profFile = path.join(os.tmpdir(), `${profName}.cpuprofile`);
  try {
    const out = await run(function* main(): Green<string> {
      const bd = (yield* startBackdoor({ backdoorPort: '0', print }))!;
      assert.equal(typeof bd.where, 'number');
      const release = new Event<void>();
      const sleeper = spawn(function* napper() {
        yield* sleep(30);
      });
      const waiter = spawn(function* eventWaiter() {
        yield* release.wait();
      });
      const text = yield* awaitPromise(
        converse({ port: bd.where as number }, ['pgt()', 'exit()', '1 + 1', 'prof()', `prof('${profName}')`, 'fo().length', "'END'"], /'END'/),
      );
      release.send();
      yield* waiter.wait();
      yield* sleeper.kill();
      bd.close();
      return text;
    });
    assert.match(out, /\d <GreenThread napper#\d+> suspended\n {2}resumed by a timer \(30 s/);
    assert.match(out, /<GreenThread eventWaiter#\d+> suspended\n {2}blocked on an event/);
    assert.match(out, /<MainGreenlet main#\d+>/);
    assert.match(out, /Don't use this, just disconnect instead/);
    assert.match(out, />>> 2\n/);
    const fo = />>> (\d+)\n>>> 'END'/.exec(out);
    assert.ok(fo && Number(fo[1]) >= 4, `fo() counts main, server, console and the two threads: ${out}`);
    const info = records.find((r) => r.getMessage().startsWith('Eventlet backdoor listening on'));
    assert.ok(info);
    assert.equal(info.levelname, 'INFO');
    assert.match(info.getMessage(), new RegExp(`^Eventlet backdoor listening on \\d+ for process ${process.pid}$`));
    assert.ok(printed.some((l) => /^backdoor server listening on 127\.0\.0\.1:\d+$/.test(l)));
    assert.ok(printed.some((l) => /^backdoor to 127\.0\.0\.1:\d+$/.test(l)));
    for (let i = 0; i < 100 && !fs.existsSync(profFile); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(Array.isArray((JSON.parse(fs.readFileSync(profFile, 'utf8')) as { nodes: unknown }).nodes), 'a CPU profile was saved');
  } finally {
    stop();
    fs.rmSync(profFile, { force: true });
  }
});

test('B2: a port range skips a busy port; a single busy port raises EADDRINUSE', async () => {
  useHub(new Hub());
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const busy = (blocker.address() as net.AddressInfo).port;
  const print = () => {};
  try {
    const got = await run(function* (): Green<[number | string, string]> {
      let err = '';
      try {
        yield* startBackdoor({ backdoorPort: String(busy), print });
      } catch (e) {
        err = (e as NodeJS.ErrnoException).code ?? String(e);
      }
      const bd = (yield* startBackdoor({ backdoorPort: `${busy}:${busy + 20}`, print }))!;
      bd.close();
      return [bd.where, err];
    });
    assert.equal(got[1], 'EADDRINUSE');
    assert.ok(typeof got[0] === 'number' && got[0] > busy && got[0] <= busy + 20);
  } finally {
    blocker.close();
  }
});

test('B2/B4: a Unix socket path with {pid}; a stale file is replaced', async () => {
  useHub(new Hub());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bd-'));
  const pattern = path.join(dir, 'bd-{pid}.sock');
  const expected = path.join(dir, `bd-${process.pid}.sock`);
  // A stale socket file left by a dead process.
  const stale = net.createServer();
  await new Promise<void>((r) => stale.listen(expected, r));
  const print = () => {};
  try {
    const out = await run(function* (): Green<string> {
      const bd = (yield* startBackdoor({ backdoorSocket: pattern, backdoorPort: '0', print }))!;
      assert.equal(bd.where, expected);
      const text = yield* awaitPromise(converse({ path: expected }, ['pgt()'], /MainGreenlet/));
      bd.close();
      return text;
    });
    assert.match(out, /<MainGreenlet/);
  } finally {
    stale.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
