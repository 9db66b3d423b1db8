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
