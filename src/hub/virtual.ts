/**
 * The virtual-time hub (H1, N10): the clock starts at 0 and moves only in the wait phase, where it jumps to
 * the next deadline instead of sleeping. A program with no outside dependency runs to completion inside
 * one call, deterministically, however much virtual time it spends.
 *
 * Outside dependencies (a Promise a green thread awaits, a stream listener) are the exception: before
 * moving the clock the hub gives Node's loop one turn, and if something arrived in it the clock stays put.
 *
 * Deadlock: main blocked, no timer held, nothing outside awaited. Nothing can ever happen again, so instead
 * of hanging the hub raises `Deadlock` in main (or calls `onDeadlock`, which the conformance harness uses
 * to print the oracle's DEADLOCK line).
 */
import { Deadlock } from './errors.js';
import { BaseHub } from './hub.js';

/**
 * H1/N10: a hub whose clock is virtual: waits jump to the next deadline, a stuck main gets Deadlock.
 * @example
 * useHub(new VirtualHub());
 * await run(function* () { yield* sleep(3600); console.log(getHub().clock()); }); // 3600, at once
 */
export class VirtualHub extends BaseHub {
  /** Virtual seconds since the hub was created. */
  time = 0;
  /** Called instead of raising Deadlock in main, if set. */
  onDeadlock: (() => void) | undefined = undefined;
  private immediate: NodeJS.Immediate | undefined = undefined;
  private pendingAdvance = 0;

  /**
   * H1: the virtual clock, in seconds since the hub was made.
   * @example
   * const t0 = getHub().clock(); yield* sleep(5); getHub().clock() - t0; // exactly 5
   */
  clock(): number {
    return this.time;
  }

  private get awaitsOutside(): boolean {
    return this.externalWaits > 0 || this.listeners.any;
  }

  protected wait(seconds: number): boolean {
    if (this.listeners.hasReady || this.listeners.hasClosed) return true;
    if (this.schedule.size === 0) {
      if (this.awaitsOutside) return false; // a wake() from outside restarts the loop
      if (!this.keepAlive) return false; // no main blocked on us: simply done
      if (this.onDeadlock !== undefined) {
        this.onDeadlock();
        return false;
      }
      throw new Deadlock();
    }
    if (seconds <= 0) {
      if (!this.awaitsOutside || !this.sliceExpired()) return true;
      this.pendingAdvance = 0;
      this.woken = false;
      this.immediate = setImmediate(this.afterTurn);
      return false;
    }
    if (this.awaitsOutside) {
      this.pendingAdvance = seconds;
      this.woken = false;
      this.immediate = setImmediate(this.afterTurn);
      return false;
    }
    this.advance(seconds);
    return true;
  }

  /**
   * Moves the clock by `seconds`, landing exactly on the heap head when that is what was asked for.
   * @example
   * hub.advance(2.5); // the clock moves; timers due by then fire in the next iteration
   */
  advance(seconds: number): void {
    let target = this.time + seconds;
    const head = this.schedule.nextTimed();
    if (head !== undefined && Math.abs(target - head) <= 1e-9 * Math.max(1, Math.abs(head))) target = head;
    if (target > this.time) this.time = target;
    this.now = this.time;
  }

  protected disarm(): void {
    if (this.immediate !== undefined) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
  }

  private readonly afterTurn = (): void => {
    this.immediate = undefined;
    // Nothing arrived during the turn: the wait runs its full (virtual) length.
    if (!this.woken && this.pendingAdvance > 0) this.advance(this.pendingAdvance);
    this.pendingAdvance = 0;
    this.pump();
  };
}
