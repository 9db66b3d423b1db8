/**
 * GreenPool and GreenPile (eventlet/greenpool.py, P1–P6): a bounded set of green threads.
 *
 * Spawning into a full pool blocks, so `spawn`, `spawnN` and `waitall` are generators
 * (`const gt = yield* pool.spawn(fn, ...args)`). Results of `imap`/`starmap` and of a GreenPile come out of a
 * blocking `next()`: a plain JavaScript iterator cannot suspend a green thread, so instead of Python's
 * `for x in pile:` write `for (let r = yield* pile.next(); !r.done; r = yield* pile.next()) { ... }`, or
 * collect them all with `yield* pile.toArray()`.
 */
import { AssertionError, isSystemException } from '../hub/errors.js';
import { getHub } from '../hub/current.js';
import { GreenletExit } from './errors.js';
import { Event } from './event.js';
import { checkBody, runningGreenlet, type Greenlet } from './greenlet.js';
import { GreenThread } from './greenthread.js';
import { maybeGreen, type Green, type GreenFunction } from './ops.js';
import { LightQueue } from './queue.js';
import { pyIntSize, pyTypeName } from './pyvalues.js';
import { Semaphore } from './semaphore.js';
import { spawn, spawnN } from './spawn.js';



/**
 * A pool of at most `size` concurrently running green threads (P1–P5).
 * @example
 * const pool = new GreenPool(10);
 * for (const url of urls) yield* pool.spawn(fetchPage, url); // blocks while 10 are running
 * yield* pool.waitall();
 */
export class GreenPool {
  /** The limit; change it with `resize`. */
  size: number;
  /** P1: the slots. Its counter is `free()`. */
  readonly sem: Semaphore;
  /** P4: the member threads (GreenThreads from spawn, bare Greenlets from spawnN). */
  private readonly members = new Set<Greenlet>();
  /** P5: sent when the last member finishes; replaced when a member joins an idle pool. */
  private noCorosRunning = new Event<void>();
  private readonly spawnDoneLink = (gt: Greenlet): void => this.spawnDone(gt);

  /** P1: `size` slots (default 1000), read as Python's int() does (2.5 → 2); negative → ValueError. */
  constructor(size: number = 1000) {
    this.size = pyIntSize(size, 'GreenPool', 'size');
    this.sem = new Semaphore(this.size);
  }

  /**
   * P4: changes the limit. Running threads are never killed: after shrinking below `running()`, `free()` is
   * negative until enough of them finish. Like eventlet, any number is taken as it is (a negative size leaves
   * the pool full for good).
   * @example
   * pool.resize(2); // no new thread starts until fewer than 2 run
   */
  resize(newSize: number): void {
    if (typeof newSize !== 'number' || Number.isNaN(newSize)) {
      throw new TypeError(`unsupported operand type(s) for -: '${pyTypeName(newSize)}' and 'int'`);
    }
    this.sem.counter += newSize - this.size;
    this.size = newSize;
  }

  /**
   * P4: how many green threads of this pool are running (or waiting to start).
   * @example
   * console.log(`${pool.running()} of ${pool.size} busy`);
   */
  running(): number {
    return this.members.size;
  }

  /**
   * P4: slots left; zero or less means the next spawn blocks. Negative after shrinking.
   * @example
   * if (pool.free() > 0) yield* pool.spawn(worker); // would not block
   */
  free(): number {
    return this.sem.counter;
  }

  /**
   * P4: how many spawners are blocked, waiting for a slot.
   * @example
   * console.log(pool.waiting(), 'spawners blocked on a full pool');
   */
  waiting(): number {
    const balance = this.sem.balance;
    return balance < 0 ? -balance : 0;
  }

  /**
   * P2: runs `fn(...args)` in a new green thread of the pool and returns it; blocks (FIFO) while the pool is
   * full. Re-entrant: a member spawning into its own full pool runs `fn` inline, in itself, and gets back an
   * already finished GreenThread (an error of `fn` is raised right here).
   * @example
   * const gt = yield* pool.spawn(function* (n: number) { yield* sleep(1); return n * 2; }, 21);
   * console.log(yield* gt.wait()); // 42
   */
  *spawn<A extends unknown[], T>(fn: (...args: A) => Green<T> | T, ...args: A): Green<GreenThread<T>> {
    checkBody(fn, 'GreenPool.spawn');
    const current = runningGreenlet();
    if (this.sem.locked() && current !== undefined && this.members.has(current)) {
      return yield* runInline(fn as GreenFunction<any[], T>, args);
    }
    yield* this.sem.acquire();
    const gt = spawn(fn, ...args);
    this.join(gt);
    gt.link(this.spawnDoneLink);
    return gt;
  }

  /**
   * P3: like spawn, but a bare green thread (no result). An error escaping `fn` is printed here (unless
   * `hubExceptions(false)`) and does not reach the hub; SystemExit, KeyboardInterrupt and GreenletExit go on.
   * The slot is freed however `fn` ends.
   * @example
   * for (const job of jobs) yield* pool.spawnN(handle, job);
   */
  *spawnN<A extends unknown[]>(fn: (...args: A) => Green<unknown> | unknown, ...args: A): Green<void> {
    checkBody(fn, 'GreenPool.spawnN');
    const current = runningGreenlet();
    if (this.sem.locked() && current !== undefined && this.members.has(current)) {
      yield* spawnNBody(this, fn as GreenFunction, args, false);
      return;
    }
    yield* this.sem.acquire();
    const g = spawnN(spawnNBody, this, fn as GreenFunction, args, true);
    this.join(g);
  }

  /**
   * P5: blocks until every thread of the pool has finished; returns at once if none runs. Calling it from a
   * member would wait for itself: AssertionError.
   * @example
   * yield* pool.waitall();
   */
  *waitall(): Green<void> {
    const current = runningGreenlet();
    if (current !== undefined && this.members.has(current)) {
      throw new AssertionError(
        "Calling waitall() from within one of the GreenPool's greenthreads will never terminate.",
      );
    }
    if (this.running() > 0) yield* this.noCorosRunning.wait();
  }

  /**
   * P6: calls `fn(...args)` for each argument list of `iterable`, each in its own green thread, at most
   * `size` at a time; results come out of the returned GreenMap in input order. `fn` null yields the
   * argument lists themselves.
   * @example
   * const sums = pool.starmap(function* (a: number, b: number) { yield* sleep(0); return a + b; }, [[1, 2], [3, 4]]);
   * console.log(yield* sums.toArray()); // [3, 7]
   */
  starmap<A extends unknown[], T>(fn: ((...args: A) => Green<T> | T) | null, iterable: Iterable<A>): GreenMap<T> {
    const f = (fn ?? ((...a: A) => a)) as GreenFunction<any[], T>;
    if (iterable === null || iterable === undefined || typeof (iterable as Iterable<A>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`GreenPool.starmap() needs an iterable of argument lists, got ${String(iterable)}`);
    }
    // P6: the producer is a separate thread, so spawning can block without blocking our consumer; the map
    // runs on a pool of its own, of this pool's size (as eventlet does).
    const gi = new GreenMap<T>(this.size);
    spawnN(doMap, f, iterable, gi);
    return gi;
  }

  /**
   * P6: `fn(a[i], b[i], ...)` for i over the shortest of `iterables`, concurrently, results in input order.
   * @example
   * const lengths = pool.imap(function* (url: string) { return (yield* fetchPage(url)).length; }, urls);
   * for (let r = yield* lengths.next(); !r.done; r = yield* lengths.next()) console.log(r.value);
   */
  imap<T>(fn: ((...args: any[]) => Green<T> | T) | null, ...iterables: Iterable<unknown>[]): GreenMap<T> {
    for (const it of iterables) {
      if (it === null || it === undefined || typeof it[Symbol.iterator] !== 'function') {
        throw new TypeError(`GreenPool.imap() needs iterables after the function, got ${String(it)}`);
      }
    }
    return this.starmap(fn, zip(iterables));
  }

  /** A thread joins the pool; the first one of an idle pool arms a fresh "all done" Event (P5). */
  private join(g: Greenlet): void {
    if (this.members.size === 0) this.noCorosRunning = new Event<void>();
    this.members.add(g);
  }

  /** @internal P2/P3: a member finished: free its slot, and wake waitall() once the pool is idle (P5). */
  spawnDone(g: Greenlet | undefined): void {
    this.sem.release();
    if (g !== undefined) this.members.delete(g);
    if (this.sem.balance === this.size) this.noCorosRunning.send();
  }
}

/**
 * P2's re-entrant case: runs `fn` in the calling thread and wraps the outcome in a finished GreenThread;
 * an error is raised to the caller too.
 */
function* runInline<T>(fn: GreenFunction<any[], T>, args: unknown[]): Green<GreenThread<T>> {
  let value: T | undefined;
  let error: unknown;
  let failed = false;
  try {
    value = yield* maybeGreen(fn(...args));
  } catch (err) {
    error = err;
    failed = true;
  }
  // Like eventlet, a GreenThread that is never switched to: it gets the outcome, runs its links here, and
  // stays neither started nor dead.
  const gt = new GreenThread<T>(fn, args, getHub());
  gt.completeInline(failed, failed ? error : value);
  if (failed) throw error;
  return gt;
}

/** P3: the body of a pool's spawnN thread: prints what `fn` raises, and frees the slot in any case. */
function* spawnNBody(pool: GreenPool, fn: GreenFunction, args: unknown[], member: boolean): Green<void> {
  try {
    yield* maybeGreen(fn(...args));
  } catch (err) {
    // P3: these go on, except in a member running `fn` inline, where eventlet's `finally: return` drops them.
    if (isSystemException(err) || err instanceof GreenletExit) {
      if (member) throw err;
      return;
    }
    const hub = getHub();
    if (hub.debugExceptions) hub.reportError(err);
  } finally {
    if (member) pool.spawnDone(runningGreenlet());
  }
}

/** P6: the producer thread of starmap. */
function* doMap<T>(fn: GreenFunction<any[], T>, iterable: Iterable<unknown[]>, gi: GreenMap<T>): Green<void> {
  for (const args of iterable) yield* gi.spawn(fn, ...args);
  yield* gi.doneSpawning();
}

function* zip(iterables: Iterable<unknown>[]): Generator<unknown[], void, undefined> {
  if (iterables.length === 0) return;
  const its = iterables.map((it) => it[Symbol.iterator]());
  for (;;) {
    const row: unknown[] = [];
    for (const it of its) {
      const r = it.next();
      if (r.done) return;
      row.push(r.value);
    }
    yield row;
  }
}

/**
 * A bunch of tasks whose results are read back in the order they were spawned (eventlet's GreenPile).
 * Build it on an existing GreenPool to share its limit, or give it a size for a pool of its own. Read it
 * from the thread that spawns into it.
 * @example
 * const pile = new GreenPile<string>(5);
 * for (const host of hosts) yield* pile.spawn(ping, host);
 * const replies = yield* pile.toArray(); // in the order of hosts
 */
export class GreenPile<T = unknown> {
  readonly pool: GreenPool;
  /** Spawned threads, oldest first. */
  protected waiters: LightQueue<GreenThread<unknown>>;
  /** Results not yet read. */
  counter = 0;

  constructor(sizeOrPool: number | GreenPool = 1000) {
    this.pool = sizeOrPool instanceof GreenPool ? sizeOrPool : new GreenPool(sizeOrPool);
    this.waiters = new LightQueue<GreenThread<unknown>>();
  }

  /**
   * Runs `fn(...args)` in the pool (blocking while it is full); its result comes out of next() in turn.
   * @example
   * yield* pile.spawn(ping, 'example.org');
   */
  *spawn<A extends unknown[]>(fn: (...args: A) => Green<T> | T, ...args: A): Green<void> {
    this.counter += 1;
    try {
      const gt = yield* this.pool.spawn(fn as (...args: A) => Green<unknown>, ...args);
      yield* this.waiters.put(gt);
    } catch (err) {
      this.counter -= 1;
      throw err;
    }
  }

  /**
   * The next result in spawn order, waiting for it if needed; `{ done: true }` once every spawned result has
   * been read. A task's error is raised here, when its turn comes.
   * @example
   * for (let r = yield* pile.next(); !r.done; r = yield* pile.next()) console.log(r.value);
   */
  *next(): Green<IteratorResult<T, undefined>> {
    if (this.counter === 0) return { done: true, value: undefined };
    return { done: false, value: (yield* this.nextValue()) as T };
  }

  /**
   * Reads every remaining result, in order.
   * @example
   * const replies = yield* pile.toArray();
   */
  *toArray(): Green<T[]> {
    const out: T[] = [];
    for (let r = yield* this.next(); !r.done; r = yield* this.next()) out.push(r.value);
    return out;
  }

  protected *nextValue(): Green<unknown> {
    try {
      const gt = yield* this.waiters.get();
      return yield* gt!.wait();
    } finally {
      this.counter -= 1;
    }
  }
}

const DONE: unique symbol = Symbol('greenhub.greenmap.done');

/**
 * What `imap`/`starmap` return: a GreenPile whose producer is another thread. Spawning blocks while `size`
 * results are unread, and the end comes from the producer (`doneSpawning`), not from a count.
 * @example
 * const squares = pool.imap(function* (n: number) { return n * n; }, [1, 2, 3]);
 * for (let r = yield* squares.next(); !r.done; r = yield* squares.next()) console.log(r.value);
 */
export class GreenMap<T = unknown> extends GreenPile<T> {
  constructor(sizeOrPool: number | GreenPool) {
    super(sizeOrPool);
    this.waiters = new LightQueue<GreenThread<unknown>>(this.pool.size);
  }

  /**
   * The producer has spawned everything: readers get `{ done: true }` after the last result.
   * @example
   * for (const args of jobs) yield* gmap.spawn(task, ...args);
   * yield* gmap.doneSpawning(); // readers now see { done: true } after the last result
   */
  *doneSpawning(): Green<void> {
    yield* this.spawn(() => DONE as unknown as T);
  }

  /**
   * Next result in spawn order; `{ done: true }` once the producer called doneSpawning() and all were read.
   * As in eventlet (P6), the end is reported once: a further next() waits for a result that never comes.
   * @example
   * const r = yield* squares.next(); // { done: false, value: 1 }
   */
  override *next(): Green<IteratorResult<T, undefined>> {
    const value = yield* this.nextValue();
    if (value === DONE) return { done: true, value: undefined };
    return { done: false, value: value as T };
  }
}
