/**
 * The hub's loop (eventlet/hubs/hub.py `BaseHub`), independent of how time passes.
 *
 * One iteration, in the order of H6:
 *   (a) tell waiters whose descriptor closed      listeners.closeAll()
 *   (b) staged timers into the heap               schedule.prepare(), draw(now)
 *   (c) fire every due timer, one clock reading   schedule.fire(now)
 *   (d) timers staged while firing into the heap  schedule.prepare()
 *   (e) sleep = next deadline - clock, or 60 s
 *   (f) wait(sleep), then dispatch readiness      wait() / listeners.dispatch()
 *
 * The hub knows nothing of green threads: a timer is a callback, and "main" is whatever registered itself
 * as `parent` (the greenthread layer does). Python's hub is a greenlet that main switches into; here the loop
 * is a plain function, `pump()`, entered when main first blocks and re-entered after every asynchronous
 * wait. Subclasses decide what "clock" and "wait" mean: real time on Node's event loop (realtime.ts) or a
 * virtual clock (virtual.ts).
 */
import { logger } from './logger.js';
import { exceptionChain, greenContext, isSystemException } from './errors.js';
import { activeTracer, onInstrumentationChange, type Tracer } from './trace.js';
import { Listeners, type ListenerHost, type ListenerKey, describeKey } from './listeners.js';
import { Schedule } from './schedule.js';
import { LocalTimer, Timer, type TimerCallback, type TimerOwner } from './timer.js';

const log = logger('greenhub:hub');

/** H6e: how long an idle hub sleeps when nothing is scheduled. */
export const DEFAULT_SLEEP = 60;

/** Longest stretch, in ms, a busy hub keeps Node's event loop from turning. */
export const SLICE_MS = 4;

/** The same while green threads wait on streams or Promises, which only Node's loop can wake. */
export const IO_SLICE_MS = 0.5;

/** What the hub needs from main, the green thread it belongs to (H15–H17). */
export interface HubParent {
  /** main is alive and blocked, waiting for the hub to switch back to it. */
  readonly suspended: boolean;
  /** H16: the loop died of `err`; raise it in main where main is blocked. */
  throwIn(err: unknown): void;
  /** H17: the loop ended by `abort()`; main's blocking call returns undefined. */
  resume(): void;
}

/** Where the hub prints (H9, H19); the default writes to stderr like Python's traceback module. */
export interface ErrorSink {
  traceback(err: unknown): void;
  line(text: string): void;
}

/**
 * H9/H19: the default ErrorSink: a Python-style "Traceback" block, then the thread's context, on stderr.
 * @example
 * getHub().errorSink = { traceback: (e) => lines.push(String(e)), line: (t) => lines.push(t) }; // capture instead
 */
export const stderrSink: ErrorSink = {
  traceback(err) {
    // An error with a cause or a recorded context prints the whole chain, oldest first, as Python does.
    let out = '';
    for (const { err: e, then } of exceptionChain(err)) {
      const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
      const ctx = greenContext(e);
      out += `Traceback (most recent call last):\n${text}\n${ctx === undefined ? '' : `  ${ctx}\n`}`;
      if (then !== undefined) out += `\n${then}\n\n`;
    }
    process.stderr.write(out);
  },
  line(text) {
    process.stderr.write(`${text}\n`);
  },
};

let currentOwner: () => TimerOwner | undefined = () => undefined;

/**
 * H3: tells the hub how to find the owner of a local timer being created ("the current green thread").
 * The greenthread layer installs this once; the hub itself has no notion of green threads.
 * @example
 * setTimerOwnerHook(() => runningGreenlet()); // done once by greenthread/greenlet.ts
 */
export function setTimerOwnerHook(hook: () => TimerOwner | undefined): void {
  currentOwner = hook;
}

/** For traces: the id and "name#id" of whoever is acting now (the owner hook knows the current thread). */
function actor(): [number, string] {
  const o = currentOwner() as { id?: number; name?: string } | undefined;
  return typeof o?.id === 'number' ? [o.id, `${String(o.name)}#${o.id}`] : [0, 'hub'];
}

const IDLE = 0;
const RUNNING = 1;
const WAITING = 2;

type LoopEnd = 'wait' | 'halted' | 'aborted';

/**
 * H6: the hub loop (timers, listeners, Node handles); Hub runs it on real time, VirtualHub on a virtual clock.
 * @example
 * useHub(new VirtualHub());
 * const hub: BaseHub = getHub();
 * hub.scheduleCallGlobal(1, () => console.log('one second later'));
 */
export abstract class BaseHub implements ListenerHost {
  readonly schedule = new Schedule();
  readonly listeners: Listeners = new Listeners(this);
  /** H9/H21: print exceptions escaping timer callbacks (`hubExceptions()`). */
  debugExceptions = true;
  errorSink: ErrorSink = stderrSink;
  /** main, once a green-thread runner has registered it. */
  parent: HubParent | undefined = undefined;
  /**
   * Things outside the hub that green threads are waiting on (Promises). A virtual hub with none of these,
   * no listener and no timer is deadlocked.
   */
  externalWaits = 0;
  /** eventlet's `running`: a loop is in progress (it survives asynchronous waits). */
  running = false;
  /** H17: set by abort(); the loop ends after the current iteration. */
  stopping = false;
  /** H15: main has ended; nothing will run again. */
  halted = false;
  /** The last clock reading; 0-delay timers are stamped with it (see schedule.ts). */
  now: number;
  /** Number of loop iterations begun; for inspection and tests. */
  iterations = 0;

  protected state = IDLE;
  /** The loop is between (f)'s wait and the dispatch that ends it. */
  private inWait = false;
  private wakeQueued = false;
  /** Set by any wake-up; a virtual hub uses it to know a wait was cut short. */
  protected woken = false;
  private readonly closers = new Set<() => void>();

  constructor() {
    this.now = 0;
  }

  /** H1: the hub's clock in seconds. */
  abstract clock(): number;

  /**
   * H6f: waits `seconds` (0 = just poll). Returns true when the wait is over already, false when it was
   * arranged asynchronously: the hub then returns to Node and `pump()` runs again when it ends.
   */
  protected abstract wait(seconds: number): boolean;

  /** Cancels whatever Node handle an asynchronous wait armed. */
  protected abstract disarm(): void;

  /**
   * H1: reads the clock and advances `now` (never backwards): what 0-delay timers are stamped with.
   * @example
   * const t0 = getHub().readClock();
   */
  readClock(): number {
    const t = this.clock();
    if (t > this.now) this.now = t;
    return t;
  }

  // --- scheduling (H1–H4) ----------------------------------------------------------------------------

  /**
   * H2: stages `timer`; it reaches the heap at the next prepare step. Never runs or yields.
   * @example
   * const t = getHub().addTimer(Timer.single(0.5, (g: Greenlet) => g.switch(), self));
   */
  addTimer(timer: Timer): Timer {
    const s = timer.seconds;
    if (this.halted) {
      throw new Error(
        "this hub's main green thread has ended, so nothing scheduled on it would ever run (H15); start a new " +
          'program with run(), or call useHub() to get a fresh hub',
      );
    }
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new RangeError(`timer delay must be a number of seconds, got ${String(s)}`);
    }
    // H1: deadline = clock + delay. 0-delay timers use the last reading (schedule.ts explains why that
    // keeps the order exact); a positive delay needs a fresh one, a negative delay is due anyway.
    timer.deadline = (s > 0 ? this.readClock() : this.now) + s;
    timer.hub = this;
    this.schedule.add(timer, s === 0);
    if (this.state !== RUNNING) this.wake();
    return timer;
  }

  /**
   * H3: a timer that always fires.
   * @example
   * const t = hub.scheduleCallGlobal(2, (msg: string) => console.log(msg), 'fired'); // t.cancel() to disarm
   */
  scheduleCallGlobal(seconds: number, cb: TimerCallback, ...args: unknown[]): Timer;
  scheduleCallGlobal(seconds: number, cb: TimerCallback): Timer {
    // The arguments are read through `arguments`: most calls pass one (a thread to resume), and a rest
    // parameter would allocate an array per timer for nothing (bench/FINDINGS.md, fourth round).
    const n = arguments.length;
    const timer =
      n === 3
        ? Timer.single(seconds, cb, arguments[2])
        : new Timer(seconds, cb, n > 3 ? Array.prototype.slice.call(arguments, 2) : undefined);
    return this.addTimer(timer);
  }

  /**
   * H3: a timer skipped if the green thread that created it has died by then.
   * @example
   * hub.scheduleCallLocal(timeout, deliver, self); // dropped if the creating thread has died
   */
  scheduleCallLocal(seconds: number, cb: TimerCallback, ...args: unknown[]): LocalTimer {
    const timer = new LocalTimer(currentOwner(), seconds, cb, args);
    this.addTimer(timer);
    return timer;
  }

  /** H4/H11: a timer reports its own cancellation here. */
  timerCanceled(_timer: Timer): void {
    this.schedule.timerCanceled();
  }

  // --- tracing (#7) ----------------------------------------------------------------------------------
  // While a tracer is on, addTimer, timerCanceled and fireTimer are replaced on the prototype by versions that
  // also record (`traced` at the end of this file), and the two wait hooks get bodies. Per timer, tracing off
  // runs no tracing code at all; per loop pass, two empty methods that V8 inlines to nothing.

  /** @internal (f) begins: the hub is about to wait `_seconds`. */
  onWaitStart(_seconds: number): void {}
  /** @internal (f) ends, before readiness is dispatched. */
  onWaitEnd(): void {}

  // --- listeners (H19) -------------------------------------------------------------------------------

  isSystemException(err: unknown): boolean {
    return isSystemException(err);
  }

  reportListenerError(err: unknown, key: ListenerKey): void {
    this.errorSink.traceback(err);
    this.errorSink.line(`Removing descriptor: ${describeKey(key)}`);
  }

  /**
   * H9: prints `err` through the errorSink (a Traceback on stderr by default) and carries on.
   * @example
   * try { cb(); } catch (err) { getHub().reportError(err); }
   */
  reportError(err: unknown): void {
    this.errorSink.traceback(err);
  }

  // --- control ---------------------------------------------------------------------------------------

  /**
   * H17: ends the loop after the current iteration (including its wait); ignored if no loop runs.
   * @example
   * getHub().abort(); // main's blocking call returns once this iteration ends
   */
  abort(): void {
    if (this.running) this.stopping = true;
  }

  /**
   * New work arrived from outside the loop (a Promise, a stream, a signal): make the loop run soon.
   * @example
   * stream.on('data', () => getHub().wake()); // Node callback: let the hub run its listeners soon
   */
  wake(): void {
    this.woken = true;
    if (this.state === RUNNING || this.wakeQueued || this.halted) return;
    this.wakeQueued = true;
    this.disarm();
    setImmediate(this.onWake);
  }

  private readonly onWake = (): void => {
    this.wakeQueued = false;
    if (this.state !== RUNNING && !this.halted) this.pump();
  };

  /**
   * H15: main has ended. Nothing runs again; every Node handle is released (D7).
   * @example
   * this.hub.halt(); // what main's exit does (run.ts): every closer runs, Node is released
   */
  halt(): void {
    if (this.halted) return;
    this.halted = true;
    this.disarm();
    log('halted: main has ended');
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  /**
   * H18: this hub is being forgotten: its timers and listeners are dropped, never resumed.
   * @example
   * getHub().dispose(); useHub(new VirtualHub()); // drop the old hub's timers and listeners
   */
  dispose(): void {
    this.halt();
    this.schedule.clear();
    this.listeners.clear();
  }

  /**
   * Registers cleanup to run when the hub halts (green IO releases its streams here, D7).
   * @example
   * const forget = getHub().addCloser(() => socket.destroy()); // forget() once closed by other means
   */
  addCloser(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /**
   * Runs the loop until it has to wait asynchronously, main ends, or (H17) an abort leaves main to
   * itself. Also the way main "switches to the hub": calling it while the loop runs does nothing, since the
   * caller is already inside a callback that returns to the loop. `first`, if given, runs before the loop
   * as though it were a timer callback (the runner starts main with it).
   * @example
   * hub.pump(() => main.drive(false, undefined)); // how run() starts main
   */
  pump(first?: () => void): void {
    if (this.state === RUNNING) {
      first?.();
      return;
    }
    this.disarm();
    this.state = RUNNING;
    this.woken = false;
    this.beginSlice();
    let next: 'wait' | 'idle' = 'idle';
    let pending = first;
    try {
      for (;;) {
        let end: LoopEnd;
        try {
          if (pending !== undefined) {
            const fn = pending;
            pending = undefined;
            this.guard({ call: fn });
            if (this.halted) return;
          }
          end = this.loop();
        } catch (err) {
          // H16: the loop died of a system exception (H9, H19) or a deadlock. Timers and listeners survive;
          // main gets the error where it blocked, and when it blocks again a fresh loop carries on.
          this.running = false;
          this.stopping = false;
          this.inWait = false;
          const parent = this.parent;
          if (parent === undefined || !parent.suspended || this.halted) throw err;
          log('loop ended by %s; raising it in main', (err as Error)?.name ?? err);
          this.guard({ call: () => parent.throwIn(err) });
          continue;
        }
        if (end === 'wait') {
          next = 'wait';
          return;
        }
        if (end === 'aborted' && this.parent?.suspended && !this.halted) {
          this.guard({ call: () => this.parent!.resume() });
          continue;
        }
        return;
      }
    } finally {
      this.state = next === 'wait' ? WAITING : IDLE;
    }
  }

  /**
   * Runs a timer, or anything else called from the loop, the way fire_timers does (H9): SystemExit and
   * friends end the loop; anything else is printed and the loop goes on.
   */
  private guard(target: { call(): void }): void {
    try {
      target.call();
    } catch (err) {
      if (isSystemException(err)) throw err;
      if (this.debugExceptions) this.errorSink.traceback(err);
    }
  }

  private readonly invoke = (timer: Timer): void => this.fireTimer(timer);

  /** @internal H8: runs one due timer for schedule.fire(). */
  fireTimer(timer: Timer): void {
    // Keeps the stamp of 0-timers made during a long pass close to the true time (schedule.ts, "Now").
    if ((++this.work & 15) === 0) this.readClock();
    this.guard(timer);
  }

  private readonly isHalted = (): boolean => this.halted;

  /** Timer callbacks run since the time slice was last checked. */
  protected work = 0;
  private spins = 0;
  private sliceStart = 0;

  /** A pump begins a time slice of Node's loop. */
  private beginSlice(): void {
    this.sliceStart = performance.now();
    this.work = 0;
    this.spins = 0;
  }

  /**
   * True once the loop has kept Node's event loop waiting for a whole slice of real time, so that signals,
   * Promise settlements and sockets get their turn. The slice is SLICE_MS, or IO_SLICE_MS while a green thread
   * waits on a stream or a Promise (their readiness arrives only through Node's loop). Without those the real
   * clock is read only every so many callbacks or empty iterations: a read costs about as much as a switch.
   */
  protected sliceExpired(): boolean {
    if (this.externalWaits > 0 || this.listeners.any) {
      // eventlet polls its descriptors at every iteration (H12): with a stream or Promise waited on, read the
      // clock at every empty wait, so that readiness that came while a step ran long is seen at once.
      return performance.now() - this.sliceStart >= IO_SLICE_MS;
    }
    if (this.work < 256 && ++this.spins < 64) return false;
    this.work = 0;
    this.spins = 0;
    return performance.now() - this.sliceStart >= SLICE_MS;
  }

  private loop(): LoopEnd {
    const schedule = this.schedule;
    const listeners = this.listeners;
    if (!this.running) {
      this.running = true;
      this.stopping = false;
    } else if (this.inWait) {
      // Back from an asynchronous wait: its end is the dispatch of whatever became ready (H6f).
      this.inWait = false;
      this.onWaitEnd();
      listeners.dispatch();
      if (this.halted) return 'halted';
    }
    while (!this.stopping) {
      this.iterations++;
      if (listeners.hasClosed) listeners.closeAll(); // (a)
      if (this.halted) return 'halted';
      schedule.prepare(); // (b)
      let early: number | undefined;
      if (schedule.reserveLeft > 0) {
        // A reserve (schedule.ts) gives the heap what falls due by this pass's reading, so that is taken first.
        early = this.readClock();
        schedule.draw(early);
      }
      const due = schedule.nextDeadline();
      if (due !== undefined) {
        // (c) one reading for the pass (H8); a pass holding only 0-timers needs none.
        const now = early ?? (due === -Infinity && schedule.heap.length === 0 ? this.now : this.readClock());
        schedule.fire(now, this.invoke, this.isHalted);
        if (this.halted) return 'halted';
      }
      schedule.prepare(); // (d)
      const wake = schedule.nextDeadline(); // (e), H10: a cancelled head counts
      let sleep: number;
      if (wake === undefined) sleep = DEFAULT_SLEEP;
      else if (wake === -Infinity) sleep = 0;
      else sleep = wake - this.readClock();
      this.inWait = true; // (f)
      this.onWaitStart(sleep > 0 ? sleep : 0);
      if (!this.wait(sleep > 0 ? sleep : 0)) return 'wait';
      this.inWait = false;
      this.onWaitEnd();
      listeners.dispatch();
      if (this.halted) return 'halted';
    }
    // H17: an abort ends the loop and discards every timer.
    schedule.clear();
    this.running = false;
    this.stopping = false;
    log('loop aborted; timers discarded');
    return 'aborted';
  }

  /** @internal For the traced wait hooks: when (f) began and what it asked for. */
  waitStart = 0;
  /** @internal */
  waitAsked = 0;
  /** @internal The tracer that saw (f) begin. */
  waitTracer: Tracer | undefined = undefined;

  /** True while the loop itself is running (inside a timer or listener callback, or main's first steps). */
  get inLoop(): boolean {
    return this.state === RUNNING;
  }

  /** True while main is blocked on this hub: an idle hub then keeps the process alive (D7). */
  protected get keepAlive(): boolean {
    return this.parent !== undefined && this.parent.suspended && !this.halted;
  }
}

type Traced = 'addTimer' | 'timerCanceled' | 'fireTimer' | 'onWaitStart' | 'onWaitEnd';

/** The methods as the class defines them: what runs with tracing off. */
const quiet: Pick<BaseHub, Traced> = {
  addTimer: BaseHub.prototype.addTimer,
  timerCanceled: BaseHub.prototype.timerCanceled,
  fireTimer: BaseHub.prototype.fireTimer,
  onWaitStart: BaseHub.prototype.onWaitStart,
  onWaitEnd: BaseHub.prototype.onWaitEnd,
};

/** The same, recording as they go; installed only while a tracer is on, so `activeTracer` is set. */
const traced: Pick<BaseHub, Traced> & ThisType<BaseHub> = {
  addTimer(timer) {
    quiet.addTimer.call(this, timer);
    const [tid, who] = actor();
    activeTracer!.record('timer-add', tid, who, timer.label, { delay: timer.seconds, due: timer.deadline });
    return timer;
  },
  timerCanceled(timer) {
    const [tid, who] = actor();
    activeTracer!.record('timer-cancel', tid, who, timer.label, { delay: timer.seconds, due: timer.deadline });
    quiet.timerCanceled.call(this, timer);
  },
  fireTimer(timer) {
    activeTracer!.record('timer-fire', 0, 'hub', timer.label, { delay: timer.seconds, due: timer.deadline });
    quiet.fireTimer.call(this, timer);
  },
  onWaitStart(seconds) {
    this.waitStart = performance.now();
    this.waitAsked = seconds;
    this.waitTracer = activeTracer;
  },
  onWaitEnd() {
    // A wait that began before this tracer started (or under an earlier one) has no start: no duration.
    const timed = this.waitTracer === activeTracer && this.waitStart !== 0;
    const dur = timed ? (performance.now() - this.waitStart) * 1000 : 0;
    activeTracer!.record('wait', 0, 'hub', '', { seconds: timed ? this.waitAsked : 0, clock: this.clock() }, dur);
    this.waitStart = 0;
    this.waitTracer = undefined;
  },
};

// Every hub, whatever its subclass, shares these prototype slots; replacing them also drops optimized code
// that had inlined the old ones.
onInstrumentationChange(() => Object.assign(BaseHub.prototype, activeTracer === undefined ? quiet : traced));
