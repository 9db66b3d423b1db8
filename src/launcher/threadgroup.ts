/**
 * ThreadGroup: a service's green threads and timers, to be stopped or waited for together
 * (oslo_service/threadgroup.py; O2–O8).
 *
 * Every operation that may block is a generator (`yield* tg.addThread(...)`, `yield* tg.stop()`): adding a
 * thread blocks while the group's pool is full (O2, P2), stopping kills threads one by one (O5, G9), waiting
 * waits. Timers are looping calls started at once and kept in `timers`.
 */
import { BaseException, ValueError } from '../hub/errors.js';
import { getHub } from '../hub/current.js';
import { GreenletExit } from '../greenthread/errors.js';
import { runningGreenlet } from '../greenthread/greenlet.js';
import type { GreenThread } from '../greenthread/greenthread.js';
import { GreenPool } from '../greenthread/greenpool.js';
import type { Green } from '../greenthread/ops.js';
import { sleep } from '../greenthread/spawn.js';
import { getLogger } from './log.js';
import { DynamicLoopingCall, FixedIntervalLoopingCall, type LoopingCallBase, type LoopingFunction } from './loopingcall.js';

const LOG = getLogger('oslo_service.threadgroup');

/**
 * O3: a green thread of a group. Its `ident` is the green thread's id; `stop()` kills it, `wait()` waits for
 * its result.
 * @example
 * const th = yield* tg.addThread(worker);
 * console.log(th.ident); // the green thread's id
 */
export class Thread<T = unknown> {
  readonly ident: number;
  constructor(
    readonly thread: GreenThread<T>,
    readonly group: ThreadGroup,
    link = true,
  ) {
    // [A] Mitaka linked here; ThreadGroup.addThread passes link=false and links after appending (O2).
    if (link) thread.link(onThreadDone, group, this as Thread<unknown>);
    this.ident = thread.id;
  }

  /**
   * Kills the thread with GreenletExit (G9): the caller yields once, after the thread has reacted.
   * @example
   * yield* th.stop(); // th.wait() now raises GreenletExit
   */
  *stop(): Green<void> {
    yield* this.thread.kill();
  }

  /**
   * The thread's result, or its error raised here (GreenletExit if it was killed).
   * @example
   * const result = yield* th.wait();
   */
  *wait(): Green<T> {
    return yield* this.thread.wait();
  }

  /**
   * Runs `fn(gt, ...args)` when the thread finishes (G8).
   * @example
   * th.link((gt, name: string) => console.log(name, 'done'), 'worker');
   */
  link<A extends unknown[]>(fn: (gt: GreenThread<T>, ...args: A) => void, ...args: A): void {
    this.thread.link(fn, ...args);
  }

  /**
   * Keeps the thread from ever starting if it has not started yet (G12); `exc` is what its wait() raises.
   * @example
   * yield* th.cancel(); // no effect once the thread has started
   */
  *cancel(exc?: unknown): Green<void> {
    yield* this.thread.cancel(exc);
  }
}

/** O3: the link every group thread carries: it leaves the group however it ends. */
function onThreadDone(_gt: GreenThread<unknown>, group: ThreadGroup, thread: Thread<unknown>): void {
  group.threadDone(thread);
}

/** Options of `addTimerArgs` (Python keyword arguments). */
export interface TimerOptions {
  /** Seconds before the first call; none (or 0) calls at once. */
  initialDelay?: number | null;
  /** false: log each failure and keep going (O10); default true: the first failure ends the timer. */
  stopOnException?: boolean;
}

/** Options of `addDynamicTimerArgs`. */
export interface DynamicTimerOptions extends TimerOptions {
  /** Longest sleep between calls, also used when the callback returns nothing (O14). */
  periodicIntervalMax?: number | null;
}

/**
 * O2: a pool-bounded group of green threads plus a list of timers.
 * @example
 * const tg = new ThreadGroup();
 * yield* tg.addThread(function* serve() { for (;;) yield* handleOne(); });
 * tg.addTimer(10, reportState);
 * // on shutdown:
 * yield* tg.stop();   // timers stopped, threads killed
 * yield* tg.wait();
 */
export class ThreadGroup {
  readonly pool: GreenPool;
  threads: Thread<unknown>[] = [];
  timers: LoopingCallBase<any>[] = [];

  constructor(threadPoolSize = 10) {
    this.pool = new GreenPool(threadPoolSize);
  }

  /**
   * O6: a timer that calls `callback(...args)` every `interval` seconds (start to start), after
   * `initialDelay` if given. As in oslo, the first extra positional argument is the initial delay **[!]**;
   * pass callback arguments with addTimerArgs.
   * @example
   * tg.addTimer(60, reportState, 5); // first report after 5 s, then every minute
   */
  addTimer<A extends unknown[]>(
    interval: number,
    callback: LoopingFunction<A>,
    initialDelay: number | null = null,
    ...args: A
  ): FixedIntervalLoopingCall<A> {
    return this.addTimerArgs(interval, callback, args, { initialDelay });
  }

  /**
   * O6: a FixedIntervalLoopingCall of `callback(...args)`, started at once and kept in `timers`.
   * @example
   * tg.addTimerArgs(1, poll, [queueName], { initialDelay: 0.5, stopOnException: false });
   */
  addTimerArgs<A extends unknown[]>(
    interval: number,
    callback: LoopingFunction<A>,
    args: A = [] as unknown as A,
    options: TimerOptions = {},
  ): FixedIntervalLoopingCall<A> {
    const pulse = new FixedIntervalLoopingCall(callback, ...(args ?? ([] as unknown as A)));
    pulse.start(interval, { initialDelay: options.initialDelay ?? null, stopOnException: options.stopOnException ?? true });
    this.timers.push(pulse);
    return pulse;
  }

  /**
   * O6: a timer whose callback returns how long to sleep before the next call (a DynamicLoopingCall).
   * Extra positional arguments after `periodicIntervalMax` go to the callback (oslo deprecates this form).
   * @example
   * tg.addDynamicTimer(runPeriodicTasks, null, 60);
   */
  addDynamicTimer<A extends unknown[]>(
    callback: LoopingFunction<A>,
    initialDelay: number | null = null,
    periodicIntervalMax: number | null = null,
    ...args: A
  ): DynamicLoopingCall<A> {
    return this.addDynamicTimerArgs(callback, args, { initialDelay, periodicIntervalMax });
  }

  /**
   * O6: a DynamicLoopingCall of `callback(...args)`, started at once and kept in `timers`.
   * @example
   * tg.addDynamicTimerArgs(tasks.run, [ctx], { periodicIntervalMax: 60, stopOnException: false });
   */
  addDynamicTimerArgs<A extends unknown[]>(
    callback: LoopingFunction<A>,
    args: A = [] as unknown as A,
    options: DynamicTimerOptions = {},
  ): DynamicLoopingCall<A> {
    const timer = new DynamicLoopingCall(callback, ...(args ?? ([] as unknown as A)));
    timer.start({
      initialDelay: options.initialDelay ?? null,
      periodicIntervalMax: options.periodicIntervalMax ?? null,
      stopOnException: options.stopOnException ?? true,
    });
    this.timers.push(timer);
    return timer;
  }

  /**
   * O2: runs `callback(...args)` in a new green thread of the group's pool. Blocks while the pool is full;
   * then returns before the thread has run. The thread leaves `threads` by itself when it ends.
   * @example
   * const th = yield* tg.addThread(function* (name: string) { yield* sleep(1); return name; }, 'a');
   * yield* th.wait(); // 'a'
   */
  *addThread<A extends unknown[], T>(callback: (...args: A) => Green<T> | T, ...args: A): Green<Thread<T>> {
    const gt = yield* this.pool.spawn(callback, ...args);
    const th = new Thread<T>(gt, this, false);
    this.threads.push(th as Thread<unknown>);
    // O2: linked after appending, so a thread that already finished inline (P2) is removed, not left behind.
    gt.link(onThreadDone, this, th as Thread<unknown>);
    return th;
  }

  /** O3: removes a finished thread; called by the thread's link, not by users. */
  threadDone(thread: Thread<unknown>): void {
    const i = this.threads.indexOf(thread);
    if (i < 0) throw new ValueError('list.remove(x): x not in list');
    this.threads.splice(i, 1);
  }

  /**
   * O6: removes a timer from the group (it is not stopped).
   * @example
   * const pulse = tg.addTimer(5, poll);
   * pulse.stop(); tg.timerDone(pulse); // stopped and forgotten by the group
   */
  timerDone(timer: LoopingCallBase<any>): void {
    const i = this.timers.indexOf(timer);
    if (i < 0) throw new ValueError('list.remove(x): x not in list');
    this.timers.splice(i, 1);
  }

  /**
   * O4: `action` on a copy of the threads, skipping the calling green thread; GreenletExit means the thread
   * was killed, which is fine; any other error is logged at ERROR with `message`.
   */
  private *performActionOnThreads(action: (t: Thread<unknown>) => Green<unknown>, message: string): Green<void> {
    const current = runningGreenlet();
    for (const x of [...this.threads]) {
      if (current !== undefined && x.ident === current.id) continue;
      try {
        yield* action(x);
      } catch (err) {
        if (err instanceof GreenletExit) continue;
        if (err instanceof BaseException) throw err;
        LOG.exception(err, message);
      }
    }
  }

  private *stopThreads(): Green<void> {
    yield* this.performActionOnThreads((x) => x.stop(), 'Error stopping thread.');
  }

  /**
   * O6: stops every timer (a call in progress is not interrupted) and empties `timers`; with `wait`, first
   * waits for each of them to finish.
   * @example
   * yield* tg.stopTimers(true);
   */
  *stopTimers(wait = false): Green<void> {
    for (const timer of this.timers) timer.stop();
    if (wait) yield* this.waitTimers();
    this.timers = [];
  }

  /**
   * O5: stops the timers, then kills every thread except the caller's (each kill complete before the next);
   * with `graceful`, waits for the timers and the threads instead of killing.
   * @example
   * yield* tg.stop();        // kill now
   * yield* tg.stop(true);    // let everything finish
   */
  *stop(graceful = false): Green<void> {
    yield* this.stopTimers(graceful);
    if (graceful) yield* this.waitThreads();
    else yield* this.stopThreads();
  }

  private *waitTimers(): Green<void> {
    for (const x of this.timers) {
      try {
        yield* x.wait();
      } catch (err) {
        if (err instanceof GreenletExit) continue;
        if (err instanceof BaseException) throw err;
        LOG.exception(err, 'Error waiting on timer.');
      }
    }
  }

  private *waitThreads(): Green<void> {
    yield* this.performActionOnThreads((x) => x.wait(), 'Error waiting on thread.');
  }

  /**
   * O7: waits for the timers, then for each thread; errors are logged ("Error waiting on thread."), never
   * raised. Blocks forever while timers run: stop them first.
   * @example
   * yield* tg.stopTimers();
   * yield* tg.wait();
   */
  *wait(): Green<void> {
    yield* this.waitTimers();
    yield* this.waitThreads();
  }

  private anyThreadsAlive(): boolean {
    const current = runningGreenlet();
    for (const x of [...this.threads]) {
      if (current !== undefined && x.ident === current.id) continue;
      if (!x.thread.dead) return true;
    }
    return false;
  }

  /**
   * O8 (deprecated upstream): keeps unstarted threads from starting (their wait() raises `exc`, GreenletExit by
   * default). With `timeout`, then checks every `waitTime` seconds until no other thread is alive; past the
   * timeout logs DEBUG "Cancel timeout reached, stopping threads." and stops the group.
   * @example
   * yield* tg.cancel(undefined, { timeout: 5, waitTime: 0.5 });
   */
  *cancel(exc?: unknown, options: { timeout?: number | null; waitTime?: number } = {}): Green<void> {
    warnCancelDeprecated();
    yield* this.performActionOnThreads((x) => x.cancel(exc), 'Error canceling thread.');
    const timeout = options.timeout ?? null;
    if (timeout === null) return;
    const waitTime = options.waitTime ?? 1;
    const hub = getHub();
    const started = hub.clock();
    while (this.anyThreadsAlive()) {
      if (hub.clock() - started <= timeout) {
        yield* sleep(waitTime);
        continue;
      }
      LOG.debug('Cancel timeout reached, stopping threads.');
      yield* this.stop();
    }
  }
}

let cancelWarned = false;

/** O8: oslo warns through debtcollector that cancel() is deprecated; Node's way is one warning per process. */
function warnCancelDeprecated(): void {
  if (cancelWarned) return;
  cancelWarned = true;
  process.emitWarning(
    "Using function/method 'ThreadGroup.cancel()' is deprecated and will be removed in a future version",
    { type: 'DeprecationWarning', code: 'GREENHUB_THREADGROUP_CANCEL' },
  );
}
