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
 * - Lazy cancel (H4, H8, H10, H11). A cancelled timer stays where it is; prepare drops staged ones, fire
 *   pops heap ones, both decrementing `canceled`. A cancelled heap head still sets the wake-up time.
 *   When more than 1000 entries are held and at least half are cancelled, everything is rebuilt.
 */
import TinyQueue from 'tinyqueue';
import { Timer } from './timer.js';

/** Past this many held entries, cancellations may trigger a rebuild (H11). */
export const COMPACTION_THRESHOLD = 1000;

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
  /** H11: cancelled entries still held somewhere above. */
  canceled = 0;
  /** D1: sequence number for the next added timer. */
  seq = 0;

  /** Number of entries held: heap, staging and the 0-timer FIFO, cancelled ones included. */
  get size(): number {
    return this.heap.length + this.staged.length + (this.zero.length - this.zeroHead);
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
   * H7: staged timers enter the heap in staging order; cancelled ones are dropped.
   * @example
   * schedule.prepare(); // start of a loop iteration: staged timers join the heap
   */
  prepare(): void {
    const staged = this.staged;
    if (staged.length === 0) return;
    const heap = this.heap;
    for (let i = 0; i < staged.length; i++) {
      const t = staged[i]!;
      if (t.called) this.canceled--;
      else heap.push(t);
    }
    staged.length = 0;
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
    const head = this.heap.peek();
    return head === undefined ? undefined : head.deadline;
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
    const all = [...this.heap.data, ...this.staged, ...this.zero.slice(this.zeroHead)];
    return all.sort(earlier);
  }
}
