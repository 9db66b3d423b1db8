/**
 * trampoline (H20, eventlet/hubs/__init__.py `trampoline`): block the current green thread until a stream
 * reported readiness to the hub's listener registry (H19), or a timeout expires.
 *
 * Node has no poll() over descriptors: the code that owns a stream reports its Node events with
 * `hub.listeners.ready(key, 'read' | 'write' | 'error')`, and the hub dispatches them as the end of its wait
 * phase (N2, H6f). trampoline is the green half: it registers this thread's resume/throw as the listener
 * for `key`, switches to the hub, and on the way out — however it leaves — removes the listener and
 * cancels its timeout timer.
 */
import { AssertionError } from '../hub/errors.js';
import { READ, WRITE, type ListenerKey } from '../hub/listeners.js';
import { blockingCaller, type Greenlet } from './greenlet.js';
import { SUSPEND, type Green } from './ops.js';
import { Timeout } from './timeout.js';

export interface TrampolineOptions {
  /** Wait until `key` is reported readable (or in error). */
  read?: boolean;
  /** Wait until `key` is reported writable (or in error). */
  write?: boolean;
  /** Seconds to wait at most; undefined or null waits for ever. */
  timeout?: number | null;
  /**
   * What the timeout raises in the waiter: an error instance, or an error class (instantiated with no
   * arguments when the timeout fires). Defaults to the `Timeout` class, as eventlet's `timeout_exc=Timeout`: a
   * fresh, never-firing Timeout is raised.
   */
  timeoutExc?: unknown;
  /**
   * Called if `key` is found closed while this thread waits on it (`hub.listeners.markClosed`): the
   * stream's owner records that it is closed; the waiter then gets IOClosed (H20, H6a).
   */
  markAsClosed?: () => void;
}

/** The timeout's global timer callback: raise the timeout error in the waiter, if it still waits here. */
function fireTimeout(g: Greenlet, exc: unknown, token: { live: boolean }): void {
  if (!token.live) return;
  let err = exc;
  if (typeof exc === 'function') err = new (exc as new () => unknown)();
  g.throw(err);
}

/**
 * H20: suspends the current green thread until `key` (a descriptor number, or the stream object that
 * reports readiness for it) is ready to read or to write, as reported to `hub.listeners.ready()`. Returns the
 * key. With `timeout`, raises `timeoutExc` (default: a new `Timeout`) after that many seconds. Error or
 * hang-up readiness wakes the reader and the writer alike (H19); the caller then inspects its stream. If
 * the stream is closed under the waiter (`hub.listeners.markClosed(key)`), IOClosed is raised at the next
 * hub iteration (H6a).
 *
 * Errors: both `read` and `write` → AssertionError "not allowed to trampoline for reading and writing";
 * a second simultaneous reader (or writer) of the same key → the H19 error, unless
 * `hubPreventMultipleReaders(false)`; called from a timer or listener callback → H13's AssertionError.
 *
 * This is the building block of green IO (see io.ts); most programs use GreenStream / GreenSocket.
 * @example
 * const stream = new PassThrough();
 * stream.on('readable', () => getHub().listeners.ready(stream, 'read'));
 * function* reader(): Green<Buffer> {
 *   let chunk: Buffer | null;
 *   while ((chunk = stream.read()) === null) yield* trampoline(stream, { read: true, timeout: 5 });
 *   return chunk;
 * }
 */
export function* trampoline(key: ListenerKey, options: TrampolineOptions = {}): Green<ListenerKey> {
  const self = blockingCaller('trampoline'); // H13
  const { read = false, write = false, timeout = null, markAsClosed } = options;
  if (read && write) throw new AssertionError('not allowed to trampoline for reading and writing');
  if (!read && !write) {
    throw new TypeError('trampoline() needs { read: true } or { write: true }: say which readiness to wait for');
  }
  if (timeout !== null && (typeof timeout !== 'number' || Number.isNaN(timeout))) {
    throw new TypeError(`trampoline() timeout must be a number of seconds or null, got ${String(timeout)}`);
  }
  if (key === null || (typeof key !== 'number' && typeof key !== 'object')) {
    throw new TypeError(
      `trampoline() key must be a descriptor number or the stream object that reports readiness, got ${String(key)}`,
    );
  }
  const hub = self.hub;
  // The listener and the timer only act while this thread is still inside this call (G4's guard): a
  // callback collected before the thread left (H19 collects, then calls) must not resume it elsewhere.
  const token = { live: true };
  const timer =
    timeout === null
      ? undefined
      : hub.scheduleCallGlobal(timeout, fireTimeout, self, options.timeoutExc ?? Timeout, token);
  try {
    const listener = hub.listeners.add(
      read ? READ : WRITE,
      key,
      (k) => {
        if (token.live) self.switch(k);
      },
      (err) => {
        if (token.live && !self.dead) self.throw(err);
      },
      markAsClosed,
    );
    try {
      return (yield SUSPEND) as ListenerKey;
    } finally {
      token.live = false;
      hub.listeners.remove(listener);
    }
  } finally {
    token.live = false;
    timer?.cancel();
  }
}
