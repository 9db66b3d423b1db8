/**
 * Exception classes the hub itself knows about.
 *
 * Python separates `BaseException` (things that end a program: SystemExit, KeyboardInterrupt, eventlet's
 * Timeout) from `Exception` (errors a program handles). JavaScript has one `Error` tree, so greenhub marks
 * the program-ending kind with the `BaseException` class: code can test `err instanceof BaseException`
 * and rethrow, which is what Python's `except Exception:` does implicitly.
 */

/**
 * Root of the errors that Python would not catch with `except Exception:`.
 * @example
 * try { yield* step(); } catch (e) { if (e instanceof BaseException) throw e; LOG.exception(e, 'step failed'); }
 */
export class BaseException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Ends the program (Python's `SystemExit`). Escaping a timer callback or a green thread it stops the hub
 * and is raised in main at its current suspension point (H9, H16).
 * @example
 * throw new SystemExit(1); // from any green thread or timer: main's blocking call raises it (H16)
 */
export class SystemExit extends BaseException {
  readonly code: number | string | null;
  constructor(code: number | string | null = null, message?: string) {
    super(message ?? (code === null ? '' : String(code)));
    this.code = code;
  }
}

/**
 * Python's `KeyboardInterrupt`; propagates out of the hub like SystemExit (H9).
 * @example
 * process.on('SIGINT', () => getHub().scheduleCallGlobal(0, () => { throw new KeyboardInterrupt(); }));
 */
export class KeyboardInterrupt extends BaseException {}

/**
 * Thrown into main by a virtual-time hub when main is blocked and nothing is scheduled or awaited:
 * no timer can ever fire again, so the program could only hang.
 * @example
 * useHub(new VirtualHub());
 * await run(function* () { yield* new Event().wait(); }); // rejects with Deadlock: nothing can send it
 */
export class Deadlock extends BaseException {
  constructor(message = 'main is blocked and nothing is scheduled: the program can never continue') {
    super(message);
  }
}

/**
 * The exceptions that escape the hub's loop instead of being printed (H9).
 * @example
 * if (isSystemException(err)) throw err; // let SystemExit & co. end the program
 */
export function isSystemException(err: unknown): boolean {
  return err instanceof SystemExit || err instanceof KeyboardInterrupt || err instanceof Deadlock;
}

/**
 * Python's ValueError: a value of the right type that is out of range ("Semaphore released too many times",
 * "Number of workers should be positive!"). It extends RangeError, so code that only knows JavaScript's
 * classes can catch it as one. One class for every layer, so `instanceof ValueError` always works.
 * @example
 * if (workers < 1) throw new ValueError('Number of workers should be positive!');
 */
export class ValueError extends RangeError {
  constructor(message = '') {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Python's AttributeError: an attribute read on an object that has none (oslo's `wait()` on a looping call
 * never started reads `None.wait`). It extends TypeError, which is what JavaScript raises for the same mistake.
 * @example
 * throw new AttributeError("'NoneType' object has no attribute 'wait'");
 */
export class AttributeError extends TypeError {
  constructor(message = '') {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Python's KeyError: a lookup of a key that is not there. Its message is the key's repr, as Python prints it.
 * @example
 * throw new KeyError('extra'); // KeyError: 'extra'
 */
export class KeyError extends Error {
  constructor(key: string) {
    super(`'${key}'`);
    this.name = new.target.name;
  }
}

/**
 * Python's RuntimeError (a looping call started twice, a dynamic call without an interval, ...).
 * @example
 * if (this.running) throw new RuntimeError('A looping call can only run one function at a time');
 */
export class RuntimeError extends Error {
  constructor(message = '') {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Python's AssertionError; H13 and other eventlet assertions raise it.
 * @example
 * try { yield* event.wait(); } catch (e) { if (e instanceof AssertionError) console.log(e.message); else throw e; }
 */
export class AssertionError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/**
 * Where an error escaping a green thread came from ("in green thread worker#3, spawned at ..."); the
 * greenthread layer attaches it before handing the error to the hub, which prints it beside the JS stack.
 * @example
 * (err as { [GREEN_CONTEXT]?: string })[GREEN_CONTEXT] = `in green thread ${g.label}`;
 */
export const GREEN_CONTEXT: unique symbol = Symbol.for('greenhub.greenContext');

/**
 * The green-thread context attached to `err`, if any.
 * @example
 * const where = greenContext(err); // 'in green thread worker#3, spawned at ...' or undefined
 */
export function greenContext(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const ctx = (err as { [GREEN_CONTEXT]?: unknown })[GREEN_CONTEXT];
  return typeof ctx === 'string' ? ctx : undefined;
}

const PY_CONTEXT: unique symbol = Symbol.for('greenhub.pyContext');

/**
 * Records that `err` was raised while `during` was being handled (Python's implicit `__context__`), for the
 * traceback printers; eventlet's own code does this where it runs user code inside an `except:` block (a
 * link of a failed thread, G8). Does nothing if `err` already has a cause or a context, or is `during`.
 * @example
 * try { step(); } catch (first) { try { cleanup(); } catch (second) { setContext(second, first); throw second; } }
 */
export function setContext(err: unknown, during: unknown): void {
  if (err === during || err === null || typeof err !== 'object' || !Object.isExtensible(err)) return;
  if ((err as Error).cause !== undefined || Object.hasOwn(err, PY_CONTEXT)) return;
  Object.defineProperty(err, PY_CONTEXT, { value: during, enumerable: false, configurable: true });
}

/** How one exception of a chain leads to the next, as Python's traceback module words it. */
export const CHAIN_CAUSE = 'The above exception was the direct cause of the following exception:';
export const CHAIN_CONTEXT = 'During handling of the above exception, another exception occurred:';

/**
 * The exceptions a traceback prints for `err`, oldest first, each with the line that leads to the next one:
 * an Error `cause` (Python's `raise ... from`) or a context recorded by setContext, as Python prints
 * `__cause__` and `__context__`.
 * @example
 * for (const { err, then } of exceptionChain(e)) { print(err); if (then) print(then); }
 */
export function exceptionChain(err: unknown): { err: unknown; then: string | undefined }[] {
  const out: { err: unknown; then: string | undefined }[] = [{ err, then: undefined }];
  const seen = new Set<unknown>([err]);
  for (let e = err; e !== null && typeof e === 'object'; ) {
    const cause = (e as Error).cause;
    const ctx = (e as { [PY_CONTEXT]?: unknown })[PY_CONTEXT];
    const [next, then] = cause instanceof Error ? [cause, CHAIN_CAUSE] : [ctx, CHAIN_CONTEXT];
    if (next === undefined || next === null || seen.has(next)) break;
    seen.add(next);
    out.unshift({ err: next, then });
    e = next;
  }
  return out;
}
