/** Errors of the green-thread layer. */
import { BaseException } from '../hub/errors.js';

/**
 * Raised in a green thread to kill it (G9–G11). Escaping a thread it is a normal, silent exit (G7); `wait()`
 * on a killed thread raises it. Like Python's, it is a BaseException: `catch` blocks that handle ordinary
 * errors should rethrow it.
 * @example
 * try { yield* sleep(10); } catch (e) { if (e instanceof GreenletExit) console.log('killed'); throw e; }
 */
export class GreenletExit extends BaseException {}

/**
 * @internal What `greenlet.throw(exc)` raises: an exception class is instantiated with no arguments (as
 * Python's `throw(Cls)` does), anything else is raised as it is. `who` names the operation in the error for a
 * function that is not a class.
 */
export function raisable(exc: unknown, who: string): unknown {
  if (typeof exc !== 'function') return exc;
  try {
    return new (exc as new () => unknown)();
  } catch (err) {
    if (err instanceof TypeError && exc.prototype === undefined) {
      throw new TypeError(`${who}: ${exc.name || 'the function'} is not an exception class; pass an exception instance or class`);
    }
    throw err;
  }
}
