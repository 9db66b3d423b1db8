/**
 * GreenThread: a green thread with a result (eventlet/greenthread.py `GreenThread`, G6–G8, G10).
 */
import type { BaseHub } from '../hub/hub.js';
import { getHub } from '../hub/current.js';
import { activeTracer } from '../hub/trace.js';
import { GreenletExit } from './errors.js';
import { setContext } from '../hub/errors.js';
import { Event } from './event.js';
import { getcurrent, Greenlet } from './greenlet.js';
import { isGreen, type Green, type GreenFunction } from './ops.js';
import { pyEquals } from './pyvalues.js';
import { cancel, kill } from './kill.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LinkFn = (gt: GreenThread<any>, ...args: any[]) => unknown;
type Link = { fn: LinkFn; args: unknown[] };

/** G8: the rest of a dying thread's links, from the first that blocks; each blocking link is run to its end. */
function* runLinks(gt: GreenThread<any>, first: Green<unknown>): Green<void> {
  for (let link: Green<unknown> | undefined = first; link !== undefined; link = gt.continueLinks()) yield* link;
}

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
   * available to `wait()`. A generator function may block there (`yield* sleep(1)`): the thread is not dead
   * until its links are done. On a finished thread, calls it at once, here (it cannot block then).
   * @example
   * gt.link((dead, tag: string) => console.log(tag, 'finished'), 'worker-1');
   */
  link<A extends unknown[]>(fn: (gt: GreenThread<any>, ...args: A) => unknown, ...args: A): void {
    (this.links ??= []).push({ fn, args });
    if (activeTracer !== undefined) {
      const by = getcurrent();
      const [tid, who] = by instanceof Greenlet ? [by.id, by.label] : [0, 'hub'];
      activeTracer.record('link', tid, who, this.label, { fn: fn.name || 'anonymous' });
    }
    if (this.finished) this.linksNow('this thread has finished, so it would run in the caller of link()');
  }

  /**
   * G8: removes the first link with this function and arguments equal to these (Python's `==`: equal arrays
   * and plain objects match, not only the same ones).
   * @example
   * const removed = gt.unlink(onDone); // true if onDone was still linked
   */
  unlink(fn: LinkFn, ...args: unknown[]): boolean {
    if (this.links === undefined) return false;
    const i = this.links.findIndex((l) => l.fn === fn && pyEquals(l.args, args));
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

  /**
   * G8: runs the pending links in order, here. A link that blocks (returns a generator) is handed back, the links
   * after it still queued, for the dying thread to run (`runLinks`); RESOLVING_LINKS stays set meanwhile, so a
   * link() made then only queues, as in eventlet. A link that throws stops the rest (they stay queued).
   */
  private resolveLinks(): Green<unknown> | undefined {
    if ((this.flags & RESOLVING_LINKS) !== 0 || this.links === undefined) return undefined;
    this.flags |= RESOLVING_LINKS;
    return this.continueLinks();
  }

  /** @internal resolveLinks' loop; `runLinks` calls it again after each blocking link. */
  continueLinks(): Green<unknown> | undefined {
    let blocking: Green<unknown> | undefined;
    try {
      const links = this.links!;
      while (links.length > 0) {
        const { fn, args } = links.shift()!;
        const out = fn(this, ...args);
        if (isGreen(out)) {
          blocking = out;
          return out;
        }
      }
      return undefined;
    } catch (err) {
      throw this.linkError(err);
    } finally {
      if (blocking === undefined) this.flags &= ~RESOLVING_LINKS;
    }
  }

  /**
   * A link of a thread that failed raises inside eventlet's `except:` block, so Python prints the thread's
   * error as the link error's context ("During handling of the above exception, ...").
   */
  private linkError(err: unknown): unknown {
    if ((this.flags & FAILED) !== 0) setContext(err, this.result);
    return err;
  }

  /**
   * Links run where no thread can block (the caller of link(), a killer, an inline spawn): a generator link is
   * stepped here, and one that would block is stopped and refused with a TypeError.
   */
  private linksNow(where: string): void {
    for (let link = this.resolveLinks(); link !== undefined; link = this.continueLinks()) {
      let step: IteratorResult<unknown, unknown>;
      try {
        step = link.next();
      } catch (err) {
        this.flags &= ~RESOLVING_LINKS;
        throw this.linkError(err);
      }
      if (!step.done) {
        this.flags &= ~RESOLVING_LINKS;
        link.return?.(undefined); // its finally blocks cancel what it armed (a sleep's timer)
        throw new TypeError(
          `a link of ${this.label} blocked; ${where}, which cannot block. Only the dying thread itself runs ` +
            'blocking links: link before the thread ends, or spawn the blocking work',
        );
      }
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

  /**
   * @internal G6: result to the exit Event, then links; a failure other than GreenletExit goes on to the hub.
   * Blocking links run in this thread before it dies (G8); exit is called again when they end, or when one
   * raises, which then goes to the hub in place of the thread's own error, as in eventlet.
   */
  override exit(value: unknown, error: unknown, failed: boolean): Green<unknown> | undefined {
    if (this.finished) {
      this.flags &= ~RESOLVING_LINKS;
      if (failed) return super.exit(undefined, this.linkError(error), true);
      return super.exit(undefined, this.result, (this.flags & FAILED) !== 0);
    }
    this.settle(failed, failed ? error : value);
    const blocking = this.resolveLinks();
    if (blocking !== undefined) return runLinks(this, blocking);
    return super.exit(value, error, failed);
  }

  /**
   * @internal P2's inline spawn: the body already ran in the caller; deliver its outcome to `wait()` and the
   * links, here. The thread itself never runs: like eventlet's, it is neither started nor dead.
   */
  completeInline(failed: boolean, value: unknown): void {
    this.settle(failed, value);
    this.linksNow('they run in the pool member that spawned it inline');
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
        this.linksNow('they run in the killer, inside kill()');
      } catch (err) {
        // Discarded, as eventlet's kill discards what main raised; a blocking link is our limit, so say so.
        if (err instanceof TypeError && / blocked; /.test(err.message)) this.hub.reportError(err);
      }
    }
    super.killUnstarted(exc);
  }
}

export { GreenletExit };
