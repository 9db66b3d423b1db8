/**
 * Periodic tasks: methods a service runs every N seconds from one loop (oslo_service/periodic_task.py;
 * O17, O18).
 *
 * Python marks methods with the `@periodic_task` decorator and a metaclass collects them when the class is
 * created. Here a class registers its tasks in a static block, which also runs when the class is created:
 *
 *     class Manager extends PeriodicTasks {
 *       static {
 *         this.periodicTask('reportState');                       // every 60 s
 *         this.periodicTask('syncPower', { spacing: 600, runImmediately: true });
 *       }
 *       *reportState(context: unknown) { ... }
 *       syncPower(context: unknown) { ... }
 *     }
 *
 * Subclasses start from a copy of their parent's tasks (as the metaclass copies them). A standalone function
 * becomes a task with `periodicTask(fn, options)` and is added with `addPeriodicTask`. The service's loop
 * calls `runPeriodicTasks(context)` and sleeps for the idle time it returns, typically through
 * `tg.addDynamicTimer(() => manager.runPeriodicTasks(ctx), null, 60)`.
 */
import { KeyError } from '../hub/errors.js';
import { isGreen, type Green } from '../greenthread/ops.js';
import { sleep } from '../greenthread/spawn.js';
import { periodicOpts, type ConfigOpts } from './conf.js';
import { getLogger } from './log.js';

const LOG = getLogger('oslo_service.periodic_task');

/** O17: spacing 0 means this many seconds; also the longest idle time runPeriodicTasks returns. */
export const DEFAULT_INTERVAL = 60.0;

/** A periodic task's body: called with the service as `this` and the context; may be a generator. */
export type TaskFunction = (this: any, context: unknown) => unknown;

/** oslo's decorator arguments. */
export interface PeriodicTaskOptions {
  /** Seconds between runs; 0 (default) means DEFAULT_INTERVAL, negative disables the task. */
  spacing?: number;
  /** First run at the first runPeriodicTasks instead of one spacing later. */
  runImmediately?: boolean;
  /** The task's name (default: the function's name). */
  name?: string;
  /** false: never runs (logged at INFO when registered). */
  enabled?: boolean;
  /** Skipped when the `run_external_periodic_tasks` option is false. */
  externalProcessOk?: boolean;
}

/**
 * Raised for an option periodicTask does not know (oslo ignores those; a misspelt option here is an error).
 * `ticks_between_runs` is refused as oslo 3.0.0 really refuses it: raising this class with a keyword
 * argument, which Python's Exception rejects, so the caller gets TypeError "InvalidPeriodicTaskArg() takes no
 * keyword arguments".
 * @example
 * periodicTask(sync, { spaceing: 5 } as PeriodicTaskOptions); // throws InvalidPeriodicTaskArg
 */
export class InvalidPeriodicTaskArg extends Error {
  constructor(arg: string) {
    super(`Unexpected argument for periodic task creation: ${arg}.`);
    this.name = 'InvalidPeriodicTaskArg';
  }
}

/** What the decorator attaches to a task function (oslo's `_periodic_*` attributes). */
export interface PeriodicTaskInfo {
  readonly fn: TaskFunction;
  readonly name: string;
  /** May be raised from 0 to DEFAULT_INTERVAL when registered (O17). */
  spacing: number;
  readonly immediate: boolean;
  /** Stamped when the task is declared (class creation), not per instance **[!]**; null to run at once. */
  readonly lastRun: number | null;
  readonly enabled: boolean;
  readonly externalOk: boolean;
}

const KNOWN = new Set(['spacing', 'runImmediately', 'name', 'enabled', 'externalProcessOk']);

let clock: () => number = () => performance.now() / 1000;
let random: () => number = Math.random;

/**
 * Replaces the monotonic clock periodic tasks read (oslo's `periodic_task.now`) and the random source of
 * the jitter; for tests. Returns a function that restores the previous ones.
 * @example
 * const restore = setPeriodicClock(() => fakeNow, () => 0);
 */
export function setPeriodicClock(now: () => number, rnd?: () => number): () => void {
  const old = [clock, random] as const;
  clock = now;
  if (rnd !== undefined) random = rnd;
  return () => {
    [clock, random] = old;
  };
}

const INFO = Symbol('greenhub.periodicTask');

/**
 * O17: marks `fn` as a periodic task (Python: `@periodic_task(...)`), stamping its last run now unless it
 * runs immediately. Returns `fn`.
 * @example
 * const cleanup = periodicTask(function cleanup(this: Manager, ctx: unknown) { ... }, { spacing: 300 });
 * manager.addPeriodicTask(cleanup);
 */
export function periodicTask<F extends TaskFunction>(fn: F, options: PeriodicTaskOptions = {}): F {
  if (typeof fn !== 'function') throw new TypeError(`periodicTask() needs the task function, got ${typeof fn}`);
  for (const key of Object.keys(options)) {
    if (key === 'ticksBetweenRuns' || key === 'ticks_between_runs') throw new TypeError('InvalidPeriodicTaskArg() takes no keyword arguments');
    if (!KNOWN.has(key)) throw new InvalidPeriodicTaskArg(key);
  }
  const immediate = options.runImmediately ?? false;
  const info: PeriodicTaskInfo = {
    fn,
    name: options.name ?? fn.name,
    spacing: options.spacing ?? 0,
    immediate,
    lastRun: immediate ? null : clock(),
    enabled: options.enabled ?? true,
    externalOk: options.externalProcessOk ?? false,
  };
  (fn as unknown as Record<symbol, PeriodicTaskInfo>)[INFO] = info;
  return fn;
}

/**
 * The task information of a function marked by periodicTask, or undefined.
 * @example
 * console.log(periodicTaskInfo(cleanup)?.spacing); // 300
 */
export function periodicTaskInfo(fn: unknown): PeriodicTaskInfo | undefined {
  if (typeof fn !== 'function') return undefined;
  return (fn as unknown as Record<symbol, PeriodicTaskInfo | undefined>)[INFO];
}

interface ClassTasks {
  tasks: [string, PeriodicTaskInfo][];
  spacing: Map<string, number>;
}

const perClass = new WeakMap<object, ClassTasks>();

/**
 * A class's own task list, created from a copy of its parent's (the metaclass's copy per subclass). The copy
 * is taken when the class first registers or is first used, which is when Python's metaclass would run.
 */
function tasksOf(cls: abstract new (...args: any[]) => unknown): ClassTasks {
  let own = perClass.get(cls);
  if (own === undefined) {
    const parent = Object.getPrototypeOf(cls) as (abstract new (...args: any[]) => unknown) | null;
    const inherited =
      parent !== null && (parent === (PeriodicTasks as unknown) || parent.prototype instanceof PeriodicTasks) ? tasksOf(parent) : undefined;
    own = { tasks: inherited ? [...inherited.tasks] : [], spacing: new Map(inherited?.spacing ?? []) };
    perClass.set(cls, own);
  }
  return own;
}

/** O17: adds a marked task to a class's list; false (and an INFO line) when negative or disabled. */
function addTaskToClass(cls: abstract new (...args: any[]) => unknown, info: PeriodicTaskInfo): boolean {
  if (info.spacing < 0) {
    LOG.info('Skipping periodic task %(task)s because its interval is negative', { task: info.name });
    return false;
  }
  if (!info.enabled) {
    LOG.info('Skipping periodic task %(task)s because it is disabled', { task: info.name });
    return false;
  }
  if (info.spacing === 0) info.spacing = DEFAULT_INTERVAL;
  const own = tasksOf(cls);
  own.tasks.push([info.name, info]);
  own.spacing.set(info.name, info.spacing);
  return true;
}


/**
 * O17/O18: a class whose registered periodic tasks `runPeriodicTasks` runs when due.
 * @example
 * class Manager extends PeriodicTasks {
 *   static { this.periodicTask('report', { spacing: 10 }); }
 *   report(ctx: unknown) { console.log('still alive'); }
 * }
 * const m = new Manager(conf);
 * const idle = yield* m.runPeriodicTasks(null); // seconds until something is due (<= 60)
 */
export class PeriodicTasks {
  readonly conf: ConfigOpts;
  /** Task name -> when it last ran (or null: run at the next pass). */
  readonly periodicLastRun = new Map<string, number | null>();

  constructor(conf: ConfigOpts) {
    this.conf = conf;
    conf.registerOpts(periodicOpts);
    for (const [name, task] of this.periodicTasks) this.periodicLastRun.set(name, task.lastRun);
  }

  /**
   * Registers the method `method` (or a function) of this class as a periodic task, with oslo's decorator
   * arguments. Call it from the class's static block, so it runs at class creation like the metaclass.
   * @example
   * class Manager extends PeriodicTasks {
   *   static { this.periodicTask('sync', { spacing: 30, runImmediately: true }); }
   *   sync(ctx: unknown) { return refresh(ctx); }
   * }
   */
  static periodicTask(this: abstract new (...args: any[]) => PeriodicTasks, method: string | TaskFunction, options: PeriodicTaskOptions = {}): boolean {
    let fn: unknown = method;
    if (typeof method === 'string') {
      fn = (this.prototype as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') {
        throw new TypeError(`${this.name}.periodicTask(${JSON.stringify(method)}): the class has no method of that name`);
      }
    }
    const marked = periodicTask(fn as TaskFunction, options);
    return addTaskToClass(this, periodicTaskInfo(marked)!);
  }

  /** The (name, task) pairs of this object's class, in registration order. */
  get periodicTasks(): readonly [string, PeriodicTaskInfo][] {
    return tasksOf(this.constructor as abstract new (...args: any[]) => unknown).tasks;
  }

  /** Task name -> spacing in seconds, for this object's class. */
  get periodicSpacing(): ReadonlyMap<string, number> {
    return tasksOf(this.constructor as abstract new (...args: any[]) => unknown).spacing;
  }

  /**
   * O17: adds a function marked with periodicTask to this object's **class** (every instance sees it, as in
   * oslo) and starts tracking it here.
   * @example
   * manager.addPeriodicTask(periodicTask(function audit(ctx: unknown) { checkQuotas(ctx); }, { spacing: 600 }));
   */
  addPeriodicTask(task: TaskFunction): void {
    const info = periodicTaskInfo(task);
    if (info === undefined) {
      throw new TypeError(`addPeriodicTask(): ${task?.name || 'that function'} is not a periodic task; wrap it with periodicTask(fn, options) first`);
    }
    if (addTaskToClass(this.constructor as abstract new (...args: any[]) => unknown, info)) {
      this.periodicLastRun.set(info.name, info.lastRun);
    }
  }

  /**
   * O18: runs every task that is due (external ones only when `run_external_periodic_tasks`), each followed by
   * a `sleep(0)`; an error is logged ("Error during Class.task") unless `raiseOnError`. Returns how long the
   * caller may idle before the next task is due (at most DEFAULT_INTERVAL).
   * @example
   * tg.addDynamicTimer(function* () { return yield* manager.runPeriodicTasks(ctx); }, null, 60);
   */
  *runPeriodicTasks(context: unknown, raiseOnError = false): Green<number> {
    let idleFor = DEFAULT_INTERVAL;
    // oslo walks the class's live list: a task added while this runs (by a task) runs in this same pass.
    const tasks = this.periodicTasks;
    for (let i = 0; i < tasks.length; i++) {
      const [taskName, task] = tasks[i]!;
      if (task.externalOk && !this.conf.getBool('run_external_periodic_tasks')) continue;
      const fullTaskName = `${this.constructor.name}.${taskName}`;
      const spacing = this.periodicSpacing.get(taskName)!;
      // A task another instance added to the class after this one was made has no entry here: oslo's lookup
      // raises KeyError out of the whole pass.
      if (!this.periodicLastRun.has(taskName)) throw new KeyError(taskName);
      const lastRun = this.periodicLastRun.get(taskName)!;
      idleFor = Math.min(idleFor, spacing);
      if (lastRun !== null) {
        const delta = lastRun + spacing - clock();
        if (delta > 0) {
          idleFor = Math.min(idleFor, delta);
          continue;
        }
      }
      LOG.debug('Running periodic task %(full_task_name)s', { full_task_name: fullTaskName });
      this.periodicLastRun.set(taskName, nearestBoundary(lastRun, spacing));
      try {
        const out = task.fn.call(this, context);
        if (isGreen(out)) yield* out;
      } catch (err) {
        // oslo catches BaseException here: even a kill is logged and the loop goes on.
        if (raiseOnError) throw err;
        LOG.exception(err, 'Error during %(full_task_name)s', { full_task_name: fullTaskName });
      }
      yield* sleep(0);
    }
    return idleFor;
  }
}

/**
 * O18: the last spacing boundary at or before now, counted from `lastRun`, plus a jitter of up to 5% of the
 * spacing rounded down to whole seconds (none below 20 s). `lastRun` null → now.
 * @example
 * nearestBoundary(10, 7); // at now = 19: 17
 */
export function nearestBoundary(lastRun: number | null, spacing: number): number {
  const current = clock();
  if (lastRun === null) return current;
  const delta = current - lastRun;
  const offset = ((delta % spacing) + spacing) % spacing; // Python's % takes the divisor's sign
  const jitter = Math.trunc(spacing * (random() / 20));
  return current - offset + jitter;
}
