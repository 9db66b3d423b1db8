/**
 * Queues between green threads (eventlet/queue.py, Q1–Q5): LightQueue, Queue (adds taskDone/join),
 * PriorityQueue and LifoQueue.
 *
 * `get` and `put` may block, so they are generators: `const item = yield* q.get()`, `yield* q.put(item)`.
 * `getNowait()` never blocks and is a plain call. `putNowait()` stays a generator: on a full queue with a
 * getter already waiting (a channel, Q1) it hands the item over and waits for that hand-off, as eventlet does.
 *
 * Blocked getters and putters are woken in the order they arrived (D2: eventlet keeps them in sets, so its
 * order is arbitrary).
 */
import { getHub } from '../hub/current.js';
import { AssertionError, BaseException } from '../hub/errors.js';
import type { Timer } from '../hub/timer.js';
import { Event } from './event.js';
import { blockingCaller, runningGreenlet, type Greenlet } from './greenlet.js';
import { SUSPEND, type Green } from './ops.js';
import { pythonLess } from './pyvalues.js';
import { ValueError } from './semaphore.js';

export { pythonLess };
import { Timeout } from './timeout.js';

/**
 * Raised by `get` when no item came: `block: false` on an empty queue, or the timeout passed (Q3).
 * @example
 * try { yield* q.get({ timeout: 1 }); } catch (e) { if (!(e instanceof Empty)) throw e; }
 */
export class Empty extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'Empty';
  }
}

/**
 * Raised by `put` when no room came: `block: false` on a full queue, or the timeout passed (Q3).
 * @example
 * try { yield* q.put(job, { block: false }); }
 * catch (e) { if (e instanceof Full) console.log('busy, dropped'); else throw e; }
 */
export class Full extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'Full';
  }
}

/** Options of `get` and `put` (Q3). */
export interface QueueWaitOptions {
  /** false: never wait, raise Empty/Full at once. Default true. */
  block?: boolean;
  /** Give up after this many seconds (Empty/Full); null or undefined waits as long as it takes. */
  timeout?: number | null;
}

const NONE: unique symbol = Symbol('greenhub.queue.none');

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (v === null || v === undefined) return String(v);
  return typeof v === 'object' ? `an object (${(v as object).constructor?.name ?? 'Object'})` : `a ${typeof v}`;
}

function normalizeWait(who: string, opts: QueueWaitOptions | boolean | undefined, timeout: number | null | undefined): {
  block: boolean;
  timeout: number | null;
} {
  let block = true;
  let t: number | null | undefined = timeout;
  if (typeof opts === 'boolean') block = opts;
  else if (opts !== undefined && opts !== null) {
    if (typeof opts !== 'object') throw new TypeError(`${who}() takes { block, timeout } options or a boolean, got ${describeValue(opts)}`);
    block = opts.block ?? true;
    if (opts.timeout !== undefined) t = opts.timeout;
  }
  if (t === undefined || t === null) return { block, timeout: null };
  if (typeof t !== 'number' || Number.isNaN(t)) {
    throw new TypeError(`${who}() expects timeout in seconds as a number (or null to wait forever), got ${describeValue(t)}`);
  }
  // Q3: a negative timeout is a Timeout already due (H1), so a call that has to wait gives up after one pass.
  return { block, timeout: t };
}

/** A queue size must be a number, or null for unbounded. */
function checkMaxsize(who: string, maxsize: unknown): number | null {
  if (maxsize === undefined || maxsize === null) return null;
  if (typeof maxsize !== 'number' || Number.isNaN(maxsize)) {
    throw new TypeError(`${who} expects maxsize :: int or null (unbounded), actual: ${describeValue(maxsize)}`);
  }
  return maxsize;
}

/**
 * A green thread parked in a queue (eventlet's Waiter): the hub resumes it only while it is still waiting,
 * and an ordinary error escaping the resumed thread is printed here rather than ending the unlock pass.
 */
class Waiter {
  greenlet: Greenlet | undefined = undefined;

  get waiting(): boolean {
    return this.greenlet !== undefined;
  }

  *wait(who: string): Green<unknown> {
    if (this.greenlet !== undefined) throw new AssertionError(`This Waiter is already used by ${this.greenlet}`);
    this.greenlet = blockingCaller(who, true);
    try {
      return yield SUSPEND;
    } finally {
      this.greenlet = undefined;
    }
  }

  /** Hub context only. */
  switch(value?: unknown): void {
    const g = this.greenlet;
    if (g === undefined) return;
    try {
      g.switch(value);
    } catch (err) {
      if (err instanceof BaseException) throw err;
      getHub().reportError(err);
    }
  }

  /** Hub context only. */
  throw(err: unknown): void {
    const g = this.greenlet;
    if (g === undefined) return;
    try {
      g.throw(err);
    } catch (e) {
      if (e instanceof BaseException) throw e;
      getHub().reportError(e);
    }
  }
}

/** A parked putter and the item it brings; `item` becomes NONE once a getter has taken it. */
class ItemWaiter<T> extends Waiter {
  constructor(
    public item: T | typeof NONE,
    readonly block: boolean,
  ) {
    super();
  }
}

/** D2: the oldest member of a set (eventlet pops an arbitrary one). */
function popFirst<T>(set: Set<T>): T {
  const first = set.values().next().value as T;
  set.delete(first);
  return first;
}

/** Where a queue keeps its items; the three orders of Q5. */
interface Store<T> {
  readonly length: number;
  push(item: T): void;
  pop(): T;
  items(): T[];
}

/** First in, first out, with amortised O(1) removal at the head. */
class FifoStore<T> implements Store<T> {
  private data: T[] = [];
  private head = 0;
  get length(): number {
    return this.data.length - this.head;
  }
  push(item: T): void {
    this.data.push(item);
  }
  pop(): T {
    if (this.length === 0) throw new Empty();
    const item = this.data[this.head]!;
    this.data[this.head] = undefined as T;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.data.length) {
      this.data = this.data.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  items(): T[] {
    return this.data.slice(this.head);
  }
}

class LifoStore<T> implements Store<T> {
  private readonly data: T[] = [];
  get length(): number {
    return this.data.length;
  }
  push(item: T): void {
    this.data.push(item);
  }
  pop(): T {
    if (this.data.length === 0) throw new Empty();
    return this.data.pop()!;
  }
  items(): T[] {
    return this.data.slice();
  }
}

/**
 * A binary min-heap that moves items exactly as Python's heapq does (push sifts the new item up; pop moves
 * the last item to the root, walks it down to a leaf along the smaller children, then sifts it back up), so
 * items that compare equal come out in the same order as in eventlet (Q5).
 */
class HeapStore<T> implements Store<T> {
  private readonly data: T[] = [];
  constructor(private readonly lt: (a: T, b: T) => boolean) {}
  get length(): number {
    return this.data.length;
  }
  push(item: T): void {
    this.data.push(item);
    this.siftUp(0, this.data.length - 1);
  }
  pop(): T {
    if (this.data.length === 0) throw new Empty();
    const last = this.data.pop() as T;
    if (this.data.length === 0) return last;
    const top = this.data[0]!;
    this.data[0] = last;
    this.sinkToLeaf(0);
    return top;
  }
  items(): T[] {
    return this.data.slice();
  }
  /** Moves the item at `pos` towards `start` while it is smaller than its parent. */
  private siftUp(start: number, pos: number): void {
    const heap = this.data;
    const item = heap[pos]!;
    while (pos > start) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos]!;
      if (!this.lt(item, parent)) break;
      heap[pos] = parent;
      pos = parentPos;
    }
    heap[pos] = item;
  }
  /** Walks the item at `pos` down to a leaf along the smaller child, then lets it rise to its place. */
  private sinkToLeaf(pos: number): void {
    const heap = this.data;
    const end = heap.length;
    const start = pos;
    const item = heap[pos]!;
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !this.lt(heap[child]!, heap[right]!)) child = right;
      heap[pos] = heap[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = item;
    this.siftUp(start, pos);
  }
}

/**
 * A queue of items between green threads, without task tracking (Q1–Q3, Q5).
 * @example
 * const q = new LightQueue<string>(10);
 * spawn(function* () { for (const line of lines) yield* q.put(line); });
 * const first = yield* q.get();
 */
export class LightQueue<T = unknown> {
  /** null: unbounded; 0: a channel, where every put waits for a getter (Q1). */
  maxsize: number | null;
  /** D2: parked getters, oldest first. */
  protected readonly getters = new Set<Waiter>();
  /** D2: parked putters, oldest first. */
  protected readonly putters = new Set<ItemWaiter<T>>();
  private eventUnlock: Timer | undefined = undefined;
  protected readonly store: Store<T>;

  /** Q1: `maxsize` null/undefined or negative: unbounded; 0: a channel; n: at most n items. */
  constructor(maxsize?: number | null) {
    const size = checkMaxsize(`${new.target.name}()`, maxsize);
    this.maxsize = size === null || size < 0 || size === Infinity ? null : size;
    this.store = this.makeStore();
  }

  /** @internal The item order; overridden by PriorityQueue and LifoQueue. */
  protected makeStore(): Store<T> {
    return new FifoStore<T>();
  }

  /** @internal Stores one item (Queue also counts it as an unfinished task). */
  protected putItem(item: T): void {
    this.store.push(item);
  }

  /** @internal Takes the next item. */
  protected takeItem(): T {
    return this.store.pop();
  }

  /**
   * Number of items in the queue.
   * @example
   * console.log(q.qsize(), 'items waiting');
   */
  qsize(): number {
    return this.store.length;
  }

  /**
   * Q1: no item in the queue (always true for a channel).
   * @example
   * if (!q.empty()) console.log(q.getNowait()); // would not block
   */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /**
   * Q1: no room for a put without waiting (always true for a channel; never for an unbounded queue).
   * @example
   * if (q.full()) console.log('the next put will block');
   */
  full(): boolean {
    return this.maxsize !== null && this.qsize() >= this.maxsize;
  }

  /**
   * Q5: green threads blocked in put.
   * @example
   * console.log(q.putting(), 'producers blocked on a full queue');
   */
  putting(): number {
    return this.putters.size;
  }

  /**
   * Q5: green threads blocked in get.
   * @example
   * console.log(q.getting(), 'consumers blocked on an empty queue');
   */
  getting(): number {
    return this.getters.size;
  }

  /**
   * Q5: changes maxsize (null: unbounded). Growing wakes blocked putters in the next hub pass; shrinking
   * drops nothing.
   * @example
   * q.resize(100);
   */
  resize(size: number | null): void {
    // Q5: unlike the constructor, eventlet's resize keeps the size as given: a negative one means always full.
    const next = checkMaxsize('resize()', size);
    if (this.maxsize !== null && (next === null || next > this.maxsize)) this.scheduleUnlock();
    this.maxsize = next;
  }

  /**
   * Q2/Q3: adds `item`, waiting for room while the queue is full (for a channel: until a getter takes it).
   * `timeout` seconds without room → Full; `block: false` → Full at once, unless a getter is already
   * waiting to take it.
   * @example
   * yield* q.put(job);                        // waits for room
   * yield* q.put(job, { timeout: 5 });        // Full after 5 s without room
   */
  *put(item: T, options?: QueueWaitOptions | boolean, timeout?: number | null): Green<void> {
    const opts = normalizeWait('put', options, timeout);
    if (this.maxsize === null || this.qsize() < this.maxsize) {
      this.putItem(item);
      if (this.getters.size > 0) this.scheduleUnlock();
      return;
    }
    if (!opts.block && runningGreenlet() === undefined && getHub().inLoop) {
      // From hub context (a timer callback) nothing can wait: hand the item straight to a parked getter.
      while (this.getters.size > 0) {
        const getter = popFirst(this.getters);
        if (getter.waiting) {
          this.putItem(item);
          getter.switch(this.takeItem());
          return;
        }
      }
      throw new Full();
    }
    if (opts.block) {
      const waiter = new ItemWaiter<T>(item, true);
      this.putters.add(waiter);
      const t = new Timeout(opts.timeout, Full);
      try {
        if (this.getters.size > 0) this.scheduleUnlock();
        const result = yield* waiter.wait('put');
        if (result !== waiter) throw new AssertionError(`Invalid switch into Queue.put: ${String(result)}`);
        if (waiter.item !== NONE) this.putItem(item);
      } finally {
        t.cancel();
        this.putters.delete(waiter);
      }
      return;
    }
    if (this.getters.size > 0) {
      // Full, but a getter is parked (a channel): offer the item and wait for the unlock pass to decide.
      const waiter = new ItemWaiter<T>(item, false);
      this.putters.add(waiter);
      this.scheduleUnlock();
      const result = yield* waiter.wait('putNowait');
      if (result !== waiter) throw new AssertionError(`Invalid switch into Queue.put: ${String(result)}`);
      if (waiter.item !== NONE) throw new Full();
      return;
    }
    throw new Full();
  }

  /**
   * Q3: `put(item, { block: false })`: adds the item if there is room (or a getter is already waiting for
   * it), else raises Full. A generator, because the hand-off to a waiting getter takes one hub pass.
   * @example
   * try { yield* q.putNowait(item); } catch (e) { if (!(e instanceof Full)) throw e; dropped++; }
   */
  *putNowait(item: T): Green<void> {
    yield* this.put(item, false);
  }

  /**
   * Q2/Q3: removes and returns the next item, waiting while the queue is empty. `timeout` seconds without an
   * item → Empty; `block: false` → Empty at once.
   * @example
   * const job = yield* q.get();
   * const maybe = yield* q.get({ timeout: 1 }); // Empty after a second without items
   */
  *get(options?: QueueWaitOptions | boolean, timeout?: number | null): Green<T> {
    const opts = normalizeWait('get', options, timeout);
    if (this.qsize() > 0) {
      if (this.putters.size > 0) this.scheduleUnlock();
      return this.takeItem();
    }
    if (!opts.block && runningGreenlet() === undefined && getHub().inLoop) {
      return this.getFromHub();
    }
    if (opts.block) {
      const waiter = new Waiter();
      const t = new Timeout(opts.timeout, Empty);
      try {
        this.getters.add(waiter);
        if (this.putters.size > 0) this.scheduleUnlock();
        try {
          return (yield* waiter.wait('get')) as T;
        } catch (err) {
          // Leaving without an item: let the next getter have what may be on its way.
          this.scheduleUnlock();
          throw err;
        }
      } finally {
        this.getters.delete(waiter);
        t.cancel();
      }
    }
    throw new Empty();
  }

  /**
   * Q3: `get({ block: false })` as a plain call: the next item, or Empty at once. Never blocks.
   * @example
   * const pending: Job[] = [];
   * for (;;) { try { pending.push(q.getNowait()); } catch (e) { if (e instanceof Empty) break; throw e; } }
   */
  getNowait(): T {
    if (this.qsize() > 0) {
      if (this.putters.size > 0) this.scheduleUnlock();
      return this.takeItem();
    }
    if (runningGreenlet() === undefined && getHub().inLoop) return this.getFromHub();
    throw new Empty();
  }

  /** From hub context: let parked putters deliver, one at a time, until an item shows up. */
  private getFromHub(): T {
    while (this.putters.size > 0) {
      const putter = popFirst(this.putters);
      if (putter.waiting) {
        putter.switch(putter);
        if (this.qsize() > 0) return this.takeItem();
      }
    }
    throw new Empty();
  }

  /**
   * Q2/Q3: the unlock pass, run by one shared 0-timer: hands items to parked getters, pairs parked putters
   * with parked getters, lets putters in when there is room, and fails non-blocking putters left without a
   * getter. Wake-ups inside the pass do not schedule another one (`eventUnlock` is still set).
   */
  private unlock(): void {
    try {
      for (;;) {
        if (this.qsize() > 0 && this.getters.size > 0) {
          const getter = popFirst(this.getters);
          if (getter.waiting) {
            let item: T;
            try {
              item = this.takeItem();
            } catch (err) {
              getter.throw(err);
              continue;
            }
            getter.switch(item);
          }
        } else if (this.putters.size > 0 && this.getters.size > 0) {
          const putter = popFirst(this.putters);
          if (putter.waiting) {
            const getter = popFirst(this.getters);
            if (getter.waiting) {
              const item = putter.item as T;
              putter.item = NONE;
              this.putItem(item);
              getter.switch(this.takeItem());
              putter.switch(putter);
            } else {
              this.putters.add(putter);
            }
          }
        } else if (this.putters.size > 0 && (this.getters.size > 0 || this.maxsize === null || this.qsize() < this.maxsize)) {
          const putter = popFirst(this.putters);
          putter.switch(putter);
        } else if (this.putters.size > 0 && this.getters.size === 0) {
          const nonBlocking = [...this.putters].filter((p) => !p.block);
          if (nonBlocking.length === 0) break;
          const hub = getHub();
          for (const putter of nonBlocking) {
            this.putters.delete(putter);
            hub.scheduleCallGlobal(0, throwFull, putter.greenlet);
          }
        } else {
          break;
        }
      }
    } finally {
      this.eventUnlock = undefined;
    }
  }

  /** Q2: at most one unlock pass is pending at a time. */
  protected scheduleUnlock(): void {
    if (this.eventUnlock === undefined) this.eventUnlock = getHub().scheduleCallGlobal(0, runUnlock, this);
  }

  /** @internal */
  runUnlock(): void {
    this.unlock();
  }

  toString(): string {
    let out = `<${this.constructor.name} maxsize=${this.maxsize === null ? 'None' : this.maxsize}`;
    if (this.store.length > 0) out += ` queue=${JSON.stringify(this.store.items())}`;
    if (this.getters.size > 0) out += ` getters[${this.getters.size}]`;
    if (this.putters.size > 0) out += ` putters[${this.putters.size}]`;
    if (this.eventUnlock !== undefined) out += ' unlocking';
    return `${out}>`;
  }
}

function runUnlock(q: LightQueue<unknown>): void {
  q.runUnlock();
}

/** A non-blocking putter left without a getter learns it by a Full thrown from the hub. */
function throwFull(g: Greenlet | undefined): void {
  if (g === undefined) return;
  g.throw(new Full());
}

/**
 * A LightQueue that also tracks work (Q4): every item put in counts as an unfinished task until a consumer
 * calls `taskDone()`; `join()` waits until none is left.
 * @example
 * const q = new Queue<string>();
 * spawn(function* () { for (;;) { const url = yield* q.get(); yield* fetch(url); q.taskDone(); } });
 * for (const url of urls) yield* q.put(url);
 * yield* q.join(); // every url fetched
 */
export class Queue<T = unknown> extends LightQueue<T> {
  /** Q4: items put in and not yet marked done. */
  unfinishedTasks = 0;
  private readonly cond = new Event<void>();

  protected override putItem(item: T): void {
    super.putItem(item);
    this.unfinishedTasks += 1;
    if (this.cond.ready()) this.cond.reset();
  }

  /**
   * Q4: marks one task (an item got earlier) as done; the last one releases `join()`. More calls than items
   * put in: ValueError.
   * @example
   * const job = yield* q.get(); yield* handle(job); q.taskDone();
   */
  taskDone(): void {
    if (this.unfinishedTasks <= 0) throw new ValueError('task_done() called too many times');
    this.unfinishedTasks -= 1;
    if (this.unfinishedTasks === 0) this.cond.send();
  }

  /**
   * Q4: blocks until every item put in has been marked done; returns at once if none is pending.
   * @example
   * yield* q.join(); // every item put in has been taskDone()
   */
  *join(): Green<void> {
    if (this.unfinishedTasks > 0) yield* this.cond.wait();
  }

  override toString(): string {
    const base = super.toString();
    return this.unfinishedTasks > 0 ? `${base.slice(0, -1)} tasks=${this.unfinishedTasks}>` : base;
  }
}

/**
 * Q5: a Queue that hands out the smallest item first, compared like Python's `<` (numbers, strings, arrays
 * as tuples such as `[priority, data]`), or by `compare` (negative: a comes first).
 * @example
 * const q = new PriorityQueue<[number, string]>();
 * yield* q.put([2, 'later']);
 * yield* q.put([1, 'sooner']);
 * (yield* q.get())[1]; // 'sooner'
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  private readonly compare: ((a: T, b: T) => number) | undefined;

  constructor(maxsize?: number | null, compare?: (a: T, b: T) => number) {
    super(maxsize);
    if (compare !== undefined && typeof compare !== 'function') {
      throw new TypeError(`PriorityQueue() expects compare to be a function (a, b) => number, got ${describeValue(compare)}`);
    }
    this.compare = compare;
  }

  protected override makeStore(): Store<T> {
    // Read `compare` at each comparison: the constructor assigns it after the store exists.
    return new HeapStore<T>((a, b) => (this.compare === undefined ? pythonLess(a, b) : this.compare(a, b) < 0));
  }
}

/**
 * Q5: a Queue that hands out the newest item first.
 * @example
 * const stack = new LifoQueue<number>();
 * yield* stack.put(1); yield* stack.put(2);
 * yield* stack.get(); // 2
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected override makeStore(): Store<T> {
    return new LifoStore<T>();
  }
}
