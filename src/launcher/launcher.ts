/**
 * Launchers that run services in this process (oslo_service/service.py `Launcher`, `ServiceLauncher`; L1–L3,
 * L10, L11).
 *
 * `Launcher` runs services on green threads and offers stop/wait/restart. `ServiceLauncher` adds what a
 * service process needs: signal handling (SIGTERM graceful stop bounded by `graceful_shutdown_timeout`,
 * SIGINT immediate exit 1, SIGHUP restart when running as a daemon), the configuration dump, systemd
 * readiness, and an exit status from `wait()`.
 */
import { BaseException, SystemExit } from '../hub/errors.js';
import type { Green } from '../greenthread/ops.js';
import { eventletBackdoorOpts, serviceOpts, ValueError, type ConfigOpts } from './conf.js';
import { DEBUG, getLogger } from './log.js';
import { checkServiceBase, Services, type ServiceBase } from './service.js';
import { alarm, isSighupAndDaemon, SignalExit, SignalHandler, signalNumber } from './signals.js';
import { notifyOnce } from './systemd.js';
import { ProcessLauncher } from './process-launcher.js';
import { trackGreenThreads } from '../greenthread/registry.js';
import { initializeIfEnabled } from './backdoor.js';

const LOG = getLogger('oslo_service.service');

/** What `ServiceLauncher.wait()` returns: the exit status (null for a normal stop, as oslo's None). */
export type ExitStatus = number | string | null;

/**
 * L3: runs services in this process's green threads.
 * @example
 * const launcher = new Launcher(conf);
 * yield* launcher.launchService(new MyService());
 * yield* launcher.wait(); // until launcher.stop() is called from another thread
 */
export class Launcher {
  readonly conf: ConfigOpts;
  readonly services: Services;
  readonly restartMethod: string;
  /** The backdoor's port or socket path (B3), or null; known once `initialize()` or `launchService` ran. */
  backdoorPort: number | string | null = null;
  private backdoorReady = false;

  constructor(conf: ConfigOpts, restartMethod = 'reload') {
    trackGreenThreads(); // a service's backdoor pgt() and inspection list its threads (N9)
    this.conf = conf;
    conf.registerOpts(serviceOpts);
    conf.registerOpts(eventletBackdoorOpts);
    this.services = new Services(restartMethod);
    this.restartMethod = restartMethod;
  }

  /**
   * B3: starts the backdoor if `backdoor_port` or `backdoor_socket` is set. oslo does this in the constructor;
   * binding a socket blocks, so here it is a generator, run by the first `launchService` unless called first.
   * @example
   * yield* launcher.initialize(); // backdoor up before the first service
   * console.log('backdoor on', launcher.backdoorPort);
   */
  *initialize(): Green<void> {
    if (this.backdoorReady) return;
    this.backdoorReady = true;
    const backdoorPort = this.conf.getString('backdoor_port');
    const backdoorSocket = this.conf.getString('backdoor_socket');
    if (backdoorPort == null && backdoorSocket == null) return; // B1: disabled, backdoorPort stays null
    // node:repl and node:inspector, the backdoor's costly part, are required by backdoor.ts on first use.
    this.backdoorPort = yield* initializeIfEnabled({ backdoorPort, backdoorSocket });
  }

  /**
   * L2/L3: checks and adds `service`; its `start()` runs in a later hub pass. `workers` other than 1 (or null)
   * is a ValueError: use ProcessLauncher for several processes.
   * @example
   * yield* launcher.launchService(new ApiService(), 1);
   */
  *launchService(service: ServiceBase, workers: number | null = 1): Green<void> {
    // L2: oslo tests `workers != 1`, and Python's True == 1.
    if (workers !== null && workers !== undefined && Number(workers) !== 1) {
      throw new ValueError('Launcher asked to start multiple workers');
    }
    checkServiceBase(service);
    yield* this.initialize();
    service.backdoorPort = this.backdoorPort;
    yield* this.services.add(service);
  }

  /**
   * Stops every service (L5).
   * @example
   * spawn(function* () { yield* sleep(60); yield* launcher.stop(); }); // main's launcher.wait() then returns
   */
  *stop(): Green<void> {
    yield* this.services.stop();
  }

  /**
   * Waits until every service has stopped (L5).
   * @example
   * yield* launcher.wait(); // returns once every service has stopped
   */
  *wait(): Green<unknown> {
    yield* this.services.wait();
    return undefined;
  }

  /**
   * L3: reloads (or mutates) the configuration files, then restarts the services (L5).
   * @example
   * yield* launcher.restart(); // re-reads the config files and calls reset()/start() on each service
   */
  *restart(): Green<void> {
    if (this.restartMethod === 'reload') this.conf.reloadConfigFiles();
    else this.conf.mutateConfigFiles();
    yield* this.services.restart();
  }
}

/**
 * L10/L11: a Launcher for a service process: signal handlers, config dump, systemd readiness, exit status.
 * @example
 * const launcher = new ServiceLauncher(conf);
 * yield* launcher.launchService(new MyService());
 * process.exitCode = Number((yield* launcher.wait()) ?? 0);
 */
export class ServiceLauncher extends Launcher {
  readonly signalHandler: SignalHandler;

  constructor(conf: ConfigOpts, restartMethod = 'reload') {
    super(conf, restartMethod);
    this.signalHandler = SignalHandler.get();
  }

  // Bound once, so that re-adding them keeps one entry per signal (L6).

  /** L10 SIGTERM: clear the handlers, arm the graceful-shutdown alarm, stop the services. */
  private readonly gracefulShutdown = function* (this: ServiceLauncher): Green<void> {
    this.signalHandler.clear();
    const timeout = this.conf.getNumber('graceful_shutdown_timeout');
    if (timeout && this.signalHandler.isSignalSupported('SIGALRM')) alarm(timeout);
    yield* this.stop();
  }.bind(this);

  /** L10 SIGHUP: clear the handlers and raise SignalExit, which ends main's wait. */
  private readonly reloadService = (): void => {
    this.signalHandler.clear();
    throw new SignalExit(signalNumber('SIGHUP'));
  };

  /** L10 SIGINT. */
  private readonly fastExit = (): void => {
    LOG.info('Caught SIGINT signal, instantaneous exiting');
    this.exitNow(1);
  };

  /** L10 SIGALRM. */
  private readonly onTimeoutExit = (): void => {
    LOG.info('Graceful shutdown timeout exceeded, instantaneous exiting');
    this.exitNow(1);
  };

  /** Python's `os._exit(code)`: leaves at once, no cleanup. Overridable for tests. */
  protected exitNow(code: number): void {
    process.exit(code);
  }

  /**
   * L10: replaces every handler with this launcher's four.
   * @example
   * launcher.handleSignal(); // SIGTERM stops gracefully, SIGINT exits 1, SIGHUP restarts a daemon
   */
  handleSignal(): void {
    this.signalHandler.clear();
    this.signalHandler.addHandler('SIGTERM', this.gracefulShutdown);
    this.signalHandler.addHandler('SIGINT', this.fastExit);
    this.signalHandler.addHandler('SIGHUP', this.reloadService);
    this.signalHandler.addHandler('SIGALRM', this.onTimeoutExit);
  }

  /** L11: one wait of the services; turns how it ended into (status, signo). */
  private *waitForExitOrSignal(): Green<[ExitStatus, number]> {
    let status: ExitStatus = null;
    let signo = 0;
    if (this.conf.getBool('log_options')) {
      LOG.debug('Full set of CONF:');
      this.conf.logOptValues(LOG, DEBUG);
    }
    try {
      yield* super.wait();
    } catch (err) {
      if (err instanceof SignalExit) {
        LOG.info('Caught %s, handling', this.signalHandler.signalsToName.get(err.signo) ?? String(err.signo));
        status = err.code;
        signo = err.signo;
      } else if (err instanceof SystemExit) {
        yield* this.stop();
        status = err.code;
      } else if (!(err instanceof BaseException)) {
        yield* this.stop();
      } else {
        throw err;
      }
    }
    return [status, signo];
  }

  /**
   * L11: waits for the services, restarting them on SIGHUP when running as a daemon; returns the exit status
   * (null after SIGTERM or stop(), 1 after a start() failure).
   * @example
   * const status = yield* launcher.wait(); // null after SIGTERM, 1 if a service's start() failed
   */
  override *wait(): Green<ExitStatus> {
    notifyOnce();
    this.signalHandler.clear();
    let status: ExitStatus;
    for (;;) {
      this.handleSignal();
      const [st, signo] = yield* this.waitForExitOrSignal();
      status = st;
      if (!isSighupAndDaemon(signo)) break;
      yield* this.restart();
    }
    yield* super.wait();
    return status;
  }
}

/**
 * L1: launches `service` with `workers` processes: one (or null) runs it here under a ServiceLauncher, more
 * fork a ProcessLauncher's workers. Returns the launcher; call its `wait()`. `workers` must be an integer
 * ("Type of workers should be int!"; a boolean counts as 0 or 1, as in Python) and positive ("Number of
 * workers should be positive!").
 * @example
 * const launcher = yield* launch(conf, new ApiService(), conf.getNumber('workers'));
 * const status = yield* launcher.wait();
 */
export function* launch(
  conf: ConfigOpts,
  service: ServiceBase,
  workers: number | boolean | null = 1,
  restartMethod = 'reload',
): Green<ServiceLauncher | ProcessLauncher> {
  let n: number | null;
  if (workers === null || workers === undefined) n = null;
  else if (typeof workers === 'boolean') n = workers ? 1 : 0;
  else if (typeof workers === 'number' && Number.isInteger(workers)) n = workers;
  else throw new TypeError('Type of workers should be int!');
  if (n !== null && n <= 0) throw new ValueError('Number of workers should be positive!');
  if (n === null || n === 1) {
    const launcher = new ServiceLauncher(conf, restartMethod);
    yield* launcher.launchService(service, n);
    return launcher;
  }
  const launcher = new ProcessLauncher(conf, { restartMethod });
  yield* launcher.launchService(service, n);
  return launcher;
}
