/**
 * Services: what launchers run (oslo_service/service.py `ServiceBase`, `Service`, `Services`; O1, L2, L4, L5).
 *
 * A service implements start/stop/wait/reset; each may be a plain method or a generator method (one that
 * blocks, e.g. `*stop() { yield* this.tg.stop(); }`). Launchers call them through `callService`, which
 * delegates to a generator and returns a plain value as is.
 */
import { BaseException, SystemExit } from '../hub/errors.js';
import { Event } from '../greenthread/event.js';
import { maybeGreen, type Green } from '../greenthread/ops.js';
import { ValueError } from './conf.js';
import { getLogger, pyRepr } from './log.js';
import { ThreadGroup } from './threadgroup.js';

const LOG = getLogger('oslo_service.service');

/** What a service method may return: nothing, or a generator the launcher runs to completion. */
export type ServiceResult = void | Green<unknown>;

/** The restart methods launchers accept (L2): 'reload' re-reads the config and restarts, 'mutate' only resets. */
export const LAUNCHER_RESTART_METHODS = ['reload', 'mutate'] as const;
/** How a launcher restarts its services on a daemon SIGHUP (L5, L24). */
export type RestartMethod = (typeof LAUNCHER_RESTART_METHODS)[number];

/**
 * O1: the base every launched service extends; launchers refuse anything else (L2). Launchers set
 * `backdoorPort` before adding the service (null when the backdoor is disabled).
 * @example
 * class Api extends ServiceBase {
 *   tg = new ThreadGroup();
 *   *start() { yield* this.tg.addThread(serveForever, this.socket); }
 *   *stop() { yield* this.tg.stop(); }
 *   *wait() { yield* this.tg.wait(); }
 *   reset() { reloadPolicy(); }
 * }
 */
export abstract class ServiceBase {
  /** The backdoor's port or socket path for this process, or null (set by the launcher, B3). */
  backdoorPort: number | string | null = null;

  constructor() {
    // Python's ABC: a subclass that leaves an abstract method out cannot be instantiated.
    const missing = ['reset', 'start', 'stop', 'wait'].filter((m) => typeof (this as unknown as Record<string, unknown>)[m] !== 'function');
    if (missing.length > 0) {
      throw new TypeError(
        `Can't instantiate abstract class ${new.target.name} with abstract method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      );
    }
  }

  /** Start the service (run by a green thread the launcher spawns, after launchService returned, L5). */
  abstract start(): ServiceResult;
  /** Stop it: afterwards `wait()` must return. */
  abstract stop(): ServiceResult;
  /** Block until the service has stopped. */
  abstract wait(): ServiceResult;
  /** Reset it for a restart (SIGHUP to a daemon, L11/L21). */
  abstract reset(): ServiceResult;
}

/**
 * O1: a service built on a ThreadGroup of `threads` green threads: `stop(graceful)` stops the group (killing
 * its threads unless graceful), `wait()` waits for it; `start()` and `reset()` do nothing.
 * @example
 * class Poller extends Service {
 *   override start() { this.tg.addTimer(5, () => this.poll()); }
 * }
 */
export class Service extends ServiceBase {
  readonly tg: ThreadGroup;

  constructor(threads = 1000) {
    super();
    this.tg = new ThreadGroup(threads);
  }

  /**
   * O1: does nothing; override to reload what a restart (SIGHUP to a daemon, L5) should pick up.
   * @example
   * override reset() { this.cache.clear(); }
   */
  reset(): ServiceResult {}

  /**
   * O1: does nothing; override to start the service's work, usually on `this.tg` (run in a launcher thread, L4).
   * @example
   * override *start() { yield* this.tg.addThread(serveForever, this.port); }
   */
  start(): ServiceResult {}

  /**
   * O1/O5: with `graceful`, waits for the group's timers and threads instead of killing them.
   * @example
   * yield* service.stop(true); // let running threads and timers finish
   */
  *stop(graceful = false): Green<void> {
    yield* this.tg.stop(graceful);
  }

  /**
   * O1: blocks until the service's ThreadGroup is empty.
   * @example
   * yield* service.wait();
   */
  *wait(): Green<void> {
    yield* this.tg.wait();
  }
}


/**
 * Runs what a service method returned: delegates to a generator, returns anything else as is.
 * @example
 * yield* callService(service.stop());
 */
export function* callService(result: unknown): Green<unknown> {
  return yield* maybeGreen(result);
}

/**
 * A short, Python-repr-like description of `x` for error messages.
 * @example
 * describeValue(new Map()); // '<Map object>'
 */
export function describeValue(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'function') return `<function ${x.name || '(anonymous)'}>`;
  if (typeof x === 'object') return `<${(x as object).constructor?.name ?? 'Object'} object>`;
  return String(x);
}

/**
 * L2: TypeError unless `service` is a ServiceBase, in oslo's words (sic): "Service <repr> must an instance of
 * <class 'oslo_service.service.ServiceBase'>!", the value shown as Python's repr would show it.
 * @example
 * checkServiceBase(candidate); // TypeError unless it extends ServiceBase
 */
export function checkServiceBase(service: unknown): asserts service is ServiceBase {
  if (!(service instanceof ServiceBase)) {
    const repr = service !== null && typeof service === 'object' ? describeValue(service) : pyRepr(service);
    throw new TypeError(`Service ${repr} must an instance of <class 'oslo_service.service.ServiceBase'>!`);
  }
}

/**
 * L4/L5: the services of one launcher, each run by a green thread of a ThreadGroup (pool of 10) that calls
 * `start()` and then waits on the shared `done` Event.
 * @example
 * const services = new Services();
 * yield* services.add(api);
 * yield* services.wait();   // until someone calls services.stop()
 */
export class Services {
  readonly restartMethod: string;
  readonly services: ServiceBase[] = [];
  readonly tg = new ThreadGroup();
  /** Sent by stop(); every run_service thread waits on it after start(). */
  done = new Event<void>();

  constructor(restartMethod = 'reload') {
    if (!(LAUNCHER_RESTART_METHODS as readonly string[]).includes(restartMethod)) {
      throw new ValueError(`Invalid restart_method: ${String(restartMethod)}`);
    }
    this.restartMethod = restartMethod;
  }

  /**
   * L4: adds `service` and schedules its thread (start() runs in a later hub pass). Blocks while the group's
   * pool of 10 is full **[!]**.
   * @example
   * yield* services.add(new Api()); // Api.start() runs in a later hub pass
   */
  *add(service: ServiceBase): Green<void> {
    this.services.push(service);
    yield* this.tg.addThread(Services.runService, service, this.done);
  }

  /**
   * L5: stops every service in order, sends `done`, then kills the run_service threads (a service still inside
   * start() gets GreenletExit there). Calling it twice is fine.
   * @example
   * yield* services.stop(); // every service's stop(), then its thread is killed
   */
  *stop(): Green<void> {
    for (const service of this.services) yield* callService(service.stop());
    if (!this.done.ready()) this.done.send();
    yield* this.tg.stop();
  }

  /**
   * L5: waits for every service in order, then for the group.
   * @example
   * yield* services.wait();
   */
  *wait(): Green<void> {
    for (const service of this.services) yield* callService(service.wait());
    yield* this.tg.wait();
  }

  /**
   * L5: 'reload' stops everything, then resets each service and starts it again in a new thread with a new
   * `done`; 'mutate' only resets each service.
   * @example
   * yield* services.restart(); // 'reload': stop, reset and start again; 'mutate': reset only
   */
  *restart(): Green<void> {
    if (this.restartMethod === 'reload') {
      yield* this.stop();
      this.done = new Event<void>();
    }
    for (const service of this.services) {
      yield* callService(service.reset());
      if (this.restartMethod === 'reload') yield* this.tg.addThread(Services.runService, service, this.done);
    }
  }

  /**
   * L4: a service's thread: `start()`, then wait for `done`. An error from start() is logged ("Error starting
   * thread.") and becomes SystemExit(1), which ends the program's wait (H9/H16).
   * @example
   * yield* tg.addThread(Services.runService, api, done);
   */
  static *runService(service: ServiceBase, done: Event<void>): Green<void> {
    try {
      yield* callService(service.start());
    } catch (err) {
      if (err instanceof BaseException) throw err;
      LOG.exception(err, 'Error starting thread.');
      throw new SystemExit(1);
    }
    yield* done.wait();
  }
}
