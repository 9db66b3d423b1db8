/**
 * Running a green program, and Promise interop (N1, H15–H17).
 */
import { getHub, useHub } from '../hub/current.js';
import type { HubParent } from '../hub/hub.js';
import { AssertionError } from '../hub/errors.js';
import { blockingCaller, checkBody, Greenlet, runningGreenlet } from './greenlet.js';
import { SUSPEND, type Green, type GreenFunction } from './ops.js';

/** main: its end ends the program (H15) and settles run()'s Promise. */
class MainGreenlet<T> extends Greenlet implements HubParent {
  readonly promise: Promise<T>;
  private settle!: (ok: boolean, v: unknown) => void;

  constructor(fn: GreenFunction<any[], T>, args: unknown[]) {
    super(fn, args);
    this.name = fn.name || 'main';
    this.promise = new Promise<T>((resolve, reject) => {
      this.settle = (ok, v) => (ok ? resolve(v as T) : reject(v));
    });
  }

  override exit(value: unknown, error: unknown, failed: boolean): undefined {
    // H15: when main ends the program ends; the hub stops, other threads are abandoned.
    if (this.hub.parent === this) this.hub.parent = undefined;
    this.hub.halt();
    this.settle(!failed, failed ? error : value);
    return undefined;
  }

  throwIn(err: unknown): void {
    this.drive(true, err);
  }

  resume(): void {
    this.drive(false, undefined);
  }
}

/**
 * Runs `main(...args)` as the program's main green thread on the current hub and settles with its result.
 * Nothing else runs until main first blocks (H15); when main returns, every other green thread is abandoned
 * and the hub releases Node (D7). A hub that already ran a main is replaced by a fresh one.
 * @example
 * await run(function* main() {
 *   spawn(function* () { yield* sleep(0.1); console.log('child'); });
 *   yield* sleep(0.2);
 *   console.log('main done');
 * });
 */
export function run<A extends unknown[], T>(main: (...args: A) => Green<T> | T, ...args: A): Promise<T> {
  checkBody(main, 'run');
  let hub = getHub();
  if (hub.parent !== undefined) {
    throw new Error('run(): a main green thread is already running on this hub; start more threads with spawn()');
  }
  if (hub.halted) {
    useHub();
    hub = getHub();
  }
  const g = new MainGreenlet<T>(main as GreenFunction<any[], T>, args);
  hub.parent = g;
  hub.pump(() => g.drive(false, undefined));
  return g.promise;
}

function settleWaiter(g: Greenlet, isError: boolean, value: unknown, token: { live: boolean }): void {
  if (!token.live) return;
  if (isError) g.throw(value);
  else g.switch(value);
}

/**
 * Blocks the current green thread until `promise` settles: returns its value or raises its rejection. The
 * thread resumes through a 0-timer, like any other wake-up.
 * @example
 * const body = yield* awaitPromise(fetch(url).then((r) => r.text()));
 */
export function* awaitPromise<T>(promise: PromiseLike<T> | T): Green<T> {
  const self = blockingCaller('awaitPromise');
  const hub = self.hub;
  const token = { live: true };
  let pending = true;
  hub.externalWaits++;
  const done = (isError: boolean, value: unknown) => {
    if (!pending) return;
    pending = false;
    hub.externalWaits--;
    if (token.live && !hub.halted) hub.scheduleCallGlobal(0, settleWaiter, self, isError, value, token);
  };
  Promise.resolve(promise).then(
    (v) => done(false, v),
    (e) => done(true, e),
  );
  try {
    return (yield SUSPEND) as T;
  } finally {
    token.live = false;
    if (pending) {
      pending = false;
      hub.externalWaits--;
    }
  }
}

/**
 * H17: ends the hub's loop after its current iteration, discarding every timer; main then continues from its
 * blocking call. With `wait`, the caller also blocks until then (main is resumed; any other caller is
 * abandoned).
 * @example
 * spawn(function* () { yield* sleep(1); yield* abortHub(); }); // main resumes from the call it was blocked in
 */
export function* abortHub(wait = false): Green<void> {
  const hub = getHub();
  hub.abort();
  if (!wait) return;
  // H17: the loop is already stopping; a timer callback cannot wait for it, and eventlet asserts so.
  if (runningGreenlet() === undefined && hub.inLoop) throw new AssertionError("Can't abort with wait from inside the hub's greenlet.");
  blockingCaller('abortHub');
  hub.scheduleCallGlobal(0, () => {});
  yield SUSPEND;
}
