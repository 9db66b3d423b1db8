/**
 * Switch cost (issue #6): N threads each looping K times over "yield to the others", all round-robin.
 * Reported as wall nanoseconds per switch (N·K switches). Every implementation runs the same shape of
 * program; only the scheduler differs.
 */
import * as greenhub from '../../src/index.js';
import type { GreenThread } from '../../src/index.js';
import { run as effRun, spawn as effSpawn, action, type Operation } from 'effection';
import { nowNs, Recorder, type Sample } from '../lib/protocol.js';

export interface SwitchParams {
  n: number;
  k: number;
  reps: number;
}

/** The physical limit: a FIFO run queue of generators; a thread's blocking call is a delegated generator. */
function* pause(): Generator<undefined, void, unknown> {
  yield undefined;
}

function rawTrampoline(n: number, k: number, delegated: boolean): void {
  function* bodyDelegated(): Generator<undefined, void, unknown> {
    for (let i = 0; i < k; i++) yield* pause();
  }
  function* bodyBare(): Generator<undefined, void, unknown> {
    for (let i = 0; i < k; i++) yield undefined;
  }
  // Ring buffer run queue, sized to a power of two above n.
  let cap = 1;
  while (cap < n + 1) cap <<= 1;
  const mask = cap - 1;
  const q = new Array<Generator<undefined, void, unknown>>(cap);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) q[tail++ & mask] = delegated ? bodyDelegated() : bodyBare();
  while (head !== tail) {
    const g = q[head++ & mask]!;
    if (!g.next().done) q[tail++ & mask] = g;
  }
}

function immediateLoop(n: number, k: number): Promise<void> {
  return new Promise((resolve) => {
    let live = n;
    for (let i = 0; i < n; i++) {
      let left = k;
      const step = (): void => {
        if (left-- > 0) setImmediate(step);
        else if (--live === 0) resolve();
      };
      setImmediate(step);
    }
  });
}

async function awaitLoop(n: number, k: number): Promise<void> {
  const body = async (): Promise<void> => {
    for (let i = 0; i < k; i++) await null;
  };
  const all: Promise<void>[] = [];
  for (let i = 0; i < n; i++) all.push(body());
  await Promise.all(all);
}

/**
 * effection's own sleep(0) is a setTimeout (a 1 ms floor per switch); the closest thing to sleep(0) that
 * it allows is an action resolved on the next setImmediate, which is what this uses.
 */
function yieldNow(): Operation<void> {
  return action<void>((resolve) => {
    const h = setImmediate(resolve);
    return () => clearImmediate(h);
  });
}

async function effectionLoop(n: number, k: number): Promise<void> {
  await effRun(function* () {
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        yield* effSpawn(function* () {
          for (let j = 0; j < k; j++) yield* yieldNow();
        }),
      );
    }
    for (const t of tasks) yield* t;
  });
}

type Greenhub = Pick<typeof greenhub, 'run' | 'spawn' | 'sleep'>;

/** `lib` is greenhub itself, or the copy with its tracing hooks stripped (bench/lib/strip-hooks.ts). */
async function greenhubLoop(lib: Greenhub, n: number, k: number): Promise<number> {
  const { run, spawn, sleep } = lib;
  function* body(): Generator<any, void, any> {
    for (let i = 0; i < k; i++) yield* sleep(0);
  }
  // Timed inside main so that only the switching is measured, not the hub's creation.
  return run(function* main() {
    const gts: GreenThread<void>[] = [];
    for (let i = 0; i < n; i++) gts.push(spawn(body));
    const t0 = nowNs();
    for (const gt of gts) yield* gt.wait();
    return nowNs() - t0;
  });
}

export async function switchCase(impl: string, p: SwitchParams): Promise<Sample[]> {
  const rec = new Recorder();
  // Written by run.ts before any switch job (stripHooks); the same modules minus the hook calls.
  const stripped: Greenhub | undefined =
    impl === 'greenhub-hooks-stripped' ? await import(new URL('../hooks-stripped/src/index.js', import.meta.url).href) : undefined;
  const once = async (k: number): Promise<number> => {
    const t0 = nowNs();
    switch (impl) {
      case 'raw-generator':
        rawTrampoline(p.n, k, true);
        break;
      case 'raw-generator-bare':
        rawTrampoline(p.n, k, false);
        break;
      case 'setImmediate':
        await immediateLoop(p.n, k);
        break;
      case 'await-null':
        await awaitLoop(p.n, k);
        break;
      case 'effection':
        await effectionLoop(p.n, k);
        break;
      case 'greenhub':
        return greenhubLoop(greenhub, p.n, k);
      case 'greenhub-hooks-stripped':
        return greenhubLoop(stripped!, p.n, k);
      default:
        throw new Error(`switch: unknown impl ${impl}`);
    }
    return nowNs() - t0;
  };
  await once(Math.max(1, Math.ceil(p.k / 10))); // warm-up: let the JIT settle
  for (let r = 0; r < p.reps; r++) {
    const ns = await once(p.k);
    rec.add(`N=${p.n}`, 'switch', 'ns/switch', ns / (p.n * p.k));
  }
  return rec.samples;
}
