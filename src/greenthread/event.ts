/**
 * Event: a one-shot result that any number of green threads can wait for (eventlet/event.py, E1–E5).
 */
import { AssertionError } from '../hub/errors.js';
import { getHub } from '../hub/current.js';
import { blockingCaller, type Greenlet } from './greenlet.js';
import { SUSPEND, type Green } from './ops.js';
import { GreenletExit, raisable } from './errors.js';

const NOT_USED: unique symbol = Symbol('greenhub.event.not-used');

/**
 * @example
 * const done = new Event<string>();
 * spawn(function* () { yield* sleep(1); done.send('ready'); });
 * const value = yield* done.wait(); // 'ready', one second later
 */
export class Event<T = unknown> {
  private result: T | undefined | typeof NOT_USED = NOT_USED;
  private exc: { error: unknown } | undefined = undefined;
  /**
   * D2: waiters wake in the order they started waiting (eventlet's set order is arbitrary). Made on the first
   * wait: most events (every GreenThread's exit event) are never waited on while pending.
   */
  private waiters: Set<Greenlet> | undefined = undefined;

  /**
   * Sent, with a result or an exception.
   * @example
   * if (!done.ready()) console.log('still waiting');
   */
  ready(): boolean {
    return this.result !== NOT_USED;
  }

  /**
   * E4: sent with an exception (sendException or send(_, exc)).
   * @example
   * if (done.hasException()) console.log('the sender reported a failure');
   */
  hasException(): boolean {
    return this.result !== NOT_USED && this.exc !== undefined;
  }

  /**
   * E4: ready without an exception.
   * @example
   * if (done.hasResult()) console.log('result:', done.poll());
   */
  hasResult(): boolean {
    return this.result !== NOT_USED && this.exc === undefined;
  }

  /**
   * E5: makes a sent event unsent again.
   * @example
   * done.send('first'); done.reset(); // can now send() again
   */
  reset(): void {
    if (this.result === NOT_USED) throw new AssertionError('Trying to re-reset() a fresh event.');
    this.result = NOT_USED;
    this.exc = undefined;
  }

  /**
   * E4: the result if sent (raising a sent exception), else `notready`. Never blocks.
   * @example
   * const value = done.poll('not yet'); // 'not yet' until someone calls send()
   */
  poll<N = undefined>(notready?: N): T | undefined | N {
    if (this.result === NOT_USED) return notready as N;
    // E4: an exception class is instantiated at each raise, as greenlet.throw does in eventlet's wait().
    if (this.exc !== undefined) throw raisable(this.exc.error, 'Event.sendException()');
    return this.result;
  }

  /**
   * E4: as poll(), but only when an exception was sent (which is then raised).
   * @example
   * done.pollException(); // throws the sent error, else returns undefined
   */
  pollException<N = undefined>(notready?: N): T | undefined | N {
    return this.hasException() ? this.poll(notready) : (notready as N);
  }

  /**
   * E4: as poll(), but only when a result was sent.
   * @example
   * const value = done.pollResult(null); // null unless a plain result was sent
   */
  pollResult<N = undefined>(notready?: N): T | undefined | N {
    return this.hasResult() ? this.poll(notready) : (notready as N);
  }

  /**
   * E3: waits for the event. If it is already sent, returns (or raises) at once without yielding. With a
   * timeout, gives up after that many seconds and returns undefined — no exception.
   * @example
   * const value = yield* done.wait(); // blocks this green thread until send()
   * const maybe = yield* done.wait(2); // undefined if nothing arrives within 2s
   */
  *wait(timeout?: number): Green<T | undefined> {
    if (this.result !== NOT_USED) return this.poll(); // E3: sent already: its outcome, without yielding
    const self = blockingCaller('wait', true);
    (this.waiters ??= new Set()).add(self);
    const timer =
      timeout === undefined || timeout === null ? undefined : self.hub.scheduleCallLocal(timeout, deliver, this, self, undefined, undefined);
    try {
      const value = (yield SUSPEND) as T | undefined;
      timer?.cancel();
      return value;
    } finally {
      this.waiters.delete(self);
    }
  }

  /**
   * E1: sends the result (or, with `exc`, an exception) and schedules one wake-up per waiter. Never yields.
   * @example
   * done.send('ready'); // every waiter wakes with 'ready'
   */
  send(result?: T, exc?: unknown): void {
    if (this.result !== NOT_USED) throw new AssertionError('Trying to re-send() an already-triggered event.');
    this.result = result;
    this.exc = exc === undefined ? undefined : { error: exc };
    if (this.waiters === undefined || this.waiters.size === 0) return;
    const hub = getHub();
    // The outcome travels with the timer, so a reset() before it fires does not change what waiters get.
    for (const waiter of this.waiters) hub.scheduleCallGlobal(0, deliver, this, waiter, result, this.exc);
  }

  /**
   * E4: `send(undefined, err)`: every wait raises err. With no argument, waits raise GreenletExit, which is
   * what eventlet's empty exception tuple makes `greenlet.throw()` raise.
   * @example
   * done.sendException(new Error('upstream failed')); // every wait() throws it
   */
  sendException(...err: [] | [unknown]): void {
    this.send(undefined, err.length === 0 ? GreenletExit : err[0]);
  }

  /** @internal */
  isWaiting(g: Greenlet): boolean {
    return this.waiters !== undefined && this.waiters.has(g);
  }
}

/** E2: resumes `waiter` with an outcome, only if it is still waiting on `event` (a timeout delivers none). */
function deliver(event: Event<unknown>, waiter: Greenlet, result: unknown, exc: { error: unknown } | undefined): void {
  if (!event.isWaiting(waiter)) return;
  if (exc !== undefined) waiter.throw(exc.error);
  else waiter.switch(result);
}
