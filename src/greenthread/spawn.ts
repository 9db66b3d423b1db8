/** Starting green threads and sleeping (eventlet/greenthread.py; G1–G3). */
import { getHub } from '../hub/current.js';
import { Timer } from '../hub/timer.js';
import { blockingCaller, checkBody, Greenlet } from './greenlet.js';
import { GreenThread } from './greenthread.js';
import { raisable } from './errors.js';
import { SUSPEND, Switch, type Green, type GreenFunction } from './ops.js';

function start(g: Greenlet): void {
  g.switch();
}

/**
 * G1: creates a green thread running `fn(...args)` and schedules its start with a 0-timer; returns at once,
 * without yielding. It first runs when the caller blocks.
 * @example
 * const gt = spawn(function* (name: string) { yield* sleep(1); return `hello ${name}`; }, 'world');
 */
export function spawn<A extends unknown[], T>(fn: (...args: A) => Green<T> | T, ...args: A): GreenThread<T> {
  checkBody(fn, 'spawn');
  const hub = getHub();
  const g = new GreenThread<T>(fn as GreenFunction<any[], T>, args, hub);
  hub.addTimer(Timer.single(0, start, g));
  return g;
}

/**
 * G2: like spawn, but a bare green thread: no result, no links, no wait. Cheapest way to run something.
 * @example
 * spawnN(function* () { yield* sleep(1); console.log('fire and forget'); });
 */
export function spawnN<A extends unknown[]>(fn: (...args: A) => Green<unknown> | unknown, ...args: A): Greenlet {
  checkBody(fn, 'spawnN');
  const hub = getHub();
  const g = new Greenlet(fn as GreenFunction, args, hub);
  hub.addTimer(Timer.single(0, start, g));
  return g;
}

/**
 * G2: spawn after `seconds`, by a global timer (it starts even if the spawner has died by then).
 * @example
 * const gt = spawnAfter(5, function* () { console.log('five seconds later'); });
 * yield* gt.cancel(); // changed our mind: it never runs
 */
export function spawnAfter<A extends unknown[], T>(
  seconds: number,
  fn: (...args: A) => Green<T> | T,
  ...args: A
): GreenThread<T> {
  checkBody(fn, 'spawnAfter');
  const hub = getHub();
  const g = new GreenThread<T>(fn as GreenFunction<any[], T>, args, hub);
  hub.addTimer(Timer.single(seconds, start, g));
  return g;
}

/**
 * G2: spawn after `seconds`, by a local timer: if the spawner has died by then, the thread never starts
 * (and its wait() blocks forever).
 * @example
 * const gt = spawnAfterLocal(2, function* () { console.log('only if my spawner is still alive'); });
 */
export function spawnAfterLocal<A extends unknown[], T>(
  seconds: number,
  fn: (...args: A) => Green<T> | T,
  ...args: A
): GreenThread<T> {
  checkBody(fn, 'spawnAfterLocal');
  const hub = getHub();
  const g = new GreenThread<T>(fn as GreenFunction<any[], T>, args, hub);
  hub.scheduleCallLocal(seconds, start, g);
  return g;
}

/** What a sleep's iterator gives the driver: "suspended", and "done" when it is resumed. One of each, shared. */
const PARKED: IteratorYieldResult<typeof SUSPEND> = Object.freeze({ done: false, value: SUSPEND });
const WOKEN: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * G3: a sleep is its own timer. Besides firing, the timer is the iterator that `yield* sleep(s)` delegates
 * to, so a sleep allocates one object instead of a generator and a timer (#6: every `sleep(0)` switch
 * pays for what it allocates, and every parked thread holds it). As a generator would, it does nothing until
 * the first `next()`: that is where the timer is added (seq < 0 before, H2); any later step ends the sleep
 * and cancels the timer if something else woke the thread first (H4).
 */
class Sleep extends Timer implements Generator<typeof SUSPEND, void, unknown> {
  constructor(seconds: number) {
    super(seconds, start);
  }

  next(): IteratorResult<typeof SUSPEND, void> {
    if (this.seq < 0 && !this.called) {
      let self: Greenlet;
      try {
        self = blockingCaller('sleep');
      } catch (err) {
        this.called = true; // like a generator that threw: closed, a later step returns at once
        throw err;
      }
      this.args = self;
      self.hub.addTimer(this);
      return PARKED;
    }
    this.cancel();
    return WOKEN;
  }

  /** Fired by the hub (H4: once): resumes the sleeper, as `start` would, without Timer's argument handling. */
  override call(): void {
    if (this.called) return;
    this.called = true;
    (this.args as Greenlet).switch();
  }

  /** A kill (or any error thrown in) ends the sleep where it is: the timer goes, the error goes on up. */
  throw(err: unknown): IteratorResult<typeof SUSPEND, void> {
    this.cancel();
    throw err;
  }

  return(value?: void): IteratorResult<typeof SUSPEND, void> {
    this.cancel();
    return { done: true, value };
  }

  [Symbol.iterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return 'Sleep';
  }
}

/**
 * G3: blocks the current green thread for `seconds` by a timer in the hub's heap (not an OS sleep).
 * `sleep(0)` yields for exactly one hub pass; a negative delay acts like 0.
 * @example
 * function* ticker() { for (;;) { console.log('tick'); yield* sleep(1); } }
 */
export function sleep(seconds = 0): Green<void> {
  return new Sleep(seconds);
}

/**
 * G5: switches straight to `target` (no hub pass), resuming it with `value`; returns whatever value this
 * thread is later switched back with.
 * @example
 * const reply = yield* switchTo(consumer, 'item'); // consumer runs now; we resume when it switches back
 */
export function* switchTo(target: Greenlet, value?: unknown): Green<unknown> {
  blockingCaller('switchTo');
  return yield new Switch(target, false, value);
}

/**
 * G5: switches to `target` raising `err` there; returns whatever this thread is later switched back with.
 * @example
 * yield* throwTo(consumer, new Error('stop')); // raised inside consumer at once
 */
export function* throwTo(target: Greenlet, err: unknown): Green<unknown> {
  blockingCaller('throwTo');
  return yield new Switch(target, true, raisable(err, 'throwTo()'));
}

/**
 * Blocks the current thread until something switches back to it (eventlet's `hub.switch()`), returning
 * the value it was switched with. For building new primitives.
 * @example
 * const self = getcurrent(); // hand `self` to a callback that later calls self.switch(value)
 * const value = yield* suspend();
 */
export function* suspend(): Green<unknown> {
  blockingCaller('suspend');
  return yield SUSPEND;
}
