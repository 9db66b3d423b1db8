/**
 * Signals for launchers (oslo_service/service.py `SignalHandler`, `SignalExit`; L6–L9, N5, N7).
 *
 * oslo never runs a service's handlers inside the OS signal handler: the handler only spawns a green thread
 * that calls them in the hub's next iteration (L7). Here the OS-level handler is a `process.on(name)` listener
 * that does exactly that, on the current hub; the spawn wakes the hub at once (D4: eventlet could take up to
 * 60 s when no fd was watched). A handler that raises `SignalExit` (or any SystemExit) ends its green thread,
 * which stops the hub; the exception is then raised in main where main is blocked (H9/H16) — how signals
 * become exceptions in the main thread.
 *
 * `clear()` removes the listeners, which restores Node's default disposition: the process dies by the signal,
 * as with Python's SIG_DFL (a second SIGTERM after the first was handled kills the process, L10/L13).
 */
import os from 'node:os';
import { SystemExit } from '../hub/errors.js';
import { getHub } from '../hub/current.js';
import { spawn } from '../greenthread/spawn.js';
import { isGreen, type Green } from '../greenthread/ops.js';
import { logger } from '../hub/logger.js';
import type { Worker } from 'node:worker_threads';

const debug = logger('greenhub:signals');

/** A signal handler: `handler(signo, frame)`; it may be a generator function (it runs in a green thread). */
export type SignalCallback = (signo: number, frame: unknown) => void | Green<unknown>;

/**
 * L8: raised by handlers to turn a signal into an exit of main's `wait()`. A SystemExit (so `except Exception`
 * ports let it through) carrying the signal number; its `code` is `exccode` (1 by default).
 * @example
 * throw new SignalExit(signalNumber('SIGHUP'));
 */
export class SignalExit extends SystemExit {
  readonly signo: number;
  constructor(signo: number, exccode: number = 1) {
    super(exccode);
    this.signo = signo;
  }
}

/** `pthread_sigmask` constants, which Python's `signal` module also names with a SIG prefix. */
function sigmaskConstants(): Record<string, number> {
  if (process.platform === 'linux') return { SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_SETMASK: 2 };
  return { SIG_BLOCK: 1, SIG_UNBLOCK: 2, SIG_SETMASK: 3 };
}

/**
 * Every name Python's `signal` module exposes with a "SIG" prefix, except SIG_DFL and SIG_IGN, with its
 * number on this platform: Node's signal constants plus the aliases and constants Python adds (SIGCLD, the
 * real-time bounds, the sigmask "how" values).
 */
function pythonSignalNames(): Map<string, number> {
  const byName = new Map<string, number>(Object.entries(os.constants.signals as Record<string, number>));
  if (process.platform === 'linux') {
    if (!byName.has('SIGCLD') && byName.has('SIGCHLD')) byName.set('SIGCLD', byName.get('SIGCHLD')!);
    if (!byName.has('SIGRTMIN')) byName.set('SIGRTMIN', 34);
    if (!byName.has('SIGRTMAX')) byName.set('SIGRTMAX', 64);
  }
  for (const [k, v] of Object.entries(sigmaskConstants())) byName.set(k, v);
  return byName;
}

/** Signals Node cannot listen for; Python's `signal.signal` refuses them too. */
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

let instance: SignalHandler | undefined;

/**
 * L6: the process-wide registry of signal handlers (oslo's singleton SignalHandler). Get it with
 * `SignalHandler.get()`; `new SignalHandler()` returns the same instance, as oslo's metaclass does.
 *
 * Handlers are kept in a set per signal: adding the same function twice keeps one. Pass the same function
 * object each time (bind methods once, e.g. in a constructor), or repeated adds pile up.
 * @example
 * const sh = SignalHandler.get();
 * sh.addHandler('SIGTERM', function* (signo) { yield* launcher.stop(); });
 * // ...
 * sh.clear(); // default dispositions again
 */
/** Signals set to SIG_IGN through `SignalHandler.ignore`, with the no-op listener standing for it. */
const ignored = new Map<number, () => void>();

function unignore(signo: number): void {
  const noop = ignored.get(signo);
  if (noop === undefined) return;
  process.removeListener(nodeSignalName(signo)! as NodeJS.Signals, noop);
  ignored.delete(signo);
}

export class SignalHandler {
  /** Name -> number for every "SIG*" name (L6). */
  readonly signalsByName!: ReadonlyMap<string, number>;
  /**
   * Number -> name, built from the names in alphabetical order so the last one wins: SIGHUP reads
   * "SIG_UNBLOCK", SIGINT "SIG_SETMASK", SIGCHLD "SIGCLD", SIGIO "SIGPOLL", SIGABRT "SIGIOT" on Linux **[!]**,
   * exactly as oslo.service 3.0.0 logs them.
   */
  readonly signalsToName!: ReadonlyMap<number, string>;
  private readonly handlers!: Map<number, Set<SignalCallback>>;
  private readonly listeners!: Map<number, () => void>;

  constructor() {
    if (instance !== undefined) return instance;
    const byName = pythonSignalNames();
    const toName = new Map<number, string>();
    // Python's dir() is sorted by code point: '_' (0x5F) after the capitals, so SIG_UNBLOCK beats SIGHUP.
    for (const name of [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) toName.set(byName.get(name)!, name);
    this.signalsByName = byName;
    this.signalsToName = toName;
    this.handlers = new Map();
    this.listeners = new Map();
    instance = this;
  }

  /**
   * The process's SignalHandler.
   * @example
   * const sh = SignalHandler.get(); // same object as new SignalHandler()
   */
  static get(): SignalHandler {
    return instance ?? new SignalHandler();
  }

  /**
   * True if `name` is a known signal name (oslo's `is_signal_supported`).
   * @example
   * if (sh.isSignalSupported('SIGALRM')) alarm(30);
   */
  isSignalSupported(name: string): boolean {
    return this.signalsByName.has(name);
  }

  /**
   * The handlers registered for a signal number, in the order they were added.
   * @example
   * console.log(sh.handlersFor(signalNumber('SIGTERM')).length);
   */
  handlersFor(signo: number): readonly SignalCallback[] {
    return [...(this.handlers.get(signo) ?? [])];
  }

  /**
   * Adds `handler` for the signal called `name` and installs the dispatcher for it. Unknown names are ignored
   * (L6); a signal that cannot be caught (SIGKILL, SIGSTOP) raises.
   * @example
   * sh.addHandler('SIGUSR1', (signo) => console.error(formatGreenThreads()));
   */
  addHandler(name: string, handler: SignalCallback): void {
    if (typeof handler !== 'function') {
      throw new TypeError(`addHandler(${JSON.stringify(name)}, handler): the handler must be a function, got ${typeof handler}`);
    }
    if (!this.isSignalSupported(name)) return;
    const signo = this.signalsByName.get(name)!;
    const nodeName = nodeSignalName(signo);
    if (nodeName === undefined || UNCATCHABLE.has(nodeName)) {
      throw new Error(`signal ${name} (${signo}) cannot be handled: Node can only listen for catchable signals`);
    }
    let set = this.handlers.get(signo);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(signo, set);
    }
    set.add(handler);
    if (!this.listeners.has(signo)) {
      unignore(signo); // installing a handler replaces SIG_IGN, as signal.signal() does
      const listener = (): void => this.dispatch(signo);
      process.on(nodeName as NodeJS.Signals, listener);
      this.listeners.set(signo, listener);
    }
  }

  /**
   * N5: Python's `signal.signal(sig, SIG_IGN)` for a signal this handler may hold: the process ignores it from
   * now on (the dispatcher is taken off, the handlers are kept, as oslo's set survives SIG_IGN) until a handler
   * is added again or `clear()` restores the default action.
   * @example
   * SignalHandler.get().ignore('SIGTERM'); // a worker that must not be stopped by SIGTERM
   */
  ignore(name: string): void {
    if (!this.isSignalSupported(name)) return;
    const signo = this.signalsByName.get(name)!;
    const nodeName = nodeSignalName(signo);
    if (nodeName === undefined || UNCATCHABLE.has(nodeName)) {
      throw new Error(`signal ${name} (${signo}) cannot be ignored: Node can only listen for catchable signals`);
    }
    const listener = this.listeners.get(signo);
    if (listener !== undefined) process.removeListener(nodeName as NodeJS.Signals, listener);
    this.listeners.delete(signo);
    if (!ignored.has(signo)) {
      // A listener that does nothing: Node then neither dies by the signal nor runs anything.
      const noop = (): void => {};
      process.on(nodeName as NodeJS.Signals, noop);
      ignored.set(signo, noop);
    }
  }

  /**
   * addHandler for each name.
   * @example
   * sh.addHandlers(['SIGTERM', 'SIGINT'], this.onStop); // bind onStop once, so re-adding keeps one entry
   */
  addHandlers(names: Iterable<string>, handler: SignalCallback): void {
    for (const name of names) this.addHandler(name, handler);
  }

  /**
   * L6: restores the default disposition of every signal that had handlers (the listener goes away, so the
   * next such signal kills the process) and forgets all handlers.
   * @example
   * sh.clear(); // a second SIGTERM now kills the process
   */
  clear(): void {
    for (const [signo, listener] of this.listeners) {
      process.removeListener(nodeSignalName(signo)! as NodeJS.Signals, listener);
    }
    for (const signo of this.handlers.keys()) unignore(signo);
    this.listeners.clear();
    this.handlers.clear();
  }

  /**
   * The OS-level part (L7): never runs handlers itself; spawns a green thread that runs them in the next hub
   * iteration. The spawn wakes a waiting hub (D4).
   */
  private dispatch(signo: number): void {
    const hub = getHub();
    if (hub.halted) {
      // main has ended: in Python the process would be gone; nothing can run the handlers any more.
      debug('signal %d after main ended; ignored', signo);
      return;
    }
    debug('signal %d: handlers scheduled', signo);
    spawn(runHandlers, this, signo, null);
  }

  /** @internal Runs the handlers of `signo` in the current green thread (oslo's `_handle_signal_cb`). */
  *runHandlers(signo: number, frame: unknown): Green<void> {
    // A snapshot, as in oslo: clear() drops the sets but the one being walked stays whole.
    for (const handler of this.handlersFor(signo)) {
      const out = handler(signo, frame);
      if (isGreen(out)) yield* out;
    }
  }

  /**
   * Test hook: what a delivered signal does, without the OS (oslo's tests call `_handle_signal` directly).
   * @example
   * sh.simulate('SIGTERM'); // handlers run in a new green thread, next hub pass
   */
  simulate(name: string): void {
    const signo = this.signalsByName.get(name);
    if (signo === undefined) throw new Error(`unknown signal name ${name}`);
    this.dispatch(signo);
  }
}

function* runHandlers(sh: SignalHandler, signo: number, frame: unknown): Green<void> {
  yield* sh.runHandlers(signo, frame);
}


/**
 * The name Node uses for a signal number (its first name in os.constants.signals).
 * @example
 * nodeSignalName(15); // 'SIGTERM'
 */
export function nodeSignalName(signo: number): string | undefined {
  for (const [name, n] of Object.entries(os.constants.signals as Record<string, number>)) if (n === signo) return name;
  return undefined;
}

/**
 * A signal's number from its name (Python's `signal.SIGTERM`).
 * @example
 * signalNumber('SIGHUP'); // 1 on Linux
 */
export function signalNumber(name: string): number {
  const n = SignalHandler.get().signalsByName.get(name);
  if (n === undefined) throw new Error(`unknown signal name ${JSON.stringify(name)}; expected e.g. 'SIGTERM'`);
  return n;
}

let alarmWorker: Worker | undefined;
let alarmFallback: NodeJS.Timeout | undefined;
let alarmDue = 0;

/** The alarm clock's thread: waits, then sends SIGALRM to this process. */
const ALARM_THREAD = `
  const { workerData } = require('node:worker_threads');
  setTimeout(() => process.kill(workerData.pid, 'SIGALRM'), workerData.ms);`;

/**
 * N5: Python's `signal.alarm(seconds)`: after `seconds`, SIGALRM is sent to this process (with no handler it
 * dies by signal 14, L10/L25). Re-arming replaces the previous alarm; 0 cancels. Returns the seconds that
 * were left on the previous alarm (0 if none). The clock runs in a worker thread, not on this thread's event
 * loop: like the OS alarm it goes off even while a service is stuck in a blocking call (a blocking stop()
 * past graceful_shutdown_timeout), and it does not keep the process alive.
 * @example
 * alarm(conf.getNumber('graceful_shutdown_timeout') ?? 0);
 */
export function alarm(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new TypeError(`alarm() takes a whole number of seconds >= 0, got ${String(seconds)}`);
  }
  const left = alarmWorker === undefined ? 0 : Math.max(0, Math.ceil((alarmDue - Date.now()) / 1000));
  if (alarmWorker !== undefined) void alarmWorker.terminate();
  if (alarmFallback !== undefined) clearTimeout(alarmFallback);
  alarmWorker = undefined;
  alarmFallback = undefined;
  if (seconds > 0) {
    alarmDue = Date.now() + seconds * 1000;
    // execArgv: [] keeps the thread's script CommonJS whatever flags this process was started with.
    // node:worker_threads is loaded by the first alarm, not by every process that imports the launcher (#6).
    const { Worker: AlarmThread } = process.getBuiltinModule('node:worker_threads');
    const worker: Worker = new AlarmThread(ALARM_THREAD, { eval: true, execArgv: [], workerData: { ms: seconds * 1000, pid: process.pid } });
    worker.unref();
    worker.on('error', (err) => {
      // The thread could not run (it should not happen): fall back to this thread's timer rather than lose the alarm.
      debug('alarm thread failed (%s); using a timer', err);
      if (alarmWorker !== worker) return;
      alarmFallback = setTimeout(() => process.kill(process.pid, 'SIGALRM'), Math.max(0, alarmDue - Date.now()));
      alarmFallback.unref();
    });
    worker.on('exit', () => {
      if (alarmWorker === worker) alarmWorker = undefined;
    });
    alarmWorker = worker;
  }
  return left;
}

/**
 * L9/N7/D5: oslo treats a process as a daemon when it is not in the terminal's foreground process group;
 * Node cannot ask for the process group, so the port's test is "stdout is not a terminal".
 * @example
 * if (isDaemon()) LOG.info('running detached: SIGHUP reloads');
 */
export function isDaemon(): boolean {
  return !process.stdout.isTTY;
}

/**
 * L9: true for SIGHUP received by a daemon: the case where launchers restart instead of exiting.
 * @example
 * if (isSighupAndDaemon(err.signo)) yield* launcher.restart();
 */
export function isSighupAndDaemon(signo: number): boolean {
  const sh = SignalHandler.get();
  if (!(sh.isSignalSupported('SIGHUP') && signo === sh.signalsByName.get('SIGHUP'))) return false;
  return isDaemon();
}
