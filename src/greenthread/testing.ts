/**
 * Test helpers: does a block of green code reach a switch point? (in the spirit of trio's
 * `assert_checkpoints` / `assert_no_checkpoints`).
 *
 * A switch point is any place where the running green thread gives up control: it suspends to the hub
 * (sleep, a wait, a trampoline, a blocking acquire...) or switches straight to another thread (N1, G5). In
 * greenhub every such place is a yielded operation, so the helpers run the block themselves, pass each
 * operation on unchanged, and count them. The block behaves exactly as it would without the helper.
 */
import { AssertionError } from '../hub/errors.js';
import { isGreen, type Green, type Op } from './ops.js';

/** A green block: a generator function (called with no arguments) or a generator object. */
export type GreenBlock<T> = (() => Green<T>) | Green<T>;


function open<T>(block: GreenBlock<T>, who: string): Green<T> {
  const gen = typeof block === 'function' ? block() : block;
  if (!isGreen(gen)) {
    throw new TypeError(
      `${who}() needs a generator function (function* () { ... }) or a generator object, got ` +
        `${typeof block === 'function' ? 'a function that did not return a generator' : typeof block}`,
    );
  }
  return gen as Green<T>;
}

/**
 * Delegates to `gen`, passing every operation on unchanged (and every value or error sent back), and counts
 * the operations in `counter.n` as they happen, so the count is known even if the block raises.
 */
function* counted<T>(gen: Green<T>, counter: { n: number }): Green<T> {
  let isThrow = false;
  let input: unknown = undefined;
  let finished = false;
  try {
    for (;;) {
      const step = isThrow ? gen.throw(input) : gen.next(input);
      if (step.done) {
        finished = true;
        return step.value;
      }
      counter.n++;
      try {
        input = yield step.value;
        isThrow = false;
      } catch (err) {
        // Whatever is raised at the switch point (kill, Timeout, IOClosed) is raised in the block there.
        input = err;
        isThrow = true;
      }
    }
  } catch (err) {
    finished = true;
    throw err;
  } finally {
    // Only if this helper itself was abandoned mid-block (its generator closed): close the block too.
    if (!finished) gen.return(undefined as T);
  }
}

/** Result of `countCheckpoints`. */
export interface Counted<T> {
  /** What the block returned. */
  value: T;
  /** How many times it switched away (suspended or switched to another thread). */
  checkpoints: number;
}

/**
 * Runs `block` in the current green thread and returns its result with the number of switch points it
 * reached. The block's own exceptions propagate unchanged.
 * @example
 * const { value, checkpoints } = yield* countCheckpoints(function* () { return yield* q.get(); });
 * assert.equal(checkpoints, 0); // the item was already there: no switch
 */
export function* countCheckpoints<T>(block: GreenBlock<T>): Green<Counted<T>> {
  const counter = { n: 0 };
  const value = yield* counted(open(block, 'countCheckpoints'), counter);
  return { value, checkpoints: counter.n };
}

/**
 * Runs `block` and raises AssertionError if it finished without reaching a switch point (it never
 * suspended nor switched to another thread). Returns the block's result. If the block raises, that error
 * propagates and nothing is asserted (trio's rule).
 * @example
 * yield* assertCheckpoints(function* () { yield* sleep(0); });                 // passes
 * yield* assertCheckpoints(function* () { yield* sem.acquire({ blocking: false }); }); // AssertionError
 */
export function* assertCheckpoints<T>(block: GreenBlock<T>): Green<T> {
  const counter = { n: 0 };
  const value = yield* counted(open(block, 'assertCheckpoints'), counter);
  if (counter.n === 0) {
    throw new AssertionError('assertCheckpoints: the block never reached a switch point (it did not suspend or switch)');
  }
  return value;
}

/**
 * Runs `block` and raises AssertionError if it reached a switch point (it suspended or switched to another
 * thread), even when the block itself raised: the AssertionError then replaces that error, which is kept as
 * its `cause` (trio's rule). Returns the block's result.
 * @example
 * yield* assertNoCheckpoints(function* () { ev.send(1); });       // passes: send never yields (E1)
 * yield* assertNoCheckpoints(function* () { yield* sleep(0); });  // AssertionError
 */
export function* assertNoCheckpoints<T>(block: GreenBlock<T>): Green<T> {
  const counter = { n: 0 };
  let value: T;
  try {
    value = yield* counted(open(block, 'assertNoCheckpoints'), counter);
  } catch (err) {
    if (counter.n > 0) throw noCheckpointsFailure(counter.n, err);
    throw err;
  }
  if (counter.n > 0) throw noCheckpointsFailure(counter.n, undefined);
  return value;
}

function noCheckpointsFailure(count: number, cause: unknown): AssertionError {
  const err = new AssertionError(
    `assertNoCheckpoints: the block reached ${count} switch point${count === 1 ? '' : 's'} (it suspended or switched)`,
  );
  if (cause !== undefined) (err as Error & { cause?: unknown }).cause = cause;
  return err;
}
