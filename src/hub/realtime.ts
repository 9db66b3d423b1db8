/**
 * The real-time hub (N2, N10): monotonic clock, waits on Node's event loop.
 *
 * The wait phase arms a single Node timer for the computed sleep and returns; Node's loop is never blocked.
 * A wait of 0 with nothing ready is a no-op (H12): the next iteration starts at once, without a Node turn,
 * except that a hub busy for a whole time slice takes one (an immediate) so that I/O, signals and Promise
 * settlements are never starved. Readiness, signals and timers added from outside end a wait early
 * through `wake()`.
 */
import { BaseHub } from './hub.js';

/** setTimeout's longest delay (2^31 - 1 ms); longer sleeps re-arm. */
const MAX_TIMEOUT_MS = 0x7fffffff;

/**
 * N2/N10: the default hub: a monotonic clock, waits handed to Node's event loop (never blocking it).
 * @example
 * useHub(Hub); // later hubs are real-time ones (the default)
 */
export class Hub extends BaseHub {
  private timeout: NodeJS.Timeout | undefined = undefined;
  private immediate: NodeJS.Immediate | undefined = undefined;

  constructor() {
    super();
    this.now = this.clock();
  }

  /**
   * N10: monotonic seconds.
   * @example
   * const started = getHub().clock(); yield* sleep(0.1); console.log(getHub().clock() - started); // ≈ 0.1
   */
  clock(): number {
    return performance.now() / 1000;
  }

  protected wait(seconds: number): boolean {
    if (this.listeners.hasReady || this.listeners.hasClosed) return true;
    if (seconds <= 0) {
      if (!this.sliceExpired()) return true;
      this.immediate = setImmediate(this.resume);
      return false;
    }
    if (seconds < 0.001) {
      // Node's timers count whole milliseconds; spin through the check phase instead of oversleeping.
      this.immediate = setImmediate(this.resume);
      return false;
    }
    // D7: nothing scheduled and no main to keep alive: arm nothing, so Node may exit; wake() restarts us.
    if (this.schedule.size === 0 && !this.keepAlive) return false;
    this.timeout = setTimeout(this.resume, Math.min(Math.ceil(seconds * 1000), MAX_TIMEOUT_MS));
    return false;
  }

  protected disarm(): void {
    if (this.timeout !== undefined) {
      clearTimeout(this.timeout);
      this.timeout = undefined;
    }
    if (this.immediate !== undefined) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
  }

  private readonly resume = (): void => {
    this.timeout = undefined;
    this.immediate = undefined;
    this.pump();
  };
}
