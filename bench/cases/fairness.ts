/**
 * Fairness (issue #6).
 * - cpu: W cooperative CPU-bound threads, each looping over a work unit of U µs (busy, on the clock) and
 *   sleep(0), for D seconds, beside a ticker that wants to run every 10 ms. Jain's index and max/min of the
 *   threads' unit counts; share of wall time spent inside work units; the ticker's lateness percentiles.
 * - io: S threads in a sleep(0) storm beside a loopback echo server; a client keeps one 64-byte message in
 *   flight. Round trips per second and their latency tell whether the storm starves IO; the storm's own
 *   switch rate tells whether IO starves the storm.
 */
import net from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, spawn, sleep, getHub, type GreenThread } from '../../src/index.js';
import { Recorder, type Sample } from '../lib/protocol.js';
import { jain, maxOverMin, percentile } from '../lib/stats.js';

export interface FairnessParams {
  threads: number;
  unitUs: number;
  seconds: number;
  tickMs: number;
}

interface CpuOutcome {
  counts: number[];
  workMs: number;
  wallMs: number;
  late: number[];
}

function greenhubCpu(p: FairnessParams): Promise<CpuOutcome> {
  const unit = p.unitUs / 1000;
  const tick = p.tickMs / 1000;
  return run(function* main() {
    const counts = new Array<number>(p.threads).fill(0);
    const late: number[] = [];
    let workMs = 0;
    let stop = false;
    function* worker(i: number): Generator<any, void, any> {
      while (!stop) {
        const a = performance.now();
        let b = a;
        while (b - a < unit) b = performance.now();
        workMs += b - a;
        counts[i]!++;
        yield* sleep(0);
      }
    }
    function* ticker(): Generator<any, void, any> {
      const hub = getHub();
      const start = hub.clock();
      for (let k = 1; !stop; k++) {
        const target = start + tick * k;
        yield* sleep(target - hub.clock());
        late.push((hub.clock() - target) * 1000);
      }
    }
    const t0 = performance.now();
    const gts: GreenThread<void>[] = [];
    for (let i = 0; i < p.threads; i++) gts.push(spawn(worker, i));
    gts.push(spawn(ticker));
    yield* sleep(p.seconds);
    stop = true;
    const wallMs = performance.now() - t0;
    for (const gt of gts) yield* gt.wait();
    return { counts, workMs, wallMs, late };
  });
}

/** The same program on Node's own queues: setImmediate for the workers, setTimeout for the ticker. */
function immediateCpu(p: FairnessParams): Promise<CpuOutcome> {
  const unit = p.unitUs / 1000;
  return new Promise((resolve) => {
    const counts = new Array<number>(p.threads).fill(0);
    const late: number[] = [];
    let workMs = 0;
    let stop = false;
    const t0 = performance.now();
    for (let i = 0; i < p.threads; i++) {
      const step = (): void => {
        if (stop) return;
        const a = performance.now();
        let b = a;
        while (b - a < unit) b = performance.now();
        workMs += b - a;
        counts[i]!++;
        setImmediate(step);
      };
      setImmediate(step);
    }
    let k = 0;
    const tickOnce = (): void => {
      const target = t0 + p.tickMs * k;
      if (k > 0) late.push(performance.now() - target);
      if (stop) return;
      k++;
      setTimeout(tickOnce, Math.max(0, t0 + p.tickMs * k - performance.now()));
    };
    tickOnce();
    setTimeout(() => {
      stop = true;
      resolve({ counts, workMs, wallMs: performance.now() - t0, late });
    }, p.seconds * 1000);
  });
}

export async function fairnessCpuCase(impl: string, p: FairnessParams): Promise<Sample[]> {
  const rec = new Recorder();
  let out: CpuOutcome;
  if (impl === 'greenhub') out = await greenhubCpu(p);
  else if (impl === 'setImmediate') out = await immediateCpu(p);
  else throw new Error(`fairness/cpu: unknown impl ${impl}`);
  const c = `cpu ${p.threads}x${p.unitUs}us`;
  rec.add(c, "Jain's index", 'index', jain(out.counts));
  rec.add(c, 'max/min progress', 'ratio', maxOverMin(out.counts));
  rec.add(c, 'CPU in work units', '%', (100 * out.workMs) / out.wallMs);
  rec.add(c, `${p.tickMs} ms ticker p50 lateness`, 'ms', percentile(out.late, 50));
  rec.add(c, `${p.tickMs} ms ticker p99 lateness`, 'ms', percentile(out.late, 99));
  return rec.samples;
}

// --- IO beside a storm -----------------------------------------------------------------------------------

export interface IoParams {
  storm: number;
  seconds: number;
}

interface IoOutcome {
  rtts: number[];
  switches: number;
  ms: number;
}

const IO_JS = new URL('../../src/greenthread/io.js', import.meta.url);

/** Whether the green IO module (written concurrently, issue #6 note) has been built. */
export function greenIoAvailable(): boolean {
  return existsSync(fileURLToPath(IO_JS));
}

async function echoServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((sock) => {
    sock.setNoDelay(true);
    sock.on('data', (d) => sock.write(d));
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

/** A client keeping one message in flight; it records round trips only while `measuring()` holds. */
async function echoClient(port: number, measuring: () => boolean, rtts: number[]): Promise<net.Socket> {
  const msg = Buffer.alloc(64, 120);
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise<void>((r, j) => {
    sock.once('connect', r);
    sock.once('error', j);
  });
  let got = 0;
  let sent = performance.now();
  sock.on('data', (d) => {
    got += d.length;
    if (got < msg.length) return;
    got -= msg.length;
    const now = performance.now();
    if (measuring()) rtts.push(now - sent);
    sent = now;
    sock.write(msg);
  });
  sock.write(msg);
  return sock;
}

/** Green IO end to end: a GreenServer echo thread and a GreenSocket client thread beside the storm. */
async function greenIoRun(p: IoParams): Promise<IoOutcome> {
  const io = (await import(IO_JS.href)) as typeof import('../../src/greenthread/io.js');
  const rtts: number[] = [];
  let switches = 0;
  let ms = 0;
  await run(function* main() {
    let stop = false;
    let measuring = false;
    const server = yield* io.GreenServer.listen({ port: 0 });
    const serve = spawn(function* () {
      const conn = yield* server.accept();
      conn.stream.setNoDelay(true);
      for (;;) {
        const data = yield* conn.read();
        if (data.length === 0) break;
        yield* conn.write(data);
      }
      conn.close();
    });
    const client = spawn(function* () {
      const conn = yield* io.GreenSocket.connect(server.address().port);
      conn.stream.setNoDelay(true);
      const msg = Buffer.alloc(64, 120);
      while (!stop) {
        const a = performance.now();
        yield* conn.write(msg);
        let got = 0;
        while (got < msg.length) got += (yield* conn.read()).length;
        if (measuring) rtts.push(performance.now() - a);
      }
      conn.close();
    });
    function* stormer(): Generator<any, void, any> {
      while (!stop) {
        switches++;
        yield* sleep(0);
      }
    }
    const gts: GreenThread<void>[] = [];
    for (let i = 0; i < p.storm; i++) gts.push(spawn(stormer));
    yield* sleep(0.05);
    switches = 0;
    measuring = true;
    const t0 = performance.now();
    yield* sleep(p.seconds);
    measuring = false;
    ms = performance.now() - t0;
    stop = true;
    for (const gt of gts) yield* gt.wait();
    yield* client.wait();
    yield* serve.wait();
    server.close();
  });
  return { rtts, switches, ms };
}

async function ioRun(impl: string, p: IoParams): Promise<IoOutcome> {
  if (impl === 'greenhub-green-io') return greenIoRun(p);
  const { server, port } = await echoServer();
  const rtts: number[] = [];
  let measuring = false;
  const client = await echoClient(port, () => measuring, rtts);
  let switches = 0;
  let ms = 0;
  try {
    if (impl === 'greenhub') {
      await run(function* main() {
        let stop = false;
        function* stormer(): Generator<any, void, any> {
          while (!stop) {
            switches++;
            yield* sleep(0);
          }
        }
        const gts: GreenThread<void>[] = [];
        for (let i = 0; i < p.storm; i++) gts.push(spawn(stormer));
        yield* sleep(0.05); // storm running
        switches = 0;
        measuring = true;
        const t0 = performance.now();
        yield* sleep(p.seconds);
        measuring = false;
        ms = performance.now() - t0;
        stop = true;
        for (const gt of gts) yield* gt.wait();
      });
    } else if (impl === 'setImmediate' || impl === 'no-storm') {
      let stop = false;
      if (impl === 'setImmediate') {
        for (let i = 0; i < p.storm; i++) {
          const step = (): void => {
            if (stop) return;
            switches++;
            setImmediate(step);
          };
          setImmediate(step);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
      switches = 0;
      measuring = true;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, p.seconds * 1000));
      measuring = false;
      ms = performance.now() - t0;
      stop = true;
    } else throw new Error(`fairness/io: unknown impl ${impl}`);
  } finally {
    client.destroy();
    await new Promise((r) => server.close(r));
  }
  return { rtts, switches, ms };
}

export async function fairnessIoCase(impl: string, p: IoParams): Promise<Sample[]> {
  const rec = new Recorder();
  const out = await ioRun(impl, p);
  const c = `io echo beside ${p.storm}-thread sleep(0) storm`;
  rec.add(c, 'echo round trips', '/s', (1000 * out.rtts.length) / out.ms);
  rec.add(c, 'echo rtt p50', 'ms', percentile(out.rtts, 50));
  rec.add(c, 'echo rtt p99', 'ms', percentile(out.rtts, 99));
  if (impl !== 'no-storm') rec.add(c, 'storm switches', '/s', (1000 * out.switches) / out.ms);
  return rec.samples;
}
