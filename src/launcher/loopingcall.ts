/**
 * Looping calls: a function run over and over in its own green thread, with a sleep in between that the
 * subclass decides (oslo_service/loopingcall.py; O9–O16).
 *
 * `start(...)` spawns the loop (not in any pool) and returns the `done` Event; `wait()` waits on it;
 * `stop()` lets the call in progress finish but ends any sleep at once (O9, O11). The function may be a
 * plain function or a generator function (it may block); throwing `LoopingCallDone(value)` ends the loop and
 * `wait()` returns value.
 */
import { AttributeError, BaseException } from '../hub/errors.js';
import { getHub } from '../hub/current.js';
import { Event } from '../greenthread/event.js';
import type { GreenThread } from '../greenthread/greenthread.js';
import { maybeGreen, type Green } from '../greenthread/ops.js';
import { spawn } from '../greenthread/spawn.js';
import { Timeout } from '../greenthread/timeout.js';
import { pythonLess, pyTruthy, pyTypeName } from '../greenthread/pyvalues.js';
import { RuntimeError, ValueError } from './conf.js';
import { formatFixed, getLogger, pyStr } from './log.js';

const LOG = getLogger('oslo.service.loopingcall');

/** What a looping call runs: `f(...args)`, plain or generator; its result feeds the subclass's idle rule. */
export type LoopingFunction<A extends unknown[] = unknown[]> = (...args: A) => unknown;

/**
 * Thrown by the looped function to end the loop normally; `wait()` then returns `retvalue` (O10).
 * @example
 * throw new LoopingCallDone('finished');
 */
export class LoopingCallDone extends Error {
  readonly retvalue: unknown;
  constructor(retvalue: unknown = true) {
    super('');
    this.name = 'LoopingCallDone';
    this.retvalue = retvalue;
  }
}

/**
 * O13/O15: a looping call ran out of time: "Looping call timed out after N.NN seconds".
 * @example
 * try { yield* lc.start(1, { timeout: 30 }).wait(); }
 * catch (e) { if (e instanceof LoopingCallTimeOut) console.log(e.message); else throw e; }
 */
export class LoopingCallTimeOut extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'LoopingCallTimeOut';
  }
}

const names = new WeakMap<object, string>();

/**
 * Gives `fn` the name oslo's messages print for it (oslo derives a module-qualified name such as
 * '__main__.poll', which JavaScript cannot know). Returns `fn`.
 * @example
 * const lc = new FixedIntervalLoopingCall(setCallableName(poll, 'myservice.manager.poll'));
 */
export function setCallableName<F extends object>(fn: F, name: string): F {
  names.set(fn, name);
  return fn;
}

/**
 * The name oslo's messages use for `fn`: one set with setCallableName, else its JS name.
 * @example
 * callableName(setCallableName(poll, 'svc.poll')); // 'svc.poll'
 */
export function callableName(fn: unknown): string {
  if (fn !== null && (typeof fn === 'object' || typeof fn === 'function')) {
    const n = names.get(fn);
    if (n !== undefined) return n;
  }
  if (typeof fn === 'function') return fn.name.replace(/^(bound )+/, '') || '<lambda>';
  return String(fn);
}



/** Python's round(x, n) (half to even on the exact binary value). */
function pyRound(x: number, digits: number): number {
  return Number(formatFixed(x, digits));
}

/**
 * oslo_utils' EventletEvent: a resettable flag whose `wait(timeout)` is a silent Timeout around a wait on an
 * Event (O11). `set()` wakes waiters through the Event's 0-timers.
 */
class AbortFlag {
  private isSetFlag = true;
  private event!: Event<boolean>;

  constructor() {
    this.clear();
  }

  clear(): void {
    if (this.isSetFlag) {
      this.isSetFlag = false;
      this.event = new Event<boolean>();
    }
  }

  isSet(): boolean {
    return this.isSetFlag;
  }

  set(): void {
    if (!this.isSetFlag) {
      this.isSetFlag = true;
      this.event.send(true);
    }
  }

  /**
   * Waits until set or `timeout` seconds (null: forever); 0 still costs one hub pass (O11). A negative timeout
   * is refused at once, as oslo_utils' StopWatch refuses a negative duration: inside the loop that makes a
   * DynamicLoopingCall returning a negative delay end as a failure, whatever stopOnException says (O11, O14).
   */
  *wait(timeout: number | null): Green<boolean> {
    if (timeout !== null && timeout < 0) {
      throw new ValueError(`Duration must be greater or equal to zero and not ${pyStr(timeout)}`);
    }
    const hub = getHub();
    const started = hub.clock();
    for (;;) {
      const event = this.event;
      const leftover = timeout === null ? null : Math.max(0, timeout - (hub.clock() - started));
      let again = false;
      yield* Timeout.guard(
        leftover,
        function* (this: AbortFlag) {
          yield* event.wait();
          if (event !== this.event) again = true;
        }.bind(this),
        { exc: false },
      );
      if (again) continue;
      return this.isSetFlag;
    }
  }
}

/** The idle rule of a subclass: seconds to sleep after a call that returned `result` in `elapsed` seconds. */
export type IdleFor = (result: unknown, elapsed: number) => number;

/**
 * O9/O10: the loop shared by every kind of looping call.
 * @example
 * function* watch(lc: LoopingCallBase) { yield* sleep(60); lc.stop(); return yield* lc.wait(); }
 */
export abstract class LoopingCallBase<A extends unknown[] = unknown[]> {
  /** The kind, as oslo's log messages name it. */
  protected readonly kind: string = 'Unknown looping call';
  protected readonly runOnlyOneMessage: string = 'A looping call can only run one function at a time';
  readonly f: LoopingFunction<A>;
  readonly args: A;
  /** The Event the last start() returned; null before the first start. */
  done: Event<unknown> | null = null;
  protected thread: GreenThread<void> | null = null;
  private readonly abort = new AbortFlag();

  constructor(f: LoopingFunction<A>, ...args: A) {
    if (typeof f !== 'function') {
      throw new TypeError(`a looping call needs the function to call, got ${f === null ? 'null' : typeof f}`);
    }
    this.f = f;
    this.args = args;
  }

  /** True unless stop() was called since the last start (oslo's `_running`). */
  get running(): boolean {
    return !this.abort.isSet();
  }

  /**
   * O9: ends the loop: the call in progress finishes, a sleep ends at once, `done` gets true.
   * @example
   * lc.stop(); // lc.wait() then returns true
   */
  stop(): void {
    if (this.running) this.abort.set();
  }

  /**
   * O9: the loop's outcome: LoopingCallDone's value, true after stop(), or the error that ended it. Before the
   * first start() there is nothing to wait for: oslo reads `None.wait`, so this raises its AttributeError.
   * @example
   * const outcome = yield* lc.wait(); // LoopingCallDone's value, or true after stop()
   */
  *wait(): Green<unknown> {
    if (this.done === null) throw new AttributeError("'NoneType' object has no attribute 'wait'");
    return yield* this.done.wait();
  }

  /** O11: the abortable sleep between calls. Overridable (oslo's tests mock `_sleep`). */
  protected *idleSleep(seconds: number | null): Green<void> {
    yield* this.abort.wait(seconds);
  }

  /** The seconds a call took (oslo's `_elapsed`); overridable for tests. */
  protected elapsed(seconds: number): number {
    return seconds;
  }

  /** O9: spawns the loop and returns the fresh `done` Event; RuntimeError while a loop already runs. */
  protected startLoop(idleFor: IdleFor, initialDelay: number | null | undefined, stopOnException = true): Event<unknown> {
    if (this.thread !== null) throw new RuntimeError(this.runOnlyOneMessage);
    this.done = new Event<unknown>();
    this.abort.clear();
    this.thread = spawn(runLoop, this, idleFor, initialDelay ?? null, stopOnException);
    this.thread.link(() => {
      this.thread = null;
    });
    return this.done;
  }

  /** @internal The loop (O10); runs in the looping call's own green thread. */
  *loop(idleFor: IdleFor, initialDelay: number | null, stopOnException: boolean): Green<void> {
    const kind = this.kind;
    const funcName = callableName(this.f);
    const f = this.f as (...args: unknown[]) => unknown;
    if (pyTruthy(initialDelay)) yield* this.idleSleep(initialDelay); // O10: `if initial_delay:`, Python's truth
    const hub = getHub();
    try {
      while (this.running) {
        const t0 = hub.clock();
        let result: unknown;
        if (stopOnException) {
          result = yield* maybeGreen(f(...this.args));
        } else {
          try {
            result = yield* maybeGreen(f(...this.args));
          } catch (err) {
            if (err instanceof LoopingCallDone || err instanceof BaseException) throw err;
            LOG.exception(err, '%(kind)s %(func_name)r failed', { kind, func_name: funcName });
            result = 0;
          }
        }
        const took = this.elapsed(hub.clock() - t0);
        if (!this.running) break;
        const idle = idleFor(result, took);
        LOG.trace('%(kind)s %(func_name)r sleeping for %(idle).02f seconds', { func_name: funcName, idle, kind });
        yield* this.idleSleep(idle);
      }
    } catch (err) {
      if (err instanceof LoopingCallDone) {
        this.done!.send(err.retvalue);
        return;
      }
      if (err instanceof BaseException) throw err;
      LOG.exception(err, '%(kind)s %(func_name)r failed', { kind, func_name: funcName });
      this.done!.sendException(err);
      return;
    }
    this.done!.send(true);
  }
}

function* runLoop(lc: LoopingCallBase<any>, idleFor: IdleFor, initialDelay: number | null, stopOnException: boolean): Green<void> {
  yield* lc.loop(idleFor, initialDelay, stopOnException);
}

/** Options of FixedIntervalLoopingCall.start. */
export interface FixedIntervalOptions {
  /** Seconds before the first call; none or 0 calls at once. */
  initialDelay?: number | null;
  /** false: log each failure and go on (O10). Default true. */
  stopOnException?: boolean;
}

/** O12: the warning and the idle time of a fixed-interval loop. */
function fixedIdle(lc: { f: unknown }, interval: number, elapsed: number): number {
  const delay = pyRound(elapsed - interval, 2);
  if (delay > 0) {
    LOG.warning('Function %(func_name)r run outlasted interval by %(delay).2f sec', {
      func_name: callableName(lc.f),
      delay,
    });
  }
  return delay < 0 ? -delay : 0;
}

/**
 * O12: calls the function every `interval` seconds, measured start to start; a call that outlasts the
 * interval logs a WARNING and the next call follows at once (no catching up).
 * @example
 * const lc = new FixedIntervalLoopingCall(reportState);
 * lc.start(10, { initialDelay: 1 });
 * // ...
 * lc.stop();
 * yield* lc.wait(); // true
 */
export class FixedIntervalLoopingCall<A extends unknown[] = unknown[]> extends LoopingCallBase<A> {
  protected override readonly kind: string = 'Fixed interval looping call';
  protected override readonly runOnlyOneMessage: string = 'A fixed interval looping call can only run one function at a time';

  /**
   * O12: starts the loop (RuntimeError if one runs); returns the `done` Event that wait() reads.
   * @example
   * const done = lc.start(10, { initialDelay: 0, stopOnException: false });
   */
  start(interval: number, options: FixedIntervalOptions = {}): Event<unknown> {
    checkSeconds('interval', interval);
    return this.startLoop((_r, elapsed) => fixedIdle(this, interval, elapsed), options.initialDelay, options.stopOnException ?? true);
  }
}

/** Options of FixedIntervalWithTimeoutLoopingCall.start. */
export interface FixedIntervalWithTimeoutOptions extends FixedIntervalOptions {
  /** Seconds since start() after which the loop ends with LoopingCallTimeOut; 0 never. */
  timeout?: number;
}

/**
 * O13: a fixed-interval loop that ends with LoopingCallTimeOut once `timeout` seconds have passed since
 * start() (checked after each call).
 * @example
 * const lc = new FixedIntervalWithTimeoutLoopingCall(checkReady);
 * yield* lc.start(1, { timeout: 30 }).wait(); // raises LoopingCallTimeOut if never done
 */
export class FixedIntervalWithTimeoutLoopingCall<A extends unknown[] = unknown[]> extends LoopingCallBase<A> {
  protected override readonly kind: string = 'Fixed interval looping call with timeout checking.';
  protected override readonly runOnlyOneMessage: string =
    'A fixed interval looping call with timeout checking and can only run one function at at a time';

  /**
   * O13: as FixedIntervalLoopingCall.start, plus `timeout` seconds after which the loop fails (LoopingCallTimeOut).
   * @example
   * const done = lc.start(2, { timeout: 60 });
   */
  start(interval: number, options: FixedIntervalWithTimeoutOptions = {}): Event<unknown> {
    checkSeconds('interval', interval);
    const timeout = options.timeout ?? 0;
    // oslo reads the wall clock here; only differences matter, so the hub's clock serves.
    const startTime = getHub().clock();
    return this.startLoop(
      (_r, elapsed) => {
        const idle = fixedIdle(this, interval, elapsed);
        const elapsedTime = getHub().clock() - startTime;
        if (timeout > 0 && elapsedTime > timeout) {
          throw new LoopingCallTimeOut(`Looping call timed out after ${formatFixed(elapsedTime, 2)} seconds`);
        }
        return idle;
      },
      options.initialDelay,
      options.stopOnException ?? true,
    );
  }
}

/** Options of DynamicLoopingCall.start. */
export interface DynamicOptions {
  initialDelay?: number | null;
  /** Cap on the returned sleep, and the sleep when the function returns nothing. */
  periodicIntervalMax?: number | null;
  stopOnException?: boolean;
}

const MISSING_SLEEP = 'A dynamic interval looping call should supply either an interval or periodic_interval_max';

/**
 * O14: the function returns how many seconds to sleep before its next call (capped by
 * `periodicIntervalMax`, which also stands in for a missing value). Time spent in the call is not
 * subtracted.
 * @example
 * const lc = new DynamicLoopingCall(function* () { yield* work(); return backlog() ? 0 : 30; });
 * lc.start({ periodicIntervalMax: 60 });
 */
export class DynamicLoopingCall<A extends unknown[] = unknown[]> extends LoopingCallBase<A> {
  protected override readonly kind: string = 'Dynamic interval looping call';
  protected override readonly runOnlyOneMessage: string = 'A dynamic interval looping call can only run one function at a time';

  /**
   * O14: starts the loop; a function returning nothing without `periodicIntervalMax` ends it with RuntimeError.
   * @example
   * lc.start({ initialDelay: 5, periodicIntervalMax: 120 });
   */
  start(options: DynamicOptions = {}): Event<unknown> {
    const max = options.periodicIntervalMax ?? null;
    return this.startLoop(
      (suggested) => {
        if (suggested === null || suggested === undefined) {
          if (max !== null) return max;
          throw new RuntimeError(MISSING_SLEEP);
        }
        // Python's bool is an int; anything else that is not a number fails where oslo compares it: with a cap
        // in min(delay, max), without one where the sleep compares it with 0.
        const delay = typeof suggested === 'boolean' ? Number(suggested) : suggested;
        if (max !== null) return pythonLess(max, delay) ? max : (delay as number);
        if (typeof delay !== 'number') throw new TypeError(`'<' not supported between instances of '${pyTypeName(delay)}' and 'int'`);
        return delay;
      },
      options.initialDelay,
      options.stopOnException ?? true,
    );
  }
}

/** Something with Python's `random.gauss(mu, sigma)`. */
export interface GaussSource {
  gauss(mu: number, sigma: number): number;
}

/**
 * Python's `random.SystemRandom`: gauss from the OS's randomness (Box–Muller).
 * @example
 * const jitter = systemRandom.gauss(0.75, 0.1);
 */
export const systemRandom: GaussSource & { random(): number } = {
  random(): number {
    // Web Crypto's global: node:crypto is loaded on this first use, not by every process that imports us (#6).
    const b = globalThis.crypto.getRandomValues(new Uint8Array(7));
    // 53 random bits -> [0, 1)
    let x = 0;
    for (const byte of b) x = x * 256 + byte;
    return Math.floor(x / 8) / 2 ** 53;
  },
  gauss(mu: number, sigma: number): number {
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  },
};

/** Options of BackOffLoopingCall.start (oslo's defaults). */
export interface BackOffOptions {
  initialDelay?: number | null;
  /** Sleep after a success, and the base the backoff restarts from. Default 1. */
  startingInterval?: number;
  /** Most seconds of accumulated failure sleep before LoopingCallTimeOut; 0 never. Default 300. */
  timeout?: number;
  /** Cap on one sleep. Default 300. */
  maxInterval?: number;
  /** Mean of the gaussian jitter factor (sigma 0.1). Default 0.75. */
  jitter?: number;
  /** Floor of one sleep. Default 0.001. */
  minInterval?: number;
}

/**
 * O15: the function returns truthy (success: sleep startingInterval·jitter) or falsy (failure: sleep twice the
 * current interval·jitter, growing, bounded); once the failures' sleeps would pass `timeout` the loop ends
 * with LoopingCallTimeOut.
 * @example
 * const lc = new BackOffLoopingCall(function* () { return yield* tryConnect(); });
 * const value = yield* lc.start({ startingInterval: 1, timeout: 60 }).wait();
 */
export class BackOffLoopingCall<A extends unknown[] = unknown[]> extends LoopingCallBase<A> {
  /** Where every BackOffLoopingCall draws its jitter (oslo's class-level `_RNG`). */
  static rng: GaussSource = systemRandom;
  /** This call's jitter source; defaults to the class's. */
  rng: GaussSource | undefined = undefined;
  protected override readonly kind: string = 'Dynamic backoff interval looping call';
  protected override readonly runOnlyOneMessage: string = 'A dynamic backoff interval looping call can only run one function at a time';
  private errorTime = 0;
  private interval = 1;

  /**
   * O15: starts the backoff loop with oslo's defaults for whatever `options` leaves out.
   * @example
   * const connected = yield* lc.start({ startingInterval: 2, maxInterval: 30, timeout: 120 }).wait();
   */
  start(options: BackOffOptions = {}): Event<unknown> {
    const startingInterval = options.startingInterval ?? 1;
    const timeout = options.timeout ?? 300;
    const maxInterval = options.maxInterval ?? 300;
    const jitter = options.jitter ?? 0.75;
    const minInterval = options.minInterval ?? 0.001;
    // Refused before the state below is touched, as oslo does.
    if (this.thread !== null) throw new RuntimeError(this.runOnlyOneMessage);
    this.errorTime = 0;
    this.interval = startingInterval;
    return this.startLoop((success) => {
      const randomJitter = Math.abs((this.rng ?? BackOffLoopingCall.rng).gauss(jitter, 0.1));
      // O15: success is Python's truth of the result: [] and {} fail, NaN succeeds.
      if (pyTruthy(success)) {
        this.interval = startingInterval;
        this.errorTime = 0;
        return this.interval * randomJitter;
      }
      let idle = Math.max(this.interval * 2 * randomJitter, minInterval);
      idle = Math.min(idle, maxInterval);
      this.interval = Math.max(this.interval * 2 * jitter, minInterval);
      if (timeout > 0 && this.errorTime + idle > timeout) {
        throw new LoopingCallTimeOut(`Looping call timed out after ${formatFixed(this.errorTime + idle, 2)} seconds`);
      }
      this.errorTime += idle;
      return idle;
    }, options.initialDelay);
  }
}

function checkSeconds(what: string, v: unknown): void {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new TypeError(`${what} must be a number of seconds, got ${v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
  }
}

/** Options of RetryDecorator (oslo's defaults). */
export interface RetryOptions {
  /** Retries allowed after the first call; -1 (default) without limit. */
  maxRetryCount?: number;
  /** Added to the sleep before each retry. Default 10. */
  incSleepTime?: number;
  /** Cap on one sleep. Default 60. */
  maxSleepTime?: number;
  /** Error classes that cause a retry; anything else is raised at once. Default none. */
  exceptions?: ReadonlyArray<abstract new (...args: any[]) => unknown>;
}

/**
 * O16: wraps a function so that listed errors make it retry, sleeping incSleepTime, 2·incSleepTime, ... (capped)
 * in between, through a DynamicLoopingCall. As in oslo, the retry count and the sleep live on the decorator
 * and are never reset between calls **[!]**.
 * @example
 * const retry = new RetryDecorator({ maxRetryCount: 3, incSleepTime: 1, exceptions: [ConnectionError] });
 * const fetchRetrying = retry.wrap(fetchOnce);
 * const page = yield* fetchRetrying(url);
 */
export class RetryDecorator {
  readonly maxRetryCount: number;
  readonly incSleepTime: number;
  readonly maxSleepTime: number;
  readonly exceptions: ReadonlyArray<abstract new (...args: any[]) => unknown>;
  retryCount = 0;
  sleepTime = 0;

  constructor(options: RetryOptions = {}) {
    this.maxRetryCount = options.maxRetryCount ?? -1;
    this.incSleepTime = options.incSleepTime ?? 10;
    this.maxSleepTime = options.maxSleepTime ?? 60;
    this.exceptions = options.exceptions ?? [];
  }

  /**
   * Returns the retrying version of `f` (a generator function: it waits for the loop).
   * @example
   * const sendRetrying = new RetryDecorator({ maxRetryCount: 5, exceptions: [SendError] }).wrap(sendOnce);
   * yield* sendRetrying(message);
   */
  wrap<A extends unknown[], T>(f: (...args: A) => Green<T> | T): (...args: A) => Green<T> {
    const funcName = callableName(f);
    const self = this;
    function* attempt(...args: A): Green<number> {
      let result: unknown;
      try {
        if (self.retryCount) {
          LOG.debug('Invoking %(func_name)s; retry count is %(retry_count)d.', { func_name: funcName, retry_count: self.retryCount });
        }
        result = yield* maybeGreen((f as (...a: unknown[]) => unknown)(...args));
      } catch (err) {
        if (!self.exceptions.some((cls) => err instanceof cls)) throw err;
        LOG.debug('Exception which is in the suggested list of exceptions occurred while invoking function: %s.', funcName);
        if (self.maxRetryCount !== -1 && self.retryCount >= self.maxRetryCount) {
          LOG.debug(
            'Cannot retry %(func_name)s upon suggested exception since retry count (%(retry_count)d) reached max retry count (%(max_retry_count)d).',
            { retry_count: self.retryCount, max_retry_count: self.maxRetryCount, func_name: funcName },
          );
          throw err;
        }
        self.retryCount += 1;
        self.sleepTime += self.incSleepTime;
        return self.sleepTime;
      }
      throw new LoopingCallDone(result);
    }
    setCallableName(attempt, 'oslo_service.loopingcall.RetryDecorator.__call__.<locals>._func');
    const wrapped = function* (...args: A): Green<T> {
      const loop = new DynamicLoopingCall(attempt, ...args);
      const evt = loop.start({ periodicIntervalMax: self.maxSleepTime });
      LOG.debug('Waiting for function %s to return.', funcName);
      return (yield* evt.wait()) as T;
    };
    Object.defineProperty(wrapped, 'name', { value: f.name });
    if (names.has(f)) setCallableName(wrapped, funcName);
    return wrapped;
  }
}
