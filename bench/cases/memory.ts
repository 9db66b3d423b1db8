/**
 * Memory per parked thread (issue #6): N threads each blocked in a one-hour sleep, so each holds its timer.
 * Bytes per thread = growth of the V8 heap and of ArrayBuffer memory after full GCs (run with --expose-gc),
 * divided by N. Nothing but the scheduler keeps a thread alive: no array of handles is held by the program.
 */
import { run, spawn, spawnN, sleep } from '../../src/index.js';
import { run as effRun, spawn as effSpawn, sleep as effSleep } from 'effection';
import { gc, Recorder, type Sample } from '../lib/protocol.js';

export interface MemoryParams {
  n: number;
}

const HOUR = 3600;

/** The V8 heap plus ArrayBuffer contents, which live outside it (the schedule's reserve keeps deadlines in one). */
function heap(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Raw: a suspended generator per thread plus the smallest timer record a heap would need. */
function rawParked(n: number): number {
  function* pause(): Generator<undefined, void, unknown> {
    yield undefined;
  }
  function* body(): Generator<undefined, void, unknown> {
    yield* pause();
  }
  const h0 = heap();
  const timers: { deadline: number; seq: number; g: Generator<undefined, void, unknown> }[] = [];
  for (let i = 0; i < n; i++) {
    const g = body();
    g.next();
    timers.push({ deadline: HOUR, seq: i, g });
  }
  const h1 = heap();
  if (timers.length !== n) throw new Error('unreachable');
  return h1 - h0;
}

async function awaitParked(n: number): Promise<number> {
  const h0 = heap();
  const body = async (): Promise<void> => {
    await new Promise<void>((r) => setTimeout(r, HOUR * 1000).unref());
  };
  for (let i = 0; i < n; i++) void body();
  await null;
  return heap() - h0;
}

async function effectionParked(n: number): Promise<number> {
  let delta = 0;
  const task = effRun(function* () {
    const h0 = heap();
    for (let i = 0; i < n; i++) yield* effSpawn(() => effSleep(HOUR * 1000));
    yield* effSleep(1);
    delta = heap() - h0;
  });
  await task;
  return delta;
}

function greenhubParked(n: number, bare: boolean): Promise<number> {
  function* body(): Generator<any, void, any> {
    yield* sleep(HOUR);
  }
  return run(function* main() {
    const h0 = heap();
    for (let i = 0; i < n; i++) {
      if (bare) spawnN(body);
      else spawn(body);
    }
    yield* sleep(0); // every spawned thread has started and parked in its sleep by the time main is back
    return heap() - h0;
  });
}

export async function memoryCase(impl: string, p: MemoryParams): Promise<Sample[]> {
  const rec = new Recorder();
  let bytes: number;
  switch (impl) {
    case 'raw-generator':
      bytes = rawParked(p.n);
      break;
    case 'await-null':
      bytes = await awaitParked(p.n);
      break;
    case 'effection':
      bytes = await effectionParked(p.n);
      break;
    case 'greenhub':
      bytes = await greenhubParked(p.n, false);
      break;
    case 'greenhub-spawnN':
      bytes = await greenhubParked(p.n, true);
      break;
    default:
      throw new Error(`memory: unknown impl ${impl}`);
  }
  rec.add(`N=${p.n}`, 'memory', 'bytes/thread', bytes / p.n);
  return rec.samples;
}
