/**
 * What a green thread yields to its driver (N1). User code never yields these itself: it delegates to a
 * blocking primitive with `yield*`, and the primitive yields one of them.
 */
import type { Greenlet } from './greenlet.js';

/**
 * "Switch to the hub": the thread stays suspended until something resumes it (G4).
 * @example
 * const self = blockingCaller('park');
 * const value = yield SUSPEND; // inside a primitive: resumed by self.switch(value) from hub context
 */
export const SUSPEND: unique symbol = Symbol('greenhub.suspend');

/** "Switch to `target`", resuming it with `value` or throwing `value` into it (G5). */
export class Switch {
  constructor(
    readonly target: Greenlet,
    readonly isThrow: boolean,
    readonly value: unknown,
  ) {}
}

export type Op = typeof SUSPEND | Switch;

/**
 * A blocking operation, or a green thread's body: a generator that yields Ops and returns T.
 * @example
 * function* worker(n: number): Green<number> {
 *   yield* sleep(0.1);
 *   return n * 2;
 * }
 */
export type Green<T = void> = Generator<Op, T, any>;

/** A green thread's entry point: a generator function (or a plain function, which runs to completion). */
export type GreenFunction<A extends unknown[] = any[], T = unknown> = (...args: A) => Green<T> | T;

/**
 * True for a blocking operation (a generator, or any iterator with `throw`), as opposed to a plain value.
 * @example
 * const out = isGreen(result) ? yield* result : result; // run a body that may or may not be a generator
 */
export function isGreen(x: unknown): x is Green<unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as Green<unknown>).next === 'function' &&
    typeof (x as Green<unknown>).throw === 'function'
  );
}

/**
 * Delegates to `result` when it is a blocking operation and returns it as it is otherwise, so that an API can
 * take plain and generator functions alike (guarded blocks, pool bodies, service methods, looping calls).
 * @example
 * const value = yield* maybeGreen(callback()); // callback may be `function*` or a plain function
 */
export function* maybeGreen<T>(result: Green<T> | T): Green<T> {
  return isGreen(result) ? ((yield* result) as T) : (result as T);
}
