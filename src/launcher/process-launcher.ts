/**
 * ProcessLauncher (oslo_service/service.py `ProcessLauncher`, `ServiceWrapper`; L12–L26, N3–N7).
 *
 * The parent forks `workers` worker processes per launched service and keeps that many alive: it polls for
 * dead children every `waitInterval` seconds with a green sleep, so that — as the seed article explains —
 * its hub holds exactly one timer (main's own wake-up), nothing staged, no listener and no other green
 * thread while it waits. Signals set flags (L13) that end the polling loop; `wait()` then restarts or stops
 * the children.
 *
 * Workers are the entry module run again (N3, worker.ts): the worker's program builds its configuration and
 * service, constructs a ProcessLauncher and calls `launchService()`, which in a worker runs the child branch
 * (L16–L21) — a `Launcher` around the service, the parent-death watcher, the child signal handlers — and
 * ends the process with the child's status. It never returns there.
 *
 * @example
 * await run(function* main() {
 *   const conf = new ConfigOpts().parse(process.argv.slice(2));
 *   const launcher = new ProcessLauncher(conf);
 *   yield* launcher.launchService(new MyService(), 4);
 *   yield* launcher.wait(); // SIGTERM: stops the children and returns
 * });
 */
import { SystemExit } from '../hub/errors.js';
import { GreenletExit } from '../greenthread/errors.js';
import { awaitPromise } from '../greenthread/run.js';
import { sleep, spawnN } from '../greenthread/spawn.js';
import { maybeGreen, type Green } from '../greenthread/ops.js';
import { fromFd } from '../greenthread/io.js';
import { type ConfigOpts, ValueError, serviceOpts } from './conf.js';
import { DEBUG, getLogger } from './log.js';
import { SignalExit, SignalHandler, alarm, isSighupAndDaemon, signalNumber } from './signals.js';
import { notifyOnce } from './systemd.js';
import { Launcher } from './launcher.js';
import { checkServiceBase, LAUNCHER_RESTART_METHODS, type RestartMethod, type ServiceBase } from './service.js';
import { trackGreenThreads } from '../greenthread/registry.js';
import {
  PARENT_PIPE_FD,
  forkWorker,
  reapOne,
  signalNumberOf,
  signalWorker,
  workerIndex,
  type ForkTarget,
} from './worker.js';

const LOG = getLogger('oslo_service.service');

export type { RestartMethod };

/** One turn of Node's event loop, so that child exits are delivered (N4: never a busy loop without it). */
function* nodeTurn(): Green<void> {
  yield* awaitPromise(new Promise<void>((resolve) => setImmediate(resolve)));
}

/** The index the next `launchService` call of this process gets (N3: workers find theirs by it). */
let launchCount = 0;

/**
 * [A] A launched service and its workers: the pids alive now and the recent fork times (the L15 throttle).
 * @example
 * for (const [pid, wrap] of launcher.children) console.log(pid, wrap.service.constructor.name, wrap.workers);
 */
export class ServiceWrapper {
  readonly children = new Set<number>();
  /** Wall-clock seconds of the last forks, oldest first (at most workers + 1 are kept). */
  readonly forktimes: number[] = [];
  constructor(
    readonly service: ServiceBase,
    readonly workers: number,
    /** N3: the launchService call this wrapper came from; workers are started with it. */
    readonly index: number,
  ) {}
}

/** Options of `new ProcessLauncher(conf, options)`. */
export interface ProcessLauncherOptions {
  /** Seconds between checks for dead children (L23); default 0.01. */
  waitInterval?: number;
  /** What a daemon SIGHUP does to the configuration and the children (L24); default 'reload'. */
  restartMethod?: RestartMethod | string;
  /** The program workers run (default: this process's entry module and arguments, N3). */
  fork?: ForkTarget;
}

/**
 * Launches services in worker processes and keeps them running (L12–L26). See the module comment.
 * @example
 * const launcher = new ProcessLauncher(conf);
 * yield* launcher.launchService(new ApiService(), 4); // four worker processes, respawned if they die
 * yield* launcher.wait();
 */
export class ProcessLauncher {
  readonly conf: ConfigOpts;
  /** pid → wrapper, for every live child (L12). */
  readonly children = new Map<number, ServiceWrapper>();
  /** The signal that ended the polling loop, or null (L13). */
  sigcaught: number | null = null;
  /** True from construction until a signal or stop() (L12). */
  running = true;
  readonly waitInterval: number;
  readonly restartMethod: RestartMethod;
  /** In a worker: the Launcher running the service (L16). */
  launcher: Launcher | null = null;
  readonly signalHandler: SignalHandler;
  private readonly forkTarget: ForkTarget;

  /**
   * L12: registers oslo.service's options, installs the parent's signal handlers, then checks
   * `restartMethod` (ValueError "Invalid restart_method: X", raised after the handlers are installed, as in
   * oslo). Accepts oslo's positional form too: `new ProcessLauncher(conf, 0.01, 'mutate')`.
   * @example
   * const launcher = new ProcessLauncher(conf, { restartMethod: 'mutate' });
   */
  constructor(conf: ConfigOpts, options: ProcessLauncherOptions | number = {}, restartMethod?: string) {
    trackGreenThreads(); // the parent's and each worker's threads are listed by inspection and pgt (N9)
    const opts: ProcessLauncherOptions =
      typeof options === 'number' ? { waitInterval: options, restartMethod } : { ...options };
    if (restartMethod !== undefined && typeof options !== 'number') opts.restartMethod = restartMethod;
    const waitInterval = opts.waitInterval ?? 0.01;
    if (typeof waitInterval !== 'number' || !(waitInterval >= 0)) {
      throw new TypeError(`ProcessLauncher: waitInterval must be a number of seconds >= 0, got ${String(waitInterval)}`);
    }
    this.conf = conf;
    conf.registerOpts(serviceOpts);
    this.waitInterval = waitInterval;
    this.forkTarget = opts.fork ?? {};
    this.signalHandler = SignalHandler.get();
    this.handleSignal();
    const method = opts.restartMethod ?? 'reload';
    if (!(LAUNCHER_RESTART_METHODS as readonly string[]).includes(method)) {
      throw new ValueError(`Invalid restart_method: ${method}`);
    }
    this.restartMethod = method as RestartMethod;
  }

  // --- signals (L13, L18) --------------------------------------------------------------------------------

  /**
   * L13: the parent's handlers, added without clearing (adding them again is a no-op).
   * @example
   * launcher.handleSignal(); // SIGTERM stops the workers, SIGHUP restarts them (daemon only), SIGINT exits
   */
  handleSignal(): void {
    this.signalHandler.addHandler('SIGTERM', this.handleTerm);
    this.signalHandler.addHandler('SIGHUP', this.handleHup);
    this.signalHandler.addHandler('SIGINT', this.fastExit);
    this.signalHandler.addHandler('SIGALRM', this.onAlarmExit);
  }

  /** L13: stop polling; clear every handler, so a second SIGTERM kills by default action. */
  private readonly handleTerm = (signo: number): void => {
    this.sigcaught = signo;
    this.running = false;
    this.signalHandler.clear();
  };

  /** L13: stop polling; the handlers stay, so several HUPs in a row are fine. */
  private readonly handleHup = (signo: number): void => {
    this.sigcaught = signo;
    this.running = false;
  };

  /** L13/L18: SIGINT leaves at once with status 1; children then notice the parent's death (L20). */
  private readonly fastExit = (): void => {
    LOG.info('Caught SIGINT signal, instantaneous exiting');
    process.exit(1);
  };

  /** L13: the graceful_shutdown_timeout alarm, while the handlers are still installed. */
  private readonly onAlarmExit = (): void => {
    LOG.info('Graceful shutdown timeout exceeded, instantaneous exiting');
    process.exit(1);
  };

  /** L18: the child's handlers: clear everything, then SIGTERM → stop, SIGHUP → SignalExit, SIGINT → exit 1. */
  private childProcessHandleSignal(): void {
    this.signalHandler.clear();
    this.signalHandler.addHandler('SIGTERM', this.childTerm);
    this.signalHandler.addHandler('SIGHUP', this.childHup);
    this.signalHandler.addHandler('SIGINT', this.fastExit);
  }

  private readonly childTerm = function* (this: ProcessLauncher): Green<void> {
    this.signalHandler.clear();
    yield* maybeGreen(this.launcher!.stop());
  }.bind(this);

  private readonly childHup = (): void => {
    this.signalHandler.clear();
    throw new SignalExit(signalNumber('SIGHUP'));
  };

  // --- launching (L14, L15) ------------------------------------------------------------------------------

  /**
   * L14: launches `service` in `workers` worker processes (no validation: 0 starts none), logging INFO
   * "Starting %d workers". Several calls launch several services, each with its own count. In a worker
   * (N3) the call matching the worker's marker runs the child branch and ends the process; the others
   * return at once.
   * @example
   * yield* launcher.launchService(apiService, 4);
   * yield* launcher.launchService(metadataService, 2);
   */
  *launchService(service: ServiceBase, workers: number = 1): Green<void> {
    checkServiceBase(service);
    const index = launchCount++;
    const wrap = new ServiceWrapper(service, workers, index);
    const mine = workerIndex();
    if (mine !== undefined) {
      if (mine === index) yield* this.childBranch(wrap);
      return;
    }
    LOG.info('Starting %d workers', wrap.workers);
    while (this.running && wrap.children.size < wrap.workers) yield* this.startChild(wrap);
  }

  /** L15: the throttle, then the fork. */
  private *startChild(wrap: ServiceWrapper): Green<number> {
    if (wrap.forktimes.length > wrap.workers) {
      // At most one fork a second over a window of `workers` seconds, once the first workers+1 forks
      // are used up: workers start fast, a crashing service cannot fork-bomb.
      if (Date.now() / 1000 - wrap.forktimes[0]! < wrap.workers) {
        LOG.info('Forking too fast, sleeping');
        yield* sleep(1);
      }
      wrap.forktimes.shift();
    }
    wrap.forktimes.push(Date.now() / 1000);
    const child = forkWorker(wrap.index, this.forkTarget);
    const pid = child.pid!;
    LOG.debug('Started child %d', pid);
    wrap.children.add(pid);
    this.children.set(pid, wrap);
    return pid;
  }

  // --- the child (L16–L21) -------------------------------------------------------------------------------

  /** L16: run the service in this worker until it ends, restarting on a daemon SIGHUP; then exit. */
  private *childBranch(wrap: ServiceWrapper): Green<never> {
    this.launcher = yield* this.childProcess(wrap.service);
    let status: unknown = 0;
    for (;;) {
      this.childProcessHandleSignal();
      const [code, signo] = yield* this.childWaitForExitOrSignal(this.launcher);
      status = code;
      if (!isSighupAndDaemon(signo)) {
        yield* maybeGreen(this.launcher.wait());
        break;
      }
      yield* maybeGreen(this.launcher.restart());
    }
    // os._exit: no cleanup, no exit hooks touching green threads (N5).
    process.exit(exitCode(status));
  }

  /** L17: child handlers, the parent-death watcher, then a Launcher around the service. */
  private *childProcess(service: ServiceBase): Green<Launcher> {
    this.childProcessHandleSignal();
    // use_hub(), closing the write end and reseeding: nothing to do in a fresh process (N3, N10).
    spawnN(this.pipeWatcher);
    const launcher = new Launcher(this.conf, this.restartMethod);
    yield* maybeGreen(launcher.launchService(service));
    return launcher;
  }

  /** L20: EOF on the pipe means the parent died: log, stop, and raise SystemExit(1) into main. */
  private readonly pipeWatcher = function* pipeWatcher(this: ProcessLauncher): Green<void> {
    const pipe = fromFd(PARENT_PIPE_FD);
    // The parent never writes: any read returns only at EOF (or fails when the pipe breaks).
    try {
      yield* pipe.read(1);
    } catch (err) {
      if (err instanceof Error && !('code' in err)) throw err;
    }
    LOG.info('Parent process has died unexpectedly, exiting');
    if (this.launcher) yield* maybeGreen(this.launcher.stop());
    throw new SystemExit(1);
  }.bind(this);

  /** L19: wait for the child's launcher; every outcome becomes (status, signo). */
  private *childWaitForExitOrSignal(launcher: Launcher): Green<[unknown, number]> {
    let status: unknown = 0;
    let signo = 0;
    try {
      yield* maybeGreen(launcher.wait());
    } catch (exc) {
      if (exc instanceof SignalExit) {
        LOG.info('Child caught %s, handling', this.signalHandler.signalsToName.get(exc.signo));
        status = exc.code;
        signo = exc.signo;
      } else if (exc instanceof SystemExit) {
        yield* maybeGreen(launcher.stop());
        status = exc.code;
      } else {
        yield* maybeGreen(launcher.stop());
        LOG.exception(exc, 'Unhandled exception');
        status = 2;
      }
    }
    return [status, signo];
  }

  // --- the parent's loop (L22–L25) -----------------------------------------------------------------------

  /** L22: one reaped child (non-blocking), logged; its wrapper, or null. */
  private waitChild(): ServiceWrapper | null {
    const exit = reapOne();
    if (exit === undefined) return null;
    const { pid } = exit;
    if (exit.signal !== null) {
      LOG.info('Child %(pid)d killed by signal %(sig)d', { pid, sig: signalNumberOf(exit.signal) });
    } else {
      LOG.info('Child %(pid)s exited with status %(code)d', { pid, code: exit.code ?? 0 });
    }
    const wrap = this.children.get(pid);
    if (wrap === undefined) {
      LOG.warning('pid %d not in child list', pid);
      return null;
    }
    this.children.delete(pid);
    wrap.children.delete(pid);
    return wrap;
  }

  /** L23: reap and replace dead children while running; with nothing to reap, sleep waitInterval. */
  private *respawnChildren(): Green<void> {
    while (this.running) {
      const wrap = this.waitChild();
      if (wrap === null) {
        yield* sleep(this.waitInterval);
        continue;
      }
      while (this.running && wrap.children.size < wrap.workers) yield* this.startChild(wrap);
    }
  }

  /** The distinct services of the live children (the parent's copies, D6). */
  private services(): Set<ServiceBase> {
    return new Set([...this.children.values()].map((w) => w.service));
  }

  /**
   * L24: tells systemd the service is ready (Y3), logs the configuration (L11), then respawns children until
   * a signal: SIGHUP on a daemon reloads (or mutates) the configuration, resets the services and replaces
   * (or signals) every child; anything else, or SIGHUP in the foreground, arms the graceful_shutdown_timeout
   * alarm and stops the children. Returns undefined (the process exits 0), or at once if `stop()` was called.
   * @example
   * yield* launcher.wait();
   */
  *wait(): Green<void> {
    if (workerIndex() !== undefined) {
      throw new Error(
        'ProcessLauncher.wait() reached in a worker: this worker was started for a launchService() call that its ' +
          'program never made; the program must launch the same services in the same order in every process (N3)',
      );
    }
    notifyOnce();
    if (this.conf.getBool('log_options')) {
      LOG.debug('Full set of CONF:');
      this.conf.logOptValues(LOG, DEBUG);
    }
    try {
      for (;;) {
        this.handleSignal();
        yield* this.respawnChildren();
        if (!this.sigcaught) return;
        LOG.info('Caught %s, stopping children', this.signalHandler.signalsToName.get(this.sigcaught));
        if (!isSighupAndDaemon(this.sigcaught)) break;
        let childSignal: NodeJS.Signals = 'SIGTERM';
        if (this.restartMethod === 'reload') {
          this.conf.reloadConfigFiles();
        } else {
          this.conf.mutateConfigFiles();
          childSignal = 'SIGHUP';
        }
        for (const service of this.services()) yield* maybeGreen(service.reset());
        for (const pid of this.children.keys()) signalWorker(pid, childSignal);
        this.running = true;
        this.sigcaught = null;
      }
    } catch (err) {
      if (!(err instanceof GreenletExit)) throw err;
      LOG.info('Wait called after thread killed. Cleaning up.');
    }
    const timeout = this.conf.getNumber('graceful_shutdown_timeout');
    if (timeout && this.signalHandler.isSignalSupported('SIGALRM')) alarm(timeout);
    yield* this.stop();
  }

  /**
   * L25: stops the parent's copy of each service, sends SIGTERM to every child and waits until all of them
   * have exited (letting Node's loop turn between checks, N4). Safe to call more than once.
   * @example
   * yield* launcher.stop();
   */
  *stop(): Green<void> {
    this.running = false;
    LOG.debug('Stop services.');
    for (const service of this.services()) yield* maybeGreen(service.stop());
    LOG.debug('Killing children.');
    for (const pid of this.children.keys()) signalWorker(pid, 'SIGTERM');
    if (this.children.size > 0) {
      LOG.info('Waiting on %d children to exit', this.children.size);
      while (this.children.size > 0) {
        if (this.waitChild() === null) yield* nodeTurn();
      }
    }
  }
}

/** os._exit's argument from a SystemExit code: None → 0, an int as is, anything else → 1. */
function exitCode(status: unknown): number {
  if (status === null || status === undefined) return 0;
  if (typeof status === 'number' && Number.isInteger(status)) return status & 0xff;
  if (typeof status === 'boolean') return status ? 1 : 0;
  return 1;
}
