/**
 * A weak registry of live green threads (N9): what the backdoor's `pgt()` and `fo()` read where Python
 * walks `gc.get_objects()`.
 *
 * Tracking is off until `trackGreenThreads()` (or GREENHUB_TRACK=1): a WeakRef per thread costs a spawn about
 * as much again, and most programs never ask. The launchers and the backdoor turn it on when they are
 * created, so a service's `pgt()` sees its threads. From then on every green thread is recorded by a WeakRef:
 * the registry never keeps a thread (or what its generator holds) alive. A JS generator's frames
 * cannot be inspected, so a thread is described by its name, id and state, plus what the hub holds for it:
 * a timer whose callback will resume it (a sleep, a spawn, a wake-up) shows when it is due.
 */
import type { BaseHub } from '../hub/hub.js';
import type { Timer } from '../hub/timer.js';
import { getHub, hasHub } from '../hub/current.js';
import { Greenlet, runningGreenlet, setCreationHook } from './greenlet.js';

const refs = new Set<WeakRef<Greenlet>>();
const collected = new FinalizationRegistry<WeakRef<Greenlet>>((ref) => refs.delete(ref));

function record(g: Greenlet): void {
  const ref = new WeakRef(g);
  refs.add(ref);
  collected.register(g, ref);
}

let tracking = false;

/**
 * Starts recording green threads for `liveGreenlets()`, inspection and the backdoor. Threads created before
 * are not known, except main and the running thread, which are recorded now. Idempotent.
 * @example
 * trackGreenThreads();               // at start-up, before spawning
 * console.log(formatGreenThreads());
 */
export function trackGreenThreads(): void {
  if (tracking) return;
  tracking = true;
  setCreationHook(record);
  const main: unknown = hasHub() ? getHub().parent : undefined;
  if (main instanceof Greenlet && !main.dead) record(main);
  const running = runningGreenlet();
  if (running !== undefined && running !== main) record(running);
}

/**
 * Whether green threads are being recorded.
 * @example
 * if (!isTrackingGreenThreads()) trackGreenThreads();
 */
export function isTrackingGreenThreads(): boolean {
  return tracking;
}

if (process.env.GREENHUB_TRACK === '1') trackGreenThreads();

/**
 * Every green thread created since this module was loaded that has not finished, in creation order
 * (main first when the registry was loaded before `run()`, as any program importing the launcher does).
 * @example
 * for (const g of liveGreenlets()) console.log(String(g), g.suspended ? 'suspended' : 'runnable');
 */
export function liveGreenlets(): Greenlet[] {
  if (!tracking) {
    throw new Error(
      'green threads are not being tracked: call trackGreenThreads() before spawning them (the launchers and ' +
        'the backdoor do it), or set GREENHUB_TRACK=1',
    );
  }
  const out: Greenlet[] = [];
  for (const ref of refs) {
    const g = ref.deref();
    if (g === undefined || g.dead) {
      refs.delete(ref);
      continue;
    }
    out.push(g);
  }
  return out;
}

/**
 * The timers in `hub` whose arguments name `g`: what will resume it (sleep, spawn, wake-up).
 * @example
 * for (const t of timersFor(getHub(), gt)) console.log('due at', t.deadline);
 */
export function timersFor(hub: BaseHub, g: Greenlet): Timer[] {
  return hub.schedule.snapshot().filter((t) => !t.called && t.hasArg(g));
}

function stateOf(g: Greenlet): string {
  if (g === runningGreenlet()) return 'running';
  if (g.suspended) return 'suspended';
  if (!g.started) return 'not started';
  return 'runnable';
}

/**
 * One line per thread: `<Class name#id> state`, then what the hub holds for it. A thread suspended with no
 * timer is waiting on something else (an Event, a queue, a descriptor, a Promise).
 * @example
 * console.log(describeGreenlet(getcurrent() as Greenlet));
 */
export function describeGreenlet(g: Greenlet): string {
  const parts = [`${String(g)} ${stateOf(g)}`];
  const now = g.hub.clock();
  for (const t of timersFor(g.hub, g)) {
    const cb = (t as unknown as { cb?: { name?: string } }).cb;
    const due = Math.max(0, t.deadline - now);
    parts.push(`  resumed by a timer (${t.seconds} s, ${cb?.name || 'callback'}) due in ${due.toFixed(3)} s`);
  }
  if (g.suspended && parts.length === 1) {
    parts.push('  blocked on an event, queue, descriptor or Promise (no timer holds it)');
  }
  return parts.join('\n');
}

/**
 * Live threads whose class is `type` (or a subclass): the backdoor's `fo(type)`.
 * @example
 * for (const gt of liveOfType(GreenThread)) yield* gt.kill();
 */
export function liveOfType<T extends Greenlet>(type: abstract new (...args: any[]) => T): T[] {
  return liveGreenlets().filter((g): g is T => g instanceof type);
}
