/**
 * Timers: one entry of the hub's schedule (eventlet/hubs/timer.py).
 *
 * Rules implemented here (SEMANTICS.md):
 * - H3  a global timer always fires; a local timer remembers its owner (the green thread that made it)
 *       and silently skips its callback when that owner is dead at firing time.
 * - H4  `called` is set before the callback runs, so a timer runs at most once; `cancel()` of an uncalled
 *       timer marks it called, drops the callback and reports to the hub (H11); cancelling a fired or
 *       cancelled timer does nothing.
 */

/** Whatever a local timer belongs to: the hub only needs to know whether it has died. */
export interface TimerOwner {
  readonly dead: boolean;
}

/** The slice of the hub a timer reports its cancellation to (H11). */
export interface CancelSink {
  timerCanceled(timer: Timer): void;
}

export type TimerCallback = (...args: any[]) => void;

/** A timer's arguments when it has none; one argument is kept as itself, two or more in an ArgList. */
const NO_ARGS: unique symbol = Symbol('no arguments');

/** Two or more callback arguments (an array argument on its own stays an argument, not a list). */
class ArgList {
  constructor(readonly list: unknown[]) {}
}

/**
 * H3/H4: a global timer: calls `cb(...args)` once when due, unless cancelled first.
 * @example
 * const t = getHub().addTimer(new Timer(1.5, (a: string, b: string) => console.log(a, b), ['x', 'y']));
 */
export class Timer {
  /** Delay in seconds, as given. */
  readonly seconds: number;
  /** Absolute due time on the hub's clock, set when the timer is added. */
  deadline = 0;
  /** Tie-breaker for equal deadlines: the hub's count of added timers (D1). */
  seq = -1;
  called = false;
  /** Set by the hub on add; the timer reports its cancellation there. */
  hub: CancelSink | undefined = undefined;
  protected cb: TimerCallback | undefined;
  /**
   * The callback's arguments: NO_ARGS, the one argument itself (most timers resume one thread, and every
   * live timer carries this field), or an ArgList.
   */
  protected args: unknown;

  constructor(seconds: number, cb?: TimerCallback, args?: unknown[]) {
    this.seconds = seconds;
    this.cb = cb;
    const n = args === undefined ? 0 : args.length;
    this.args = n === 0 ? NO_ARGS : n === 1 ? args![0] : new ArgList(args!);
  }

  /**
   * A timer calling `cb(arg)`. The same as `new Timer(seconds, cb, [arg])` without the array; the green-thread
   * layer makes one per sleep, spawn and wake-up.
   * @example
   * getHub().addTimer(Timer.single(0, (g: Greenlet) => g.switch(), self)); // wake `self` next pass
   */
  static single(seconds: number, cb: (arg: any) => void, arg: unknown): Timer {
    const t = new Timer(seconds, cb);
    t.args = arg;
    return t;
  }

  /**
   * Whether `x` is one of the callback's arguments (inspection: which timer will resume a thread).
   * @example
   * const wakers = getHub().schedule.snapshot().filter((t) => t.hasArg(gt)); // what will resume gt
   */
  hasArg(x: unknown): boolean {
    const args = this.args;
    if (args instanceof ArgList) return args.list.includes(x);
    return args !== NO_ARGS && args === x;
  }

  /** True until the timer has fired or been cancelled (H4). */
  get pending(): boolean {
    return !this.called;
  }

  /**
   * Runs the callback once; the hub calls this when the timer is due.
   * @example
   * timer.call(); // what the hub does when it is due; a second call is a no-op
   */
  call(): void {
    if (this.called) return;
    this.called = true; // H4: before the callback, so a re-entrant call is a no-op
    const cb = this.cb!;
    const args = this.args;
    this.cb = undefined;
    this.args = NO_ARGS;
    if (args === NO_ARGS) cb();
    else if (args instanceof ArgList) cb(...args.list);
    else cb(args);
  }

  /**
   * Prevents the timer from firing. Idempotent (H4).
   * @example
   * const t = hub.scheduleCallGlobal(5, onTimeout);
   * t.cancel(); // onTimeout never runs; cancelling again does nothing
   */
  cancel(): void {
    if (this.called) return;
    this.called = true;
    if (this.hub !== undefined) this.hub.timerCanceled(this);
    this.cb = undefined;
    this.args = NO_ARGS;
  }

  /** What the timer will do, for traces and dumps: its callback's name and the thread it resumes, if any. */
  get label(): string {
    const name = this.cb?.name || 'callback';
    const args = this.args;
    const first = (args instanceof ArgList ? args.list[0] : args) as { name?: unknown; id?: unknown } | undefined;
    if (first !== null && typeof first === 'object' && typeof first.id === 'number') {
      return `${name} ${String(first.name)}#${first.id}`;
    }
    return name;
  }
}

/**
 * H3: a timer whose callback is skipped when its owner has died before it fires.
 * @example
 * const t = hub.scheduleCallLocal(1, deliver, self); // skipped if this thread dies before it fires
 */
export class LocalTimer extends Timer {
  owner: TimerOwner | undefined;

  constructor(owner: TimerOwner | undefined, seconds: number, cb: TimerCallback, args?: unknown[]) {
    super(seconds, cb, args);
    this.owner = owner;
  }

  override get pending(): boolean {
    if (this.owner === undefined || this.owner.dead) return false;
    return !this.called;
  }

  /**
   * H3: as Timer.call, but a dead owner makes it a silent no-op.
   * @example
   * timer.call();
   */
  override call(): void {
    if (this.called) return;
    if (this.owner !== undefined && this.owner.dead) {
      this.called = true;
      this.cb = undefined;
      this.args = NO_ARGS;
      return;
    }
    super.call();
  }

  /**
   * H4: as Timer.cancel; also forgets the owner.
   * @example
   * t.cancel();
   */
  override cancel(): void {
    this.owner = undefined;
    super.cancel();
  }
}
