/**
 * GreenThread: a green thread with a result (eventlet/greenthread.py `GreenThread`, G6–G8, G10).
 */
import type { BaseHub } from '../hub/hub.js';
import { getHub } from '../hub/current.js';
import { activeTracer } from '../hub/trace.js';
import { GreenletExit } from './errors.js';
import { Event } from './event.js';
import { getcurrent, Greenlet } from './greenlet.js';
import type { Green, GreenFunction } from './ops.js';
import { cancel, kill } from './kill.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LinkFn = (gt: GreenThread<any>, ...args: any[]) => void;
type Link = { fn: LinkFn; args: unknown[] };

/** G6's thenable: one Promise per awaited thread, kept beside it rather than in a field of every thread. */
const settledOf = new WeakMap<GreenThread<any>, Promise<any>>();

// Bits of GreenThread.flags: one field instead of three booleans, since every live thread carries them.
const FINISHED = 1;
const FAILED = 2;
const RESOLVING_LINKS = 4;

/**
 * What `spawn` returns. Its result (or error) comes out of `wait()`; it is also a thenable, so async code
 * can `await` it.
 * @example
 * const gt = spawn(function* () { yield* sleep(0.1); return 42; });
 * const answer = yield* gt.wait(); // 42
 */
export class GreenThread<T = unknown> extends Greenlet implements PromiseLike<T> {
  /** FINISHED once the thread has ended (FAILED: by an error), RESOLVING_LINKS while links run. */
  private flags = 0;
  /** How the thread ended, once FINISHED: its return value, or the error when FAILED. */
  private result: unknown = undefined;
  /**
   * G6: the exit Event, made only when someone waits while the thread runs; a thread nobody waits on never
   * pays for one. Its send is the exit Event's send: waiters wake through 0-timers (E1).
   */
  private exitEvent: Event<T> | undefined = undefined;
  /** G8's FIFO; made on the first link (most threads never get one). */
  private links: Link[] | undefined = undefined;

  constructor(fn: GreenFunction<any[], T>, args: unknown[] = [], hub: BaseHub = getHub()) {
    super(fn, args, hub);
  }

  /**
   * G6: the thread's return value, or its error raised here; GreenletExit if it was killed. Returns without
   * yielding once the thread has finished.
   * @example
   * const result = yield* gt.wait(); // throws GreenletExit if gt was killed
   */
  *wait(): Green<T> {
    if (this.finished) {
      if ((this.flags & FAILED) !== 0) throw this.result;
      return this.result as T;
    }
    return (yield* (this.exitEvent ??= new Event<T>()).wait()) as T;
  }

  /**
   * G9: `kill(this, exc)`.
   * @example
   * yield* gt.kill(); // gt dies with GreenletExit before this returns
   */
  *kill(exc?: unknown): Green<void> {
    yield* kill(this, exc);
  }

  /**
   * G12: `cancel(this, exc)`.
   * @example
   * yield* gt.cancel(); // no-op if gt already started
   */
  *cancel(exc?: unknown): Green<void> {
    yield* cancel(this, exc);
  }

  /**
   * G8: calls `fn(this, ...args)` when the thread finishes, in the dying thread, after its result is
   * available to `wait()`. On a finished thread, calls it at once, here.
   * @example
   * gt.link((dead, tag: string) => console.log(tag, 'finished'), 'worker-1');
   */
  link<A extends unknown[]>(fn: (gt: GreenThread<any>, ...args: A) => void, ...args: A): void {
    (this.links ??= []).push({ fn, args });
    if (activeTracer !== undefined) {
      const by = getcurrent();
      const [tid, who] = by instanceof Greenlet ? [by.id, by.label] : [0, 'hub'];
      activeTracer.record('link', tid, who, this.label, { fn: fn.name || 'anonymous' });
    }
    if (this.finished) this.resolveLinks();
  }

  /**
   * G8: removes the first link with this function and these (===) arguments.
   * @example
   * const removed = gt.unlink(onDone); // true if onDone was still linked
   */
  unlink(fn: LinkFn, ...args: unknown[]): boolean {
    if (this.links === undefined) return false;
    const i = this.links.findIndex(
      (l) => l.fn === fn && l.args.length === args.length && l.args.every((a, k) => a === args[k]),
    );
    if (i < 0) return false;
    this.links.splice(i, 1);
    return true;
  }

  /** Whether the thread finished and how, without blocking. */
  get exitEventReady(): boolean {
    return this.finished;
  }

  private get finished(): boolean {
    return (this.flags & FINISHED) !== 0;
  }

  /**
   * Thenable (G6): async code outside the hub awaits the thread's result or error.
   * @example
   * const result = await gt; // from async code; green code uses yield* gt.wait()
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let settled = settledOf.get(this) as Promise<T> | undefined;
    if (settled === undefined) {
      settled = new Promise<T>((resolve, reject) => {
        this.link(() => {
          if ((this.flags & FAILED) !== 0) reject(this.result);
          else resolve(this.result as T);
        });
      });
      settledOf.set(this, settled);
    }
    return settled.then(onFulfilled, onRejected);
  }

  /** G8: runs pending links in order; a link that throws stops the rest (they stay queued). */
  private resolveLinks(): void {
    if ((this.flags & RESOLVING_LINKS) !== 0 || this.links === undefined) return;
    this.flags |= RESOLVING_LINKS;
    try {
      const links = this.links;
      while (links.length > 0) {
        const { fn, args } = links.shift()!;
        fn(this, ...args);
      }
    } finally {
      this.flags &= ~RESOLVING_LINKS;
    }
  }

  private settle(failed: boolean, value: unknown): void {
    this.flags |= failed ? FINISHED | FAILED : FINISHED;
    this.result = value;
    const ev = this.exitEvent;
    if (ev === undefined) return;
    if (failed) ev.sendException(value);
    else ev.send(value as T);
  }

  /** @internal G6: result to the exit Event, then links; a failure other than GreenletExit goes on to the hub. */
  override exit(value: unknown, error: unknown, failed: boolean): void {
    this.settle(failed, failed ? error : value);
    this.resolveLinks();
    super.exit(value, error, failed);
  }

  /**
   * @internal P2's inline spawn: the body already ran in the caller; deliver its outcome to `wait()` and the
   * links, here. The thread itself never runs: like eventlet's, it is neither started nor dead.
   */
  completeInline(failed: boolean, value: unknown): void {
    this.settle(failed, value);
    this.resolveLinks();
  }

  /**
   * @internal G10/D3: killed before it ran: `wait()` raises `exc`, links run now, in the killer, while the
   * thread is neither started nor dead. eventlet's kill runs the thread's main there and discards whatever it
   * raises, so a link that throws stops the links after it and is not reported.
   */
  override killUnstarted(exc: unknown): void {
    // An inline-spawned thread (P2) already has its outcome: eventlet's second send fails inside kill() and is
    // swallowed there, so only the thread's death remains.
    if (!this.finished) {
      this.settle(true, exc);
      try {
        this.resolveLinks();
      } catch {
        // Discarded, as eventlet's kill discards what main raised.
      }
    }
    super.killUnstarted(exc);
  }
}

export { GreenletExit };
