/**
 * Semaphores (eventlet/semaphore.py, S1–S5): a counter green threads can wait on.
 *
 * `acquire` may block, so it is a generator (`yield* sem.acquire()`); `Semaphore.release` never blocks and is
 * a plain call. CappedSemaphore's `release` can block at its limit, so there it is a generator too.
 */
import { getHub } from '../hub/current.js';
import { ValueError } from '../hub/errors.js';
import { blockingCaller, type Greenlet } from './greenlet.js';
import { maybeGreen, SUSPEND, type Green } from './ops.js';
import { pyIntSize } from './pyvalues.js';
import { Timeout } from './timeout.js';


/** Python's ValueError lives in the hub's errors module; re-exported here for the primitives' users. */
export { ValueError };

/** How a value that should be a whole number reads in an error message. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${String(v)}, which is not a whole number`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  return `${typeof v === 'object' ? `an object (${(v as object).constructor?.name ?? 'Object'})` : `a ${typeof v}`}`;
}

/** Options of `acquire` (S3). */
export interface AcquireOptions {
  /** false: never wait; return false if no unit is free. Default true. */
  blocking?: boolean;
  /** Give up after this many seconds and return false; null, undefined or -1: wait as long as it takes. */
  timeout?: number | null;
}

function normalizeAcquire(opts: AcquireOptions | boolean | undefined, timeout: number | null | undefined): {
  blocking: boolean;
  timeout: number | undefined;
} {
  let blocking = true;
  let t: number | null | undefined = timeout;
  if (typeof opts === 'boolean') blocking = opts;
  else if (opts !== undefined && opts !== null) {
    if (typeof opts !== 'object') {
      throw new TypeError(`acquire() takes { blocking, timeout } options or a boolean, got ${describeValue(opts)}`);
    }
    blocking = opts.blocking ?? true;
    if (opts.timeout !== undefined) t = opts.timeout;
  }
  if (t !== undefined && t !== null && (typeof t !== 'number' || Number.isNaN(t))) {
    throw new TypeError(`acquire() expects timeout in seconds as a number (or null to wait forever), got ${describeValue(t)}`);
  }
  // S3: -1 is the threading module's "no timeout"; any other negative is a mistake.
  if (t === -1) t = null;
  if (t !== undefined && t !== null && t < 0) throw new ValueError('timeout value must be strictly positive');
  if (!blocking && t !== undefined && t !== null) throw new ValueError("can't specify timeout for non-blocking acquire");
  return { blocking, timeout: t === null ? undefined : t };
}


/**
 * A counting semaphore (S1–S3). Waiters are served strictly first come, first served; non-blocking and timed
 * acquires may take a free unit ahead of them ("barging", S3).
 * @example
 * const sem = new Semaphore(2); // at most two at a time
 * function* worker(n: number) {
 *   yield* sem.guard(function* () {
 *     yield* sleep(1); // at most two workers are in here
 *   });
 * }
 */
export class Semaphore {
  /** Free units; may go negative when an owner (GreenPool.resize) lowers it directly (P4). */
  counter: number;
  /** S2: queued acquirers, head first. */
  protected readonly waiters: Greenlet[] = [];

  /** S1: `value` free units (default 1); not a whole number → TypeError, negative → ValueError. */
  constructor(value: number = 1) {
    this.counter = pyIntSize(value, 'Semaphore', 'value');
  }

  /**
   * S1: true if an acquire would block now (counter ≤ 0).
   * @example
   * if (sem.locked()) console.log('the next acquire() will wait');
   */
  locked(): boolean {
    return this.counter <= 0;
  }

  /** For symmetry with CappedSemaphore: a plain semaphore's release never blocks. */
  bounded(): boolean {
    return false;
  }

  /** S1: counter minus queued acquirers: > 0 free units, < 0 how many releases the queue still needs. */
  get balance(): number {
    return this.counter - this.waiters.length;
  }

  /**
   * S1–S3: takes one unit, waiting for a release if none is free or others are already queued (FIFO). Returns
   * true, or false if `blocking: false` finds the semaphore locked or `timeout` seconds pass first. A
   * non-blocking or timed acquire takes a free unit even when others are queued (S3).
   * @example
   * if (yield* sem.acquire({ timeout: 0.5 })) {
   *   try { yield* useResource(); } finally { sem.release(); }
   * } else {
   *   console.log('busy, try later');
   * }
   */
  *acquire(options?: AcquireOptions | boolean, timeout?: number | null): Green<boolean> {
    const opts = normalizeAcquire(options, timeout);
    let limit = opts.timeout;
    if (!opts.blocking) {
      limit = 0;
      if (this.locked()) return false;
    }
    if (this.counter <= 0 || this.waiters.length > 0) {
      if (limit !== undefined) {
        // S3: a timed or non-blocking acquire only waits while nothing is free: it may barge past the queue.
        if (this.counter <= 0 && !(yield* this.waitTimed(limit))) return false;
      } else {
        yield* this.waitQueued();
      }
    }
    this.counter -= 1;
    return true;
  }

  /**
   * Non-blocking acquire as a plain call: takes a free unit (even ahead of queued waiters, S3) and returns
   * true, or returns false at once.
   * @example
   * if (sem.tryAcquire()) { try { work(); } finally { sem.release(); } }
   */
  tryAcquire(): boolean {
    if (this.locked()) return false;
    this.counter -= 1;
    return true;
  }

  /** S2: joins the queue and waits until woken with a unit free; always switches to the hub at least once. */
  private *waitQueued(): Green<void> {
    const self = blockingCaller('acquire', true);
    if (!this.waiters.includes(self)) this.waiters.push(self);
    try {
      do {
        yield SUSPEND;
      } while (this.counter <= 0);
    } finally {
      this.dequeue(self);
    }
  }

  /** S3: as waitQueued, under a silent Timeout of `seconds`; false if it fired first. */
  private *waitTimed(seconds: number): Green<boolean> {
    const self = blockingCaller('acquire', true);
    if (!this.waiters.includes(self)) this.waiters.push(self);
    try {
      const timeout = new Timeout(seconds, false);
      try {
        while (this.counter <= 0) yield SUSPEND;
      } catch (err) {
        if (err === timeout) return false;
        throw err;
      } finally {
        timeout.cancel();
      }
      return true;
    } finally {
      this.dequeue(self);
    }
  }

  private dequeue(g: Greenlet): void {
    const i = this.waiters.indexOf(g);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /**
   * S2: gives one unit back. Never blocks; if anyone is queued, a 0-timer wakes the head of the queue, but
   * only if a unit is still free when it fires. Returns true. (`_blocking` is accepted for symmetry with
   * CappedSemaphore and ignored.)
   * @example
   * yield* sem.acquire();
   * try { yield* work(); } finally { sem.release(); }
   */
  release(_blocking = true): boolean {
    this.counter += 1;
    if (this.waiters.length > 0) getHub().scheduleCallGlobal(0, wakeHead, this);
    return true;
  }

  /** @internal S2: the wake-up timer's work. */
  wakeHead(): void {
    if (this.waiters.length > 0 && this.counter > 0) {
      const waiter = this.waiters.shift()!;
      waiter.switch();
    }
  }

  /**
   * Python's `with sem:`: acquires, runs `body`, and releases however it ends.
   * @example
   * const rows = yield* dbSlots.guard(function* () { return yield* query(sql); });
   */
  *guard<T>(body: () => Green<T> | T): Green<T> {
    yield* this.acquire();
    try {
      return yield* maybeGreen(body());
    } finally {
      this.release();
    }
  }

  toString(): string {
    return `<${this.constructor.name} c=${this.counter} _w[${this.waiters.length}]>`;
  }
}

function wakeHead(sem: Semaphore): void {
  sem.wakeHead();
}

/**
 * S4: a Semaphore that refuses to be released above its initial value: that is a bug in the caller, reported
 * as ValueError "Semaphore released too many times".
 * @example
 * const lock = new BoundedSemaphore(1);
 * yield* lock.acquire();
 * lock.release();
 * lock.release(); // ValueError: Semaphore released too many times
 */
export class BoundedSemaphore extends Semaphore {
  /** The initial value, which release() may not exceed. */
  readonly originalCounter: number;

  constructor(value: number = 1) {
    super(value);
    this.originalCounter = this.counter;
  }

  /**
   * S4: as Semaphore.release, but releasing past the initial value throws ValueError instead of growing the count.
   * @example
   * yield* lock.acquire(); try { yield* work(); } finally { lock.release(); }
   */
  override release(blocking = true): boolean {
    if (this.counter >= this.originalCounter) throw new ValueError('Semaphore released too many times');
    return super.release(blocking);
  }
}

/**
 * S5: a semaphore whose count lives between 0 and `limit`: acquire blocks at 0 and release blocks at the
 * limit, so both are generators. Built from two Semaphores, one per direction.
 * @example
 * const slots = new CappedSemaphore(0, 3); // producers release, consumers acquire
 * yield* slots.release();                  // blocks while three are already released
 * yield* slots.acquire();                  // blocks while none is
 */
export class CappedSemaphore {
  /** Units that can be acquired. */
  readonly lowerBound: Semaphore;
  /** Units that can be released before reaching the limit. */
  readonly upperBound: Semaphore;

  constructor(count: number, limit: number) {
    // Fractions are fine: the two Semaphores truncate them, as eventlet's do (S1).
    if (typeof count !== 'number' || Number.isNaN(count)) {
      throw new TypeError(`CappedSemaphore() expect count :: int, actual: ${describeValue(count)}; pass a whole number >= 0`);
    }
    if (typeof limit !== 'number' || Number.isNaN(limit)) {
      throw new TypeError(`CappedSemaphore() expect limit :: int, actual: ${describeValue(limit)}; pass a whole number >= count`);
    }
    if (count < 0) throw new ValueError(`CappedSemaphore must be initialized with a positive number, got ${count}`);
    if (count > limit) throw new ValueError("'count' cannot be more than 'limit'");
    this.lowerBound = new Semaphore(count);
    this.upperBound = new Semaphore(limit - count);
  }

  /**
   * True if an acquire would block (count is 0).
   * @example
   * if (capped.locked()) console.log('nothing to acquire yet');
   */
  locked(): boolean {
    return this.lowerBound.locked();
  }

  /**
   * True if a release would block (count is at the limit).
   * @example
   * if (capped.bounded()) console.log('at the limit: release() would block');
   */
  bounded(): boolean {
    return this.upperBound.locked();
  }

  /** S5: lower balance minus upper balance. */
  get balance(): number {
    return this.lowerBound.balance - this.upperBound.balance;
  }

  /**
   * S5: takes one unit, blocking at 0; `blocking: false` returns false instead of blocking.
   * @example
   * yield* capped.acquire();
   */
  *acquire(blocking = true): Green<boolean> {
    if (!blocking && this.locked()) return false;
    this.upperBound.release();
    try {
      return yield* this.lowerBound.acquire();
    } catch (err) {
      // Undo the release above without waiting: the count may dip below zero for a moment.
      this.upperBound.counter -= 1;
      throw err;
    }
  }

  /**
   * S5: gives one unit back, blocking at the limit; `blocking: false` returns false instead of blocking.
   * @example
   * if (!(yield* capped.release(false))) console.log('already at the limit');
   */
  *release(blocking = true): Green<boolean> {
    if (!blocking && this.bounded()) return false;
    this.lowerBound.release();
    try {
      return yield* this.upperBound.acquire();
    } catch (err) {
      this.lowerBound.counter -= 1;
      throw err;
    }
  }

  /**
   * Python's `with capped:`: acquire, run `body`, release (which may block at the limit).
   * @example
   * const n = yield* capped.guard(function* () { yield* sleep(0.1); return 42; });
   */
  *guard<T>(body: () => Green<T> | T): Green<T> {
    yield* this.acquire();
    try {
      return yield* maybeGreen(body());
    } finally {
      yield* this.release();
    }
  }

  toString(): string {
    return `<CappedSemaphore b=${this.balance} l=${this.lowerBound} u=${this.upperBound}>`;
  }
}
