/**
 * Spawn + wait (issue #6): start M threads that each return a value at once, then collect every result.
 * Reported as wall nanoseconds per thread. And GreenPool throughput: M jobs, each yielding once, through a
 * pool of P, in nanoseconds per job.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, spawn, sleep, type GreenThread } from '../../src/index.js';
import { run as effRun, spawn as effSpawn } from 'effection';
import { nowNs, Recorder, type Sample } from '../lib/protocol.js';

export interface SpawnParams {
  m: number;
  reps: number;
  /** GreenPool size (pool case only). */
  pool?: number;
}

function rawSpawnWait(m: number): number {
  function* body(i: number): Generator<undefined, number, unknown> {
    return i;
  }
  const q = new Array<Generator<undefined, number, unknown>>(m);
  for (let i = 0; i < m; i++) q[i] = body(i);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const r = q[i]!.next();
    if (r.done) sum += r.value;
  }
  return sum;
}

function immediateSpawnWait(m: number): Promise<number> {
  return new Promise((resolve) => {
    let left = m;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      setImmediate(() => {
        sum += i;
        if (--left === 0) resolve(sum);
      });
    }
  });
}

async function awaitSpawnWait(m: number): Promise<number> {
  const body = async (i: number): Promise<number> => i;
  const all: Promise<number>[] = new Array(m);
  for (let i = 0; i < m; i++) all[i] = body(i);
  let sum = 0;
  for (const v of await Promise.all(all)) sum += v;
  return sum;
}

async function effectionSpawnWait(m: number): Promise<number> {
  return effRun(function* () {
    const tasks = [];
    for (let i = 0; i < m; i++) {
      tasks.push(
        yield* effSpawn(function* () {
          return i;
        }),
      );
    }
    let sum = 0;
    for (const t of tasks) sum += yield* t;
    return sum;
  });
}

function greenhubSpawnWait(m: number): Promise<number> {
  function* body(i: number): Generator<any, number, any> {
    return i;
  }
  return run(function* main() {
    const gts: GreenThread<number>[] = new Array(m);
    for (let i = 0; i < m; i++) gts[i] = spawn(body, i);
    let sum = 0;
    for (const gt of gts) sum += yield* gt.wait();
    return sum;
  });
}

export async function spawnCase(impl: string, p: SpawnParams): Promise<Sample[]> {
  const rec = new Recorder();
  const expect = (p.m * (p.m - 1)) / 2;
  const once = async (m: number): Promise<number> => {
    const t0 = nowNs();
    let sum: number;
    switch (impl) {
      case 'raw-generator':
        sum = rawSpawnWait(m);
        break;
      case 'setImmediate':
        sum = await immediateSpawnWait(m);
        break;
      case 'await-null':
        sum = await awaitSpawnWait(m);
        break;
      case 'effection':
        sum = await effectionSpawnWait(m);
        break;
      case 'greenhub':
        sum = await greenhubSpawnWait(m);
        break;
      default:
        throw new Error(`spawn: unknown impl ${impl}`);
    }
    const ns = nowNs() - t0;
    if (m === p.m && sum !== expect) throw new Error(`spawn/${impl}: results sum to ${sum}, expected ${expect}`);
    return ns;
  };
  await once(Math.ceil(p.m / 10));
  for (let r = 0; r < p.reps; r++) rec.add(`M=${p.m}`, 'spawn+wait', 'ns/thread', (await once(p.m)) / p.m);
  return rec.samples;
}

// --- GreenPool throughput ---------------------------------------------------------------------------------

const GREENPOOL_JS = new URL('../../src/greenthread/greenpool.js', import.meta.url);

/** True once the GreenPool helper's module has been built (it is written concurrently, issue #6 note). */
export function greenPoolAvailable(): boolean {
  return existsSync(fileURLToPath(GREENPOOL_JS));
}

function isIterator(x: unknown): x is Iterator<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as Iterator<unknown>).next === 'function';
}

async function greenhubPool(m: number, size: number): Promise<void> {
  const mod = (await import(GREENPOOL_JS.href)) as { GreenPool: new (size: number) => any };
  function* job(): Generator<any, number, any> {
    yield* sleep(0);
    return 1;
  }
  await run(function* main() {
    const pool = new mod.GreenPool(size);
    for (let i = 0; i < m; i++) {
      // eventlet's GreenPool.spawn blocks while the pool is full; a port makes it a generator to yield* to.
      const r = pool.spawn(job);
      if (isIterator(r)) yield* r as Generator<any, unknown, any>;
    }
    const w = pool.waitall();
    if (isIterator(w)) yield* w as Generator<any, unknown, any>;
  });
}

/** A counting semaphore over Promises: the usual async-pool shape (p-limit), each job awaiting once. */
async function awaitPool(m: number, size: number): Promise<void> {
  let active = 0;
  const waiters: (() => void)[] = [];
  const running: Promise<void>[] = [];
  const job = async (): Promise<void> => {
    await null;
    active--;
    waiters.shift()?.();
  };
  for (let i = 0; i < m; i++) {
    if (active >= size) await new Promise<void>((r) => waiters.push(r));
    active++;
    running.push(job());
  }
  await Promise.all(running);
}

export async function poolCase(impl: string, p: SpawnParams): Promise<Sample[]> {
  const rec = new Recorder();
  const size = p.pool ?? 1000;
  const once = async (m: number): Promise<number> => {
    const t0 = nowNs();
    if (impl === 'greenhub') await greenhubPool(m, size);
    else if (impl === 'await-null') await awaitPool(m, size);
    else throw new Error(`pool: unknown impl ${impl}`);
    return nowNs() - t0;
  };
  await once(Math.ceil(p.m / 10));
  for (let r = 0; r < p.reps; r++) rec.add(`M=${p.m} size=${size}`, 'pool job', 'ns/job', (await once(p.m)) / p.m);
  return rec.samples;
}
