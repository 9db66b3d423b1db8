/**
 * Timer heap (issue #6).
 * - virtual: T timers with random delays scheduled, then all fired, on virtual time (no real waiting);
 *   nanoseconds per timer for scheduling and for firing.
 * - cancel: a cancellation-heavy load: T timers scheduled, all but the last W cancelled (a sliding window, as
 *   timeouts that are nearly always cancelled by the event they guard); ns per schedule+cancel, and the
 *   largest number of entries the schedule held (compaction, H11, keeps it bounded).
 * - storm: T timers spread uniformly over S ms of real time on the real-time hub; lateness of each firing.
 */
import TinyQueue from 'tinyqueue';
import { run, sleep, getHub, useHub, VirtualHub, Hub, type Timer } from '../../src/index.js';
import { nowNs, Recorder, type Sample } from '../lib/protocol.js';
import { percentile } from '../lib/stats.js';


export interface TimerParams {
  t: number;
  reps: number;
  /** cancel: live window; storm: span in ms. */
  w?: number;
  spanMs?: number;
}

/** Deterministic delays so every implementation sees the same load. */
function delays(t: number, scale: number): Float64Array {
  const out = new Float64Array(t);
  let x = 0x2545f491;
  for (let i = 0; i < t; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ((x >>> 0) / 4294967296) * scale;
  }
  return out;
}

function rawVirtual(t: number): [number, number] {
  const d = delays(t, 100);
  let fired = 0;
  const cb = (): void => {
    fired++;
  };
  const t0 = nowNs();
  const q = new TinyQueue<{ deadline: number; seq: number; cb: () => void }>([], (a, b) => a.deadline - b.deadline || a.seq - b.seq);
  for (let i = 0; i < t; i++) q.push({ deadline: d[i]!, seq: i, cb });
  const t1 = nowNs();
  while (q.length > 0) q.pop()!.cb();
  const t2 = nowNs();
  if (fired !== t) throw new Error('raw timers: not all fired');
  return [(t1 - t0) / t, (t2 - t1) / t];
}

async function greenhubVirtual(t: number): Promise<[number, number]> {
  const d = delays(t, 100);
  let fired = 0;
  const cb = (): void => {
    fired++;
  };
  useHub(new VirtualHub());
  const [a, b] = await run(function* main() {
    const hub = getHub();
    const t0 = nowNs();
    for (let i = 0; i < t; i++) hub.scheduleCallGlobal(d[i]!, cb);
    const t1 = nowNs();
    yield* sleep(101);
    const t2 = nowNs();
    return [(t1 - t0) / t, (t2 - t1) / t] as [number, number];
  });
  useHub(Hub);
  if (fired !== t) throw new Error(`greenhub virtual timers: ${fired} of ${t} fired`);
  return [a, b];
}

async function greenhubCancel(t: number, w: number): Promise<[number, number]> {
  const d = delays(t, 100);
  useHub(new VirtualHub());
  const out = await run(function* main() {
    const hub = getHub();
    const ring: (Timer | undefined)[] = new Array(w);
    let maxHeld = 0;
    const noop = (): void => {};
    const t0 = nowNs();
    for (let i = 0; i < t; i++) {
      ring[i % w]?.cancel();
      ring[i % w] = hub.scheduleCallGlobal(10 + d[i]!, noop);
      if ((i & 1023) === 1023) {
        // let the hub run a pass (prepare moves staged timers into the heap, dropping cancelled ones)
        const held = hub.schedule.size;
        if (held > maxHeld) maxHeld = held;
        yield* sleep(0);
      }
    }
    const ns = (nowNs() - t0) / t;
    for (const timer of ring) timer?.cancel();
    return [ns, maxHeld] as [number, number];
  });
  useHub(Hub);
  return out;
}

interface Storm {
  late: number[];
  /** Time the program spent adding the timers: those due meanwhile cannot fire on time. */
  setupMs: number;
}

async function greenhubStorm(t: number, spanMs: number): Promise<Storm> {
  const d = delays(t, spanMs / 1000);
  const late = new Float64Array(t);
  let fired = 0;
  let setupMs = 0;
  await run(function* main() {
    const hub = getHub();
    const t0 = performance.now();
    // Lateness is measured from each timer's own deadline, as the hub stamped it when it was added (H1).
    const due = new Float64Array(t);
    const cb = (i: number): void => {
      late[i] = performance.now() - due[i]!;
      fired++;
    };
    for (let i = 0; i < t; i++) due[i] = hub.scheduleCallGlobal(d[i]!, cb, i).deadline * 1000;
    setupMs = performance.now() - t0;
    yield* sleep(spanMs / 1000 + 0.05);
  });
  if (fired !== t) throw new Error(`storm: ${fired} of ${t} fired`);
  return { late: Array.from(late), setupMs };
}

/** Node's own timers under the same storm (setTimeout counts whole milliseconds). */
function nodeStorm(t: number, spanMs: number): Promise<Storm> {
  const d = delays(t, spanMs / 1000);
  const late = new Float64Array(t);
  let fired = 0;
  return new Promise((resolve) => {
    const t0 = performance.now();
    let setupMs = 0;
    for (let i = 0; i < t; i++) {
      const due = performance.now() + d[i]! * 1000;
      setTimeout(() => {
        late[i] = performance.now() - due;
        if (++fired === t) resolve({ late: Array.from(late), setupMs });
      }, d[i]! * 1000);
    }
    setupMs = performance.now() - t0;
  });
}

export async function timersCase(impl: string, kind: string, p: TimerParams): Promise<Sample[]> {
  const rec = new Recorder();
  if (kind === 'virtual') {
    const once = impl === 'raw-heap' ? async (t: number) => rawVirtual(t) : impl === 'greenhub' ? greenhubVirtual : undefined;
    if (once === undefined) throw new Error(`timers/virtual: unknown impl ${impl}`);
    await once(Math.ceil(p.t / 10));
    for (let r = 0; r < p.reps; r++) {
      const [s, f] = await once(p.t);
      rec.add(`virtual T=${p.t}`, 'schedule', 'ns/timer', s);
      rec.add(`virtual T=${p.t}`, 'fire', 'ns/timer', f);
      rec.add(`virtual T=${p.t}`, 'schedule+fire', 'ns/timer', s + f);
    }
  } else if (kind === 'cancel') {
    if (impl !== 'greenhub') throw new Error(`timers/cancel: unknown impl ${impl}`);
    const w = p.w ?? 100;
    await greenhubCancel(Math.ceil(p.t / 10), w);
    for (let r = 0; r < p.reps; r++) {
      const [ns, held] = await greenhubCancel(p.t, w);
      rec.add(`cancel T=${p.t} live=${w}`, 'schedule+cancel', 'ns/timer', ns);
      rec.add(`cancel T=${p.t} live=${w}`, 'max held', 'entries', held);
    }
  } else if (kind === 'storm') {
    const span = p.spanMs ?? 500;
    const once = impl === 'greenhub' ? greenhubStorm : impl === 'setTimeout' ? nodeStorm : undefined;
    if (once === undefined) throw new Error(`timers/storm: unknown impl ${impl}`);
    await once(Math.ceil(p.t / 10), span / 5);
    for (let r = 0; r < p.reps; r++) {
      const { late, setupMs } = await once(p.t, span);
      const c = `storm T=${p.t} over ${span} ms`;
      rec.add(c, 'adding the timers', 'ms', setupMs);
      rec.add(c, 'lateness p50', 'ms', percentile(late, 50));
      rec.add(c, 'lateness p99', 'ms', percentile(late, 99));
      rec.add(c, 'lateness max', 'ms', percentile(late, 100));
    }
  } else throw new Error(`timers: unknown kind ${kind}`);
  return rec.samples;
}
