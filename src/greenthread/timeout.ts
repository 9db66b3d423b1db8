/**
 * Timeout: an exception raised into a green thread after a delay (eventlet/timeout.py, T1–T5).
 *
 * Python's `with Timeout(s):` block becomes a generator call: `yield* Timeout.guard(s, function* () {...})`
 * or, with an existing instance, `yield* t.guard(function* () {...})`. A Timeout is a BaseException, so the
 * greenhub idiom for Python's `except Exception:` — `catch (e) { if (e instanceof BaseException) throw e; ... }`
 * — lets it through (T2); see docs/primitives.md.
 */
import { getHub } from '../hub/current.js';
import { AssertionError, BaseException } from '../hub/errors.js';
import type { Timer } from '../hub/timer.js';
import { runningGreenlet, type Greenlet } from './greenlet.js';
import { maybeGreen, type Green } from './ops.js';

/**
 * What a Timeout raises when it fires (T1): `undefined`/`null` or a boolean means the Timeout itself
 * (`false` additionally makes a guard swallow it, T3); an error object is raised as is; an error class is
 * instantiated with no arguments at firing time, as Python's `greenlet.throw(cls)` does.
 */
export type TimeoutExc = undefined | null | boolean | object | (new () => unknown);

/** Python's `str()` of the `exc` part of a Timeout's text (T5). */
function describeExc(exc: unknown): string {
  if (typeof exc === 'function') return `<class '${exc.name || 'anonymous'}'>`;
  if (exc instanceof Error) return exc.message;
  return String(exc);
}

/** Python's `repr()` of `exc` in a Timeout's repr: `ValueError('x')`, `<class 'Boom'>`, `False`. */
function reprExc(exc: unknown): string {
  if (typeof exc === 'function') return `<class '${exc.name || 'anonymous'}'>`;
  if (exc instanceof Error) return `${exc.name}(${exc.message === '' ? '' : `'${exc.message}'`})`;
  if (typeof exc === 'boolean') return exc ? 'True' : 'False';
  return String(exc);
}

/** Stands in for Python's id() in a Timeout's repr (`<Timeout at 0x1f ...>`). */
let lastTimeoutId = 0;

/** T5: "" for a Timeout that never fires, "1 second", "2 seconds", plus " (silent)" or " (<exc>)". */
function describe(seconds: number | null, exc: TimeoutExc): string {
  if (seconds === null) return '';
  const base = `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (exc === undefined || exc === null || exc === true) return base;
  if (exc === false) return `${base} (silent)`;
  return `${base} (${describeExc(exc)})`;
}

function checkSeconds(seconds: unknown): number | null {
  if (seconds === undefined || seconds === null) return null;
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new TypeError(
      `Timeout() expects the delay in seconds as a number, or null for a Timeout that never fires; got ${String(seconds)}`,
    );
  }
  return seconds;
}



/** Timer callback: raises `err` in `target` (T1); the hub context itself gets it raised here, so H9 prints it. */
function fire(target: Greenlet | undefined, err: unknown): void {
  if (target === undefined) throw err;
  target.throw(err);
}

/**
 * Raises an exception in the green thread that started it, after `seconds` (T1). It starts at construction
 * and fires at that thread's next suspension, wherever it is, unless cancelled first (T2): always cancel it
 * in a `finally`, or use `guard`, which does that for you.
 *
 * @example
 * // Python: with Timeout(5): fetch()
 * const page = yield* Timeout.guard(5, function* () {
 *   return yield* fetchPage(url);
 * });
 *
 * @example
 * // Python: t = Timeout(1); try: ... finally: t.cancel()
 * const t = new Timeout(1);
 * try {
 *   yield* queue.get();
 * } catch (e) {
 *   if (e !== t) throw e;         // someone else's Timeout, or another error: not ours to handle
 *   console.log('gave up after', String(t));
 * } finally {
 *   t.cancel();
 * }
 */
export class Timeout extends BaseException {
  /** Delay in seconds; null never fires. */
  readonly seconds: number | null;
  /** What is raised when it fires (see TimeoutExc). */
  readonly exc: TimeoutExc;
  private timer: Timer | undefined = undefined;
  private readonly id = ++lastTimeoutId;

  /**
   * T1: `new Timeout(seconds, exc)` starts at once, aimed at the running green thread. `seconds` null (or
   * omitted) never fires.
   */
  constructor(seconds?: number | null, exc?: TimeoutExc) {
    const s = checkSeconds(seconds);
    super(describe(s, exc));
    this.seconds = s;
    this.exc = exc;
    this.start();
  }

  /**
   * T1: schedules the Timeout again (construction already did this once): only after `cancel()`. A pending
   * Timeout raises AssertionError.
   * @example
   * t.cancel(); t.start(); // re-arm with the same number of seconds
   */
  start(): this {
    if (this.pending) {
      throw new AssertionError(`${this.inspect()} is already started; to restart it, cancel it first`);
    }
    if (this.seconds === null) {
      this.timer = undefined;
      return this;
    }
    const target = runningGreenlet();
    if (target === undefined && !getHub().inLoop) {
      throw new Error(
        'Timeout(): a Timeout with a delay must be started inside a green thread (it is raised in the thread ' +
          'that starts it); start your program with run(main) and create it there',
      );
    }
    const err = this.exc === undefined || this.exc === null || typeof this.exc === 'boolean' ? this : this.exc;
    // A global timer: it fires even if the creator has died in between (then the hub prints it, H9/T2).
    this.timer = getHub().scheduleCallGlobal(this.seconds, (g: Greenlet | undefined) => {
      fire(g, typeof err === 'function' ? new (err as new () => unknown)() : err);
    }, target);
    return this;
  }

  /** True while scheduled to fire (T1). */
  get pending(): boolean {
    return this.timer !== undefined && this.timer.pending;
  }

  /**
   * Disarms it if pending; a fired or cancelled Timeout is left alone.
   * @example
   * const t = new Timeout(5);
   * try { yield* q.get(); } finally { t.cancel(); } // always disarm, or it fires later
   */
  cancel(): void {
    if (this.timer !== undefined) {
      this.timer.cancel();
      this.timer = undefined;
    }
  }

  /** Every Timeout answers true (eventlet's `is_timeout` attribute). */
  get isTimeout(): boolean {
    return true;
  }

  /**
   * T3: runs `body(this)` as Python's `with timeout:` block. Entering starts the Timeout if it was cancelled;
   * leaving always cancels it. If it fires inside the block and `exc` is `false`, the block is left
   * quietly and `guard` returns undefined; any other exception, including another Timeout (T4), goes on.
   * @example
   * const t = new Timeout(2, false);
   * yield* t.guard(function* () { yield* sleep(10); }); // returns after 2 s, nothing raised
   */
  *guard<T>(body: (t: Timeout) => Green<T> | T): Green<T | undefined> {
    if (this.timer === undefined) this.start();
    try {
      return yield* maybeGreen(body(this));
    } catch (err) {
      if (err === this && this.exc === false) return undefined;
      throw err;
    } finally {
      this.cancel();
    }
  }

  /**
   * T3: `yield* Timeout.guard(seconds, body, { exc })` creates a Timeout and runs `body` under it: Python's
   * `with Timeout(seconds, exc):`. With `exc: false` a timeout just ends the block (the result is undefined).
   * @example
   * const reply = yield* Timeout.guard(1, function* () { return yield* q.get(); }, { exc: false });
   * if (reply === undefined) console.log('no reply within a second');
   */
  static *guard<T>(
    seconds: number | null,
    body: (t: Timeout) => Green<T> | T,
    options: { exc?: TimeoutExc } = {},
  ): Green<T | undefined> {
    return yield* new Timeout(seconds, options.exc).guard(body);
  }

  /**
   * Python's repr(), for messages and debugging.
   * @example
   * console.log(t.inspect()); // '<Timeout at 0x1 seconds=5 pending>'
   */
  inspect(): string {
    const exc = this.exc === undefined || this.exc === null ? '' : ` exception=${reprExc(this.exc)}`;
    const seconds = this.seconds === null ? 'None' : this.seconds;
    return `<${this.constructor.name} at 0x${this.id.toString(16)} seconds=${seconds}${exc}${this.pending ? ' pending' : ''}>`;
  }
}

/**
 * eventlet's `is_timeout`: a Timeout, or anything carrying a truthy `isTimeout`.
 * @example
 * try { yield* work(); } catch (e) { if (!isTimeout(e)) throw e; console.log('timed out'); }
 */
export function isTimeout(obj: unknown): boolean {
  if (obj instanceof Timeout) return true;
  return obj !== null && typeof obj === 'object' && Boolean((obj as { isTimeout?: unknown }).isTimeout);
}

/** `withTimeout`'s first argument when a value should stand in for the Timeout (T5's `timeout_value`). */
export interface WithTimeoutOptions<V> {
  seconds: number | null;
  timeoutValue: V;
}

/**
 * T5: calls `fn(...args)` under a fresh Timeout. If that Timeout fires, raises it — or, when the first
 * argument is `{ seconds, timeoutValue }`, returns `timeoutValue` instead. Any other exception, including an
 * enclosing Timeout, goes on unchanged. The Timeout is always cancelled on the way out.
 * @example
 * const body = yield* withTimeout({ seconds: 2, timeoutValue: null }, fetchPage, url); // null if too slow
 * const rows = yield* withTimeout(5, queryAll, db);                                    // or raises Timeout
 */
export function withTimeout<A extends unknown[], T>(
  seconds: number | null,
  fn: (...args: A) => Green<T> | T,
  ...args: A
): Green<T>;
export function withTimeout<A extends unknown[], T, V>(
  options: WithTimeoutOptions<V>,
  fn: (...args: A) => Green<T> | T,
  ...args: A
): Green<T | V>;
export function* withTimeout<A extends unknown[], T, V>(
  when: number | null | WithTimeoutOptions<V>,
  fn: (...args: A) => Green<T> | T,
  ...args: A
): Green<T | V> {
  if (typeof fn !== 'function') {
    throw new TypeError(`withTimeout() needs the function to call as its second argument, got ${String(fn)}`);
  }
  const hasValue = when !== null && typeof when === 'object';
  const seconds = hasValue ? when.seconds : when;
  const timeout = new Timeout(seconds);
  try {
    return yield* maybeGreen(fn(...args));
  } catch (err) {
    if (err === timeout && hasValue) return when.timeoutValue;
    throw err;
  } finally {
    timeout.cancel();
  }
}
