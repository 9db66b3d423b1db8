/**
 * The hub's schedule: every timer between `addTimer` and its firing (eventlet keeps these as
 * `next_timers` plus the `timers` heap in hubs/hub.py).
 *
 * Rules, as libuv states its timer rules beside timer.c:
 * - Order (D1). Timers fire by (deadline, seq); seq is the hub's running count of added timers, so equal
 *   deadlines fire first-added, first-fired.
 * - Staging (H2, H7). A timer added while the hub fires never fires in that same pass: positive and negative
 *   delays wait in `staged` until `prepare()`; 0-delay timers go straight to `zero`, a FIFO, but a pass fires
 *   only the entries that were there when it began (`zeroEnd`), which is the same thing.
 * - The FIFO beside the heap is only a fast path. 0-timers are stamped with the hub's last clock reading
 *   and the seq counter, both of which only grow, so the FIFO is already sorted by (deadline, seq), and
 *   `fire()` merges its head with the heap's head by that key; the order is exactly the heap's.
 * - Now (H1). A 0-timer is stamped with the hub's latest clock reading instead of a fresh one (a reading costs
 *   about as much as a switch). The hub reads its clock at each pass that holds a timed entry (H8), for every
 *   positive delay, and every 16 callbacks while firing, so the stamp is never later than the true time and
 *   at most 16 callbacks old. The only visible effect: a 0-timer made just after a timed entry fell due may
 *   sort before it, where eventlet, reading the clock each time, would sort it after; the window is those
 *   16 callbacks, and on virtual time (clock moving only in the wait) it does not exist.
 * - The reserve: a fast path for large batches. Pushing 100,000 timers into the heap in one prepare step
 *   would hold up every firing behind it by milliseconds, and a heap that large makes each pop slow. A staged
 *   batch of at least `reserveBatch` timers goes to the reserve instead, its deadlines read once into a flat
 *   array. While the reserve holds timers, the hub reads the clock right after the prepare step and `draw`s:
 *   once the earliest reserved deadline is within DRAW_MARGIN of that reading, every reserved timer due within
 *   the horizon (a 32nd of the reserve's remaining span, at least MIN_HORIZON) moves into the heap. Reserved
 *   timers count as heap entries for every rule: the pass fires with the reading it drew with, which no
 *   deadline left in the reserve reaches, so it fires exactly what it would with everything in the heap; the
 *   wake-up time is the earlier of the two heads (H10: cancelled ones too; they reach the heap like the rest
 *   and are dropped when popped).
 * - Lazy cancel (H4, H8, H10, H11). A cancelled timer stays where it is; prepare drops staged ones, fire
 *   pops heap ones, both decrementing `canceled`. A cancelled heap head still sets the wake-up time.
 *   When more than 1000 entries are held and at least half are cancelled, everything is rebuilt.
 */
import TinyQueue from 'tinyqueue';
import { Timer } from './timer.js';

/** Past this many held entries, cancellations may trigger a rebuild (H11). */
export const COMPACTION_THRESHOLD = 1000;

/** The default `reserveBatch`. */
export const RESERVE_BATCH = 4096;

const NO_KEYS: Float64Array = new Float64Array(0);

/** The reserve is drawn from once its earliest deadline is this close to the clock (seconds)... */
const DRAW_MARGIN = 0.001;
/** ...and gives the heap at least this much of the future, or a 32nd of its remaining span. */
const MIN_HORIZON = 0.002;

function earlier(a: Timer, b: Timer): number {
  return a.deadline - b.deadline || a.seq - b.seq;
}

/** What fire() does with each due timer; the hub supplies it so errors follow H9. */
export type Invoke = (timer: Timer) => void;

/**
 * H7/H8/D1: every timer a hub holds: staging, a heap ordered by (deadline, seq), and a FIFO of 0-timers.
 * @example
 * const s = getHub().schedule;
 * console.log(s.size, 'timers held,', s.canceled, 'of them cancelled');
 */
export class Schedule {
  /** H2: timers waiting for the next prepare step. */
  staged: Timer[] = [];
  /** D1: timers with a delay, keyed by (deadline, seq). */
  heap = new TinyQueue<Timer>([], earlier);
  /** 0-delay timers in (deadline, seq) order; entries before `zeroHead` are spent. */
  zero: Timer[] = [];
  zeroHead = 0;
  /** Index past the last 0-timer the current fire pass may take (H7). */
  zeroEnd = 0;
  /**
   * Timers of large batches not yet in the heap (the reserve, rules above), and their deadlines; a place
   * taken into the heap holds `undefined` and NaN.
   */
  private reserve: (Timer | undefined)[] = [];
  private reserveKeys: Float64Array = NO_KEYS;
  /** Timers still in the reserve, cancelled ones included (H10). */
  reserveLeft = 0;
  private reserveMin = Infinity;
  private reserveMax = -Infinity;
  /**
   * A staged batch this large goes to the reserve (rules above); Infinity turns the reserve off, which
   * changes no firing, only when the heap pays for a large batch.
   */
  reserveBatch = RESERVE_BATCH;
  /** H11: cancelled entries still held somewhere above. */
  canceled = 0;
  /** D1: sequence number for the next added timer. */
  seq = 0;

  /** Number of entries held: heap, reserve, staging and the 0-timer FIFO, cancelled ones included. */
  get size(): number {
    return this.heap.length + this.reserveLeft + this.staged.length + (this.zero.length - this.zeroHead);
  }

  /**
   * Takes an already stamped timer (deadline set by the hub).
   * @example
   * schedule.add(timer, timer.seconds === 0); // BaseHub.addTimer stamps the deadline first
   */
  add(timer: Timer, zeroDelay: boolean): void {
    timer.seq = this.seq++;
    if (zeroDelay) this.zero.push(timer);
    else this.staged.push(timer);
  }

  /**
   * H7: staged timers enter the heap in staging order; cancelled ones are dropped. A batch of `reserveBatch`
   * or more goes to the reserve instead (rules above).
   * @example
   * schedule.prepare(); // start of a loop iteration: staged timers join the heap
   */
  prepare(): void {
    const staged = this.staged;
    if (staged.length === 0) return;
    if (staged.length >= this.reserveBatch) {
      this.toReserve(staged);
      this.staged = [];
      return;
    }
    const heap = this.heap;
    for (let i = 0; i < staged.length; i++) {
      const t = staged[i]!;
      if (t.called) this.canceled--;
      else heap.push(t);
    }
    staged.length = 0;
  }

  /**
   * Moves into the heap every reserved timer due within the horizon, once the earliest is within DRAW_MARGIN
   * of `now` (cancelled ones too, H10). `now` must be the reading the next pass fires with (rules above).
   * @example
   * if (schedule.reserveLeft > 0) schedule.draw(hub.readClock());
   */
  draw(now: number): void {
    if (this.reserveMin > now + DRAW_MARGIN) return;
    const span = this.reserveMax - now; // NaN when both are Infinity: then MIN_HORIZON, and Infinity is due
    this.moveDue(now + (span > 32 * MIN_HORIZON ? span / 32 : MIN_HORIZON));
    this.tidyReserve();
  }

  /**
   * Takes a large staged batch (after what is left of an earlier one) into the reserve, reading each deadline
   * once into a flat array of doubles; cancelled timers of the batch are dropped, as prepare drops them (H7).
   */
  private toReserve(batch: Timer[]): void {
    let timers: (Timer | undefined)[];
    let keys: Float64Array;
    let n = 0;
    if (this.reserveLeft === 0) {
      timers = batch; // filled in place: the staged array becomes the reserve
      keys = new Float64Array(batch.length);
    } else {
      const old = this.reserve;
      const oldKeys = this.reserveKeys;
      timers = [];
      keys = new Float64Array(this.reserveLeft + batch.length);
      for (let i = 0; i < old.length; i++) {
        const t = old[i];
        if (t === undefined) continue;
        timers.push(t);
        keys[n++] = oldKeys[i]!;
      }
    }
    const inPlace = timers === batch;
    let left = n;
    for (let i = 0; i < batch.length; i++) {
      const t = batch[i]!;
      if (t.called) {
        this.canceled--;
        if (inPlace) {
          timers[n] = undefined;
          keys[n++] = NaN; // an empty place: NaN is neither due, nor earliest, nor latest
        }
        continue;
      }
      if (!inPlace) timers.push(t);
      keys[n++] = t.deadline;
      left++;
    }
    if (n < keys.length) keys = keys.slice(0, n);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = keys[i]!;
      if (d < min) min = d;
      if (d > max) max = d;
    }
    this.reserve = timers;
    this.reserveKeys = keys;
    this.reserveLeft = left;
    this.reserveMin = min;
    this.reserveMax = max;
  }

  /**
   * Reserved timers due by `limit` go to the heap. The loop runs over every place of the reserve, so it is kept
   * free of branches that rarely run: V8 compiles it without feedback for them and throws the code away when
   * one is taken (H11's cancelled sweep is `dropCanceledReserved`).
   */
  private moveDue(limit: number): void {
    const timers = this.reserve;
    const keys = this.reserveKeys;
    const heap = this.heap;
    let left = this.reserveLeft;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < keys.length; i++) {
      const d = keys[i]!;
      if (d <= limit) {
        heap.push(timers[i]!);
        timers[i] = undefined;
        keys[i] = NaN;
        left--;
      } else {
        if (d < min) min = d;
        if (d > max) max = d;
      }
    }
    this.reserveLeft = left;
    this.reserveMin = min;
    this.reserveMax = max;
  }

  /** H11: compaction forgets cancelled reserved timers too; packing what is left recomputes the bounds. */
  private dropCanceledReserved(): void {
    const timers = this.reserve;
    const keys = this.reserveKeys;
    for (let i = 0; i < keys.length; i++) {
      const t = timers[i];
      if (t === undefined || !t.called) continue;
      timers[i] = undefined;
      keys[i] = NaN;
      this.reserveLeft--;
    }
    if (this.reserveLeft === 0) this.emptyReserve();
    else this.toReserve([]);
  }

  /** An emptied reserve lets its arrays go; a mostly drawn one is packed, so later draws read only what is left. */
  private tidyReserve(): void {
    if (this.reserveLeft === 0) this.emptyReserve();
    else if (this.reserveLeft * 2 < this.reserveKeys.length) this.toReserve([]);
  }

  private emptyReserve(): void {
    this.reserve = [];
    this.reserveKeys = NO_KEYS;
    this.reserveLeft = 0;
    this.reserveMin = Infinity;
    this.reserveMax = -Infinity;
  }

  /**
   * H8: fires every entry due by `now`, one clock reading for the whole pass. `invoke` calls the timer; if
   * it throws, the pass stops there and the error propagates (the hub lets only H9's system exceptions
   * out). Returns early when `halted()` turns true after a callback (H15).
   * @example
   * schedule.fire(hub.readClock(), (t) => t.call(), () => hub.halted);
   */
  fire(now: number, invoke: Invoke, halted: () => boolean): void {
    this.zeroEnd = this.zero.length;
    for (;;) {
      let t: Timer | undefined;
      const head = this.heap.peek();
      const heapDue = head !== undefined && head.deadline <= now;
      if (this.zeroHead < this.zeroEnd) {
        const z = this.zero[this.zeroHead]!;
        if (heapDue && earlier(head!, z) < 0) t = this.heap.pop();
        else {
          t = z;
          this.zero[this.zeroHead++] = undefined as unknown as Timer; // let it be collected
        }
      } else if (heapDue) {
        t = this.heap.pop();
      } else break;
      if (t!.called) {
        this.canceled--;
        continue;
      }
      invoke(t!);
      if (halted()) break;
    }
    this.trimZero();
  }

  /** Drops the spent front of the FIFO so it does not grow without bound. */
  private trimZero(): void {
    const head = this.zeroHead;
    if (head === 0) return;
    if (head === this.zero.length) {
      this.zero.length = 0;
      this.zeroHead = 0;
      this.zeroEnd = 0;
    } else if (head >= 1024 && head * 2 >= this.zero.length) {
      this.zero = this.zero.slice(head);
      this.zeroEnd -= head;
      this.zeroHead = 0;
    }
  }

  /**
   * H6e/H10: the deadline the hub should wake at — the heap head's even if cancelled — or `undefined`
   * when nothing is held there. A pending 0-timer means "now": returns -Infinity without a clock read.
   * @example
   * const due = schedule.nextDeadline(); // -Infinity: a 0-timer waits; undefined: nothing in the heap
   */
  nextDeadline(): number | undefined {
    if (this.zeroHead < this.zero.length) return -Infinity;
    return this.nextTimed();
  }

  /**
   * H10: the earliest deadline among timers with a delay (heap and reserve, cancelled ones included), or
   * `undefined` when there are none.
   * @example
   * const head = schedule.nextTimed(); // a virtual hub lands its clock exactly on it
   */
  nextTimed(): number | undefined {
    const head = this.heap.peek();
    const min = this.reserveMin; // Infinity when empty, or when all that is left is due at Infinity
    if (head === undefined) return this.reserveLeft === 0 ? undefined : min;
    return head.deadline < min ? head.deadline : min;
  }

  /**
   * H11: called for each cancel of a timer that had not fired.
   * @example
   * schedule.timerCanceled(); // what Timer.cancel() reaches through BaseHub.timerCanceled
   */
  timerCanceled(): void {
    this.canceled++;
    const size = this.size;
    if (size > COMPACTION_THRESHOLD && size / 2 <= this.canceled) this.compact();
  }

  private compact(): void {
    this.canceled = 0;
    this.staged = this.staged.filter((t) => !t.called);
    this.heap = new TinyQueue(this.heap.data.filter((t) => !t.called), earlier);
    this.dropCanceledReserved();
    // Keep the firing limit of a pass in progress pointing at the same live entries.
    let end = 0;
    const live: Timer[] = [];
    for (let i = this.zeroHead; i < this.zero.length; i++) {
      const t = this.zero[i]!;
      if (t.called) continue;
      live.push(t);
      if (i < this.zeroEnd) end++;
    }
    this.zero = live;
    this.zeroHead = 0;
    this.zeroEnd = end;
  }

  /**
   * H17: forgets every timer (abort).
   * @example
   * schedule.clear(); // as BaseHub.dispose() does
   */
  clear(): void {
    this.staged = [];
    this.heap = new TinyQueue<Timer>([], earlier);
    this.emptyReserve();
    this.zero = [];
    this.zeroHead = 0;
    this.zeroEnd = 0;
    this.canceled = 0;
  }

  /**
   * Every held timer, cancelled ones included, in firing order (for inspection, not the hot path).
   * @example
   * for (const t of getHub().schedule.snapshot()) console.log(t.label, t.deadline, t.pending);
   */
  snapshot(): Timer[] {
    const reserved = this.reserve.filter((t): t is Timer => t !== undefined);
    const all = [...this.heap.data, ...reserved, ...this.staged, ...this.zero.slice(this.zeroHead)];
    return all.sort(earlier);
  }
}
