/**
 * Green threads and their driver: the one place where generators are stepped (N1).
 *
 * Python's greenlets switch stacks; here every green thread is a generator and the driver is a trampoline.
 * The hub calls `g.switch(v)` from a timer callback; the driver steps g until it yields SUSPEND (it blocked:
 * control returns to the hub) or a Switch (control goes straight to another thread, no hub in between), or
 * until it finishes, which returns control to the hub as a finishing greenlet returns to its parent.
 */
import { AssertionError, GREEN_CONTEXT } from '../hub/errors.js';
import { activeTracer, onInstrumentationChange } from '../hub/trace.js';
import { blockingDetector, callerSite, reportStep, spawnSitesOn } from './debug.js';
import { getHub } from '../hub/current.js';
import { setTimerOwnerHook, type BaseHub } from '../hub/hub.js';
import { GreenletExit, raisable } from './errors.js';
import { SUSPEND, Switch, type Green, type GreenFunction } from './ops.js';

const NEW = 0;
const RUNNING = 1;
const SUSPENDED = 2;
const DEAD = 3;

/**
 * What `getcurrent()` returns inside timer and listener callbacks: the hub's own context (G5).
 * @example
 * if (getcurrent() === HUB) console.log('called from a timer or listener callback');
 */
export class HubContext {
  readonly name = 'hub';
  readonly dead = false;
  toString(): string {
    return '<hub>';
  }
}
export const HUB = new HubContext();

let nextId = 1;
let current: Greenlet | undefined;
let creationHook: ((g: Greenlet) => void) | undefined;

/**
 * @internal N9: lets registry.ts see every green thread as it is created (the backdoor's `pgt`/`fo` list
 * the live ones). One hook; undefined removes it.
 */
export function setCreationHook(hook: ((g: Greenlet) => void) | undefined): void {
  creationHook = hook;
}

setTimerOwnerHook(() => current ?? HUB);

function isIterator(x: unknown): x is Iterator<unknown, unknown, unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as Iterator<unknown>).next === 'function' &&
    typeof (x as Iterator<unknown>).throw === 'function'
  );
}

/**
 * %GeneratorPrototype%: every generator object inherits from it. Asking it first keeps `begin()` cheap when
 * each spawn brings a new generator function (an inline `function* () {}` in a loop), where probing
 * `next`/`throw` on objects of ever-new shapes goes megamorphic.
 */
const GeneratorPrototype: Generator = Object.getPrototypeOf(function* () {}).prototype;
/** The one `next`/`throw` every generator shares; calling them directly skips a megamorphic lookup. */
const genNext = GeneratorPrototype.next;
const genThrow = GeneratorPrototype.throw;

/**
 * A body that is some other iterator (anything with `next` and `throw`) is stepped through this generator, so
 * that the driver only ever steps real generators.
 */
function* adopt(it: Iterator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown> {
  let thr = false;
  let val: unknown;
  for (;;) {
    const r = thr ? it.throw!(val) : it.next(val);
    if (r === null || typeof r !== 'object' || isThenable(r)) {
      throw new TypeError(
        `a green thread's body is an iterator whose ${thr ? 'throw' : 'next'}() returned ${describe(r)}, not an ` +
          'iterator result; async iterators cannot be green thread bodies: write a generator function',
      );
    }
    if (r.done) return r.value;
    try {
      val = yield r.value;
      thr = false;
    } catch (err) {
      val = err;
      thr = true;
    }
  }
}

/** A plain function's body has run to completion by the time it is begun; this hands over its result. */
// eslint-disable-next-line require-yield
function* returned(value: unknown): Generator<never, unknown, unknown> {
  return value;
}

/** Spawn sites, when captured (`captureSpawnSites`): kept beside the threads so that a thread without one pays nothing. */
const spawnSites = new WeakMap<Greenlet, string>();

function isThenable(x: unknown): boolean {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function';
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/**
 * Rejects what can never be a green thread's body, at spawn time, with the fix.
 * @example
 * checkBody(fn, 'myPool.spawn'); // TypeError with the fix for an async function or a non-function
 */
export function checkBody(fn: unknown, who: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`${who}() needs a function to run in the green thread, got ${describe(fn)}`);
  }
  if (fn instanceof AsyncFunction || fn instanceof AsyncGeneratorFunction) {
    throw new TypeError(
      `${who}() got an async function (${fn.name || 'anonymous'}); a green thread is a generator function: ` +
        `write function* ${fn.name || 'f'}() { ... } and wait for Promises with yield* awaitPromise(p)`,
    );
  }
}

function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x)}`;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return `the ${typeof x} ${String(x)}`;
  if (typeof x === 'symbol') return String(x);
  if (typeof x === 'function') return `the function ${x.name || '(anonymous)'}`;
  if (isIterator(x)) return 'a generator object';
  if (isThenable(x)) return 'a Promise';
  return `an object (${(x as object).constructor?.name ?? 'Object'})`;
}

/** The TypeError thrown into a thread that yielded something that is not a blocking operation. */
function badYield(value: unknown): TypeError {
  let hint: string;
  if (isIterator(value)) {
    hint = 'delegate to a blocking call with yield*: write `yield* sleep(1)`, not `yield sleep(1)`';
  } else if (isThenable(value)) {
    hint = 'to wait for a Promise, write `yield* awaitPromise(promise)`';
  } else {
    hint = 'green threads only suspend through blocking calls, delegated with yield* (e.g. `yield* sleep(0)`)';
  }
  return new TypeError(`a green thread yielded ${describe(value)}; ${hint}`);
}

/**
 * A bare green thread (a greenlet): what `spawnN` makes. No result, no links, no wait (G2).
 * @example
 * const g = spawnN(function* () { yield* sleep(1); });
 * console.log(String(g), g.started, g.dead);
 */
export class Greenlet {
  readonly id = nextId++;
  name: string;
  readonly hub: BaseHub;
  /** @internal 0 new, 1 running, 2 suspended, 3 dead */
  state = NEW;
  /** @internal Always a real generator (see begin), so the driver calls the shared `next`/`throw` directly. */
  gen: Generator<unknown, unknown, unknown> | undefined = undefined;
  /** The blocking primitive this thread last entered (meaningful while it is suspended). */
  blockedIn = '';
  private fn: GreenFunction | undefined;
  private args: unknown[] | undefined;

  constructor(fn: GreenFunction, args: unknown[] = [], hub: BaseHub = getHub()) {
    this.fn = fn;
    this.args = args;
    this.hub = hub;
    // A bound method's name is "bound f"; the thread is f.
    const name = fn.name;
    this.name = (name.startsWith('bound ') ? name.slice(6) : name) || 'greenthread';
    if (spawnSitesOn) {
      const site = callerSite();
      if (site !== undefined) spawnSites.set(this, site);
    }
    if (activeTracer !== undefined) {
      const by = current === undefined ? 'hub' : current.label;
      activeTracer.record('spawn', current?.id ?? 0, by, this.label, this.spawnSite ? { site: this.spawnSite } : {});
    }
    creationHook?.(this);
  }

  /** Where the thread was created, when spawn sites are captured (`captureSpawnSites`). */
  get spawnSite(): string | undefined {
    return spawnSites.get(this);
  }

  /** Finished, however it ended. */
  get dead(): boolean {
    return this.state === DEAD;
  }

  /** Has begun to run (or was killed before it could). */
  get started(): boolean {
    return this.state !== NEW;
  }

  /** "name#id", as traces and inspection show it. */
  get label(): string {
    return `${this.name}#${this.id}`;
  }

  /** Python's `bool(greenlet)`: started and not dead. */
  get active(): boolean {
    return this.state === RUNNING || this.state === SUSPENDED;
  }

  /** Blocked in a primitive, waiting to be switched back to. */
  get suspended(): boolean {
    return this.state === SUSPENDED;
  }

  /**
   * G5: resumes this thread with `value` (its blocking call returns it). For hub context: timer and
   * listener callbacks. A green thread switches with `yield* switchTo(g, value)`.
   */
  switch(value?: unknown): void {
    this.fromHub('switch');
    this.drive(false, value);
  }

  /**
   * G5: raises `err` in this thread at its suspension point (an exception class is instantiated, as
   * greenlet.throw does). For hub context, like `switch`.
   * @example
   * hub.scheduleCallGlobal(5, (g: Greenlet) => g.throw(new Error('took too long')), self);
   */
  throw(err: unknown = new GreenletExit()): void {
    this.fromHub('throw');
    this.drive(true, raisable(err, 'throw()'));
  }

  private fromHub(what: string): void {
    if (current !== undefined) {
      throw new Error(
        `${what}() resumes a green thread from hub context (a timer or listener callback); from inside a green ` +
          `thread use yield* ${what === 'switch' ? 'switchTo' : 'throwTo'}(g, value)`,
      );
    }
  }

  /** @internal Builds the generator of the body; a plain function has already finished. */
  begin(): Generator<unknown, unknown, unknown> {
    const fn = this.fn!;
    const args = this.args!;
    this.fn = undefined;
    this.args = undefined;
    const out = fn(...args);
    if (GeneratorPrototype.isPrototypeOf(out as object)) return out as Generator<unknown, unknown, unknown>;
    if (isIterator(out)) return adopt(out);
    if (isThenable(out)) {
      throw new TypeError(
        `the body of green thread ${this.name} returned a Promise; green threads are generator functions, ` +
          'use yield* awaitPromise(p) to wait for a Promise',
      );
    }
    return returned(out);
  }

  /**
   * @internal Called in this thread's context when its body has finished. The bare greenlet hands a failure
   * to its parent, the hub, which prints it (G7); GreenletExit is a normal exit. A subclass may return more
   * work for the thread to run before it dies (GreenThread's blocking links, G8); exit is called again when
   * that work ends.
   */
  exit(_value: unknown, error: unknown, failed: boolean): Green<unknown> | undefined {
    if (failed && !(error instanceof GreenletExit)) throw this.withContext(error);
    return undefined;
  }

  /** Attaches "in green thread X, spawned at Y" to an error on its way to the hub's printer. */
  protected withContext(error: unknown): unknown {
    if (error !== null && typeof error === 'object' && Object.isExtensible(error)) {
      const where = this.spawnSite === undefined ? '' : `, spawned ${this.spawnSite}`;
      Object.defineProperty(error, GREEN_CONTEXT, {
        value: `in green thread ${this.name}#${this.id}${where}`,
        enumerable: false,
        configurable: true,
      });
    }
    return error;
  }

  /**
   * @internal Runs this thread from hub context until it blocks or finishes (the trampoline, `driveQuiet`);
   * replaced on the prototype by the observed driver while tracing or blocking detection is on (#7).
   */
  drive(isThrow: boolean, value: unknown): void {
    driveQuiet(this, isThrow, value);
  }

  /** @internal Kill before start (G10): the body never runs. */
  killUnstarted(_exc: unknown): void {
    this.abandon();
  }

  /** @internal Dead without having run: the body is dropped, and no exit hook runs. */
  abandon(): void {
    this.state = DEAD;
    this.fn = undefined;
    this.args = undefined;
  }

  toString(): string {
    return `<${this.constructor.name} ${this.label}>`;
  }
}

/**
 * The trampoline. Steps `g` (resumed with `value`, or with `value` thrown in) and follows Switches until a
 * thread blocks or finishes; then returns to the caller, which is always hub context.
 *
 * There are two copies of this loop: this one, and `driveObserved` below, the same loop with the tracer's and
 * the blocking detector's records around each step. `Greenlet.prototype.drive` runs one or the other (the
 * installer below swaps them when an instrument is turned on or off), so that with both off the switch path
 * runs no instrument code at all, not even an empty call (#7; the switch benchmark compares greenhub with a
 * copy stripped of every hook). Change them together: test/trace.test.ts runs the same program under both.
 */
function driveQuiet(g: Greenlet, isThrow: boolean, value: unknown): void {
  const outer = current;
  let target = g;
  let thr = isThrow;
  let val = value;
  try {
    for (;;) {
      if (target.state === DEAD) {
        // Switching to a dead greenlet goes to its parent, the hub: a resume is a no-op, an error lands there.
        if (thr) throw val;
        return;
      }
      current = target;
      const wasNew = target.state === NEW;
      if (wasNew && thr) {
        // G5: an error thrown into a thread that never ran kills it before its first line, as with greenlets:
        // nothing of it runs, not even a GreenThread's exit (its waiters wait on, its links never run). The
        // error goes on to the parent, the hub, unless it is GreenletExit.
        target.abandon();
        if (val instanceof GreenletExit) return;
        throw val;
      }
      target.state = RUNNING;
      let step: IteratorResult<unknown, unknown>;
      try {
        step = stepOnce(target, wasNew, thr, val);
      } catch (err) {
        if (!finish(target, undefined, err, true)) return;
        thr = false; // the dying thread goes on with its blocking links (G8)
        val = undefined;
        continue;
      }
      if (step.done) {
        if (!finish(target, step.value, undefined, false)) return;
        thr = false;
        val = undefined;
        continue;
      }
      const op = step.value;
      if (op === SUSPEND) {
        target.state = SUSPENDED;
        return;
      }
      if (op instanceof Switch) {
        if (op.target !== target) target.state = SUSPENDED;
        target = op.target;
        thr = op.isThrow;
        val = op.value;
        continue;
      }
      // Not one of ours: raise a TypeError at the offending yield, in the same thread.
      thr = true;
      val = badYield(op);
    }
  } finally {
    current = outer;
  }
}

/** `driveQuiet` with each step observed: what runs while tracing or blocking detection is on. */
function driveObserved(g: Greenlet, isThrow: boolean, value: unknown): void {
  const outer = current;
  let target = g;
  let thr = isThrow;
  let val = value;
  try {
    for (;;) {
      if (target.state === DEAD) {
        if (thr) throw val;
        return;
      }
      current = target;
      const wasNew = target.state === NEW;
      if (wasNew && thr) {
        target.abandon();
        if (val instanceof GreenletExit) return;
        throw val;
      }
      target.state = RUNNING;
      observeResume(target, wasNew);
      let step: IteratorResult<unknown, unknown>;
      try {
        step = stepOnce(target, wasNew, thr, val);
      } catch (err) {
        observeFinish(target, err, true);
        if (!finish(target, undefined, err, true)) return;
        thr = false;
        val = undefined;
        continue;
      }
      if (step.done) {
        observeFinish(target, undefined, false);
        if (!finish(target, step.value, undefined, false)) return;
        thr = false;
        val = undefined;
        continue;
      }
      const op = step.value;
      if (op === SUSPEND) {
        target.state = SUSPENDED;
        observeSuspend(target, undefined);
        return;
      }
      if (op instanceof Switch) {
        observeSuspend(target, op.target);
        if (op.target !== target) target.state = SUSPENDED;
        target = op.target;
        thr = op.isThrow;
        val = op.value;
        continue;
      }
      stepEnded(target); // the step is over, even though what it yielded is raised back into it
      thr = true;
      val = badYield(op);
    }
  } finally {
    current = outer;
  }
}

/** One step of `target`'s body: its start, an error thrown in at its suspension point, or a resume with a value. */
function stepOnce(target: Greenlet, wasNew: boolean, thr: boolean, val: unknown): IteratorResult<unknown, unknown> {
  if (wasNew) {
    target.gen = target.begin();
    return genNext.call(target.gen);
  }
  return thr ? genThrow.call(target.gen!, val) : genNext.call(target.gen!, val);
}

/** When the running step began, for blocking detection (one step runs at a time). */
let stepStart = 0;

function observeResume(g: Greenlet, start: boolean): void {
  activeTracer?.record('resume', g.id, g.label, '', start ? { start: true } : {});
  if (blockingDetector !== undefined) stepStart = performance.now();
}

function observeSuspend(g: Greenlet, to: Greenlet | undefined): void {
  stepEnded(g);
  activeTracer?.record('suspend', g.id, g.label, '', to === undefined ? { in: g.blockedIn } : { switch: to.label });
}

function observeFinish(g: Greenlet, error: unknown, failed: boolean): void {
  stepEnded(g);
  if (failed) activeTracer?.record('finish', g.id, g.label, '', { error: String((error as Error)?.name ?? error) });
  else activeTracer?.record('finish', g.id, g.label);
}

function stepEnded(g: Greenlet): void {
  // A step that began before detection was turned on has no start: it is not judged.
  if (stepStart !== 0) reportStep(g, performance.now() - stepStart);
  stepStart = 0;
}

const quietDrive = Greenlet.prototype.drive;
function observedDrive(this: Greenlet, isThrow: boolean, value: unknown): void {
  driveObserved(this, isThrow, value);
}

onInstrumentationChange(() => {
  const on = activeTracer !== undefined || blockingDetector !== undefined;
  Greenlet.prototype.drive = on ? observedDrive : quietDrive;
});

function finish(g: Greenlet, value: unknown, error: unknown, failed: boolean): boolean {
  g.gen = undefined;
  current = g; // links and exit hooks run in the dying thread (G8)
  let more: Green<unknown> | undefined;
  try {
    more = g.exit(value, error, failed);
  } finally {
    // G8: as in eventlet, where links run inside the greenlet's main, the thread is not dead until they are done.
    if (more === undefined) g.state = DEAD;
  }
  if (more === undefined) return false;
  g.gen = GeneratorPrototype.isPrototypeOf(more) ? (more as Generator<unknown, unknown, unknown>) : adopt(more);
  return true;
}

/**
 * G5: the running green thread; the hub's context inside timer and listener callbacks; undefined outside
 * any green program.
 * @example
 * function* f() { console.log(getcurrent()?.toString()); }
 */
export function getcurrent(): Greenlet | HubContext | undefined {
  if (current !== undefined) return current;
  try {
    return getHub().inLoop ? HUB : undefined;
  } catch {
    return undefined;
  }
}

/** @internal The running green thread, or undefined in hub context and outside any green program. */
export function runningGreenlet(): Greenlet | undefined {
  return current;
}

/**
 * @internal Every blocking primitive starts here: returns the thread that is about to block. Inside hub
 * context: H13's message for sleep and trampoline-based waits, or, for primitives that block by switching to
 * the hub (Event, Semaphore, queues: `viaHubSwitch`), the message of eventlet's `hub.switch()` (H14). Outside
 * any green thread: a clear error.
 */
export function blockingCaller(what: string, viaHubSwitch = false): Greenlet {
  const g = current;
  if (g !== undefined && g.state === RUNNING) {
    g.blockedIn = what;
    return g;
  }
  if (getHub().inLoop) {
    throw new AssertionError(viaHubSwitch ? 'Cannot switch to MAINLOOP from MAINLOOP' : 'do not call blocking functions from the mainloop');
  }
  throw new Error(
    `${what}() blocks, so it must run inside a green thread: start your program with run(main) and call it ` +
      `there as yield* ${what}(...), or in a thread started with spawn()`,
  );
}
