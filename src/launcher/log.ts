/**
 * oslo-style logging for the launcher layer.
 *
 * oslo.service logs through Python's `logging`: named loggers (`oslo_service.service`,
 * `oslo.service.loopingcall`, ...), numeric levels (TRACE 5 from oslo_log, DEBUG 10 ... CRITICAL 50), messages
 * written as `%`-format strings whose arguments are only merged when a record is rendered, and records that may
 * carry an exception (`LOG.exception`, `exc_info=True`). Operators grep for those exact texts, so the port keeps
 * the wording and the names, and renders them with Python's `%` rules (`pyFormat`).
 *
 * Where records go is pluggable: every record is offered to each installed sink. The default sink writes
 * through the `debug` package, one namespace per logger (`greenhub:oslo_service.service`), so nothing is
 * printed unless `DEBUG=greenhub:*` asks for it. A program that wants oslo's own log lines installs a sink
 * with `addSink` (the ServiceLauncher fixture and the conformance helper do).
 */
import { logger, type Logger as DebugLogger } from '../hub/logger.js';
import { BaseException } from '../hub/errors.js';
import { pyStrRepr } from '../greenthread/pyvalues.js';

/**
 * oslo_log's TRACE level (5), below DEBUG.
 * @example
 * addSink(mySink, TRACE); // receive everything, TRACE included
 */
export const TRACE = 5;
/**
 * Python logging's DEBUG level (10).
 * @example
 * conf.logOptValues(LOG, DEBUG);
 */
export const DEBUG = 10;
/**
 * Python logging's INFO level (20).
 * @example
 * addSink((r) => console.log(r.getMessage()), INFO);
 */
export const INFO = 20;
/**
 * Python logging's WARNING level (30).
 * @example
 * if (LOG.isEnabledFor(WARNING)) LOG.warning('disk at %d%%', 93);
 */
export const WARNING = 30;
/**
 * Python logging's ERROR level (40).
 * @example
 * LOG.logExc(ERROR, err, 'Error during %s', taskName);
 */
export const ERROR = 40;
/**
 * Python logging's CRITICAL level (50).
 * @example
 * LOG.log(CRITICAL, 'giving up after %d restarts', n);
 */
export const CRITICAL = 50;

const LEVEL_NAMES = new Map<number, string>([
  [TRACE, 'TRACE'],
  [DEBUG, 'DEBUG'],
  [INFO, 'INFO'],
  [WARNING, 'WARNING'],
  [ERROR, 'ERROR'],
  [CRITICAL, 'CRITICAL'],
]);

/**
 * Python's `logging.getLevelName` for the levels oslo uses; others print as "Level N".
 * @example
 * levelName(WARNING); // 'WARNING'
 */
export function levelName(level: number): string {
  return LEVEL_NAMES.get(level) ?? `Level ${level}`;
}

/**
 * One log event, rendered lazily like Python's LogRecord.
 * @example
 * addSink((r: LogRecord) => process.stderr.write(`${r.levelname} ${r.name}: ${r.getMessage()}\n`));
 */
export class LogRecord {
  readonly created = Date.now() / 1000;
  readonly levelname: string;
  constructor(
    readonly name: string,
    readonly level: number,
    readonly msg: string,
    readonly args: readonly unknown[],
    /** The exception the record carries (`exc_info`), or undefined. */
    readonly exc: unknown = undefined,
    readonly hasExc = false,
  ) {
    this.levelname = levelName(level);
  }

  /**
   * Python's `record.getMessage()`: `msg % args` when there are args, else msg untouched.
   * @example
   * record.getMessage(); // 'Starting 2 workers' for msg 'Starting %d workers', args [2]
   */
  getMessage(): string {
    return this.args.length === 0 ? this.msg : pyFormat(this.msg, this.args);
  }
}

/** Receives every record at or above its level. */
export type LogSink = (record: LogRecord) => void;

interface Installed {
  sink: LogSink;
  level: number;
}

const debugSinks = new Map<string, DebugLogger>();

/**
 * The default sink: one `debug` namespace per logger, `greenhub:<logger name>`.
 * @example
 * addSink(debugSink, WARNING); // a second copy of the default sink that only sees WARNING and above
 */
export const debugSink: LogSink = (record) => {
  let d = debugSinks.get(record.name);
  if (d === undefined) {
    d = logger(`greenhub:${record.name}`);
    debugSinks.set(record.name, d);
  }
  if (!d.enabled) return;
  let text = `${record.levelname} ${record.getMessage()}`;
  if (record.hasExc) text += `\n${formatException(record.exc)}`;
  d(text);
};

let sinks: Installed[] = [{ sink: debugSink, level: 0 }];

/**
 * Installs `sink` for records of `level` and above; returns a function that removes it again.
 * @example
 * const remove = addSink((r) => console.error(`${r.levelname} ${r.name}: ${r.getMessage()}`), INFO);
 * // ... later
 * remove();
 */
export function addSink(sink: LogSink, level = 0): () => void {
  if (typeof sink !== 'function') {
    throw new TypeError(`addSink() needs a function (record) => void, got ${typeof sink}`);
  }
  const entry = { sink, level };
  sinks = [...sinks, entry];
  return () => {
    sinks = sinks.filter((s) => s !== entry);
  };
}

/**
 * Removes the default `debug` sink (true) or puts it back (false); for programs that route every record
 * through their own sink and do not want it twice under `DEBUG=greenhub:*`.
 * @example
 * silenceDebugSink(); addSink(myJsonSink); // every record goes to myJsonSink only
 */
export function silenceDebugSink(silence = true): void {
  sinks = sinks.filter((s) => s.sink !== debugSink);
  if (!silence) sinks = [{ sink: debugSink, level: 0 }, ...sinks];
}

/**
 * Python's `traceback.format_exception` stand-in: the JS stack of an Error, or its str().
 * @example
 * process.stderr.write(formatException(err) + '\n');
 */
export function formatException(exc: unknown): string {
  if (exc instanceof Error) return exc.stack ?? `${exc.name}: ${exc.message}`;
  return String(exc);
}

/**
 * A named logger (Python's `logging.getLogger(name)`). Messages use `%` placeholders; arguments are merged
 * only when a sink renders the record.
 * @example
 * const LOG = getLogger('oslo_service.service');
 * LOG.info('Starting %d workers', 2);
 * LOG.error('%(kind)s %(func_name)r failed', { kind: 'Fixed interval looping call', func_name: 'tick' });
 * try { start(); } catch (e) { LOG.exception(e, 'Error starting thread.'); }
 */
export class Logger {
  constructor(readonly name: string) {}

  /**
   * True if some sink would receive a record of this level.
   * @example
   * if (LOG.isEnabledFor(DEBUG)) LOG.debug('state: %s', expensiveDump());
   */
  isEnabledFor(level: number): boolean {
    return sinks.some((s) => level >= s.level);
  }

  /**
   * Logs `msg % args` at `level`.
   * @example
   * LOG.log(INFO, 'Caught %s, exiting', 'SIGTERM');
   */
  log(level: number, msg: string, ...args: unknown[]): void {
    this.emit(level, msg, args, undefined, false);
  }

  /**
   * Logs at `level` with `exc` attached (Python's `exc_info=`).
   * @example
   * LOG.logExc(DEBUG, err, 'Systemd notification failed');
   */
  logExc(level: number, exc: unknown, msg: string, ...args: unknown[]): void {
    this.emit(level, msg, args, exc, true);
  }

  /**
   * Logs `msg % args` at TRACE (5).
   * @example
   * LOG.trace('tick %d', n);
   */
  trace(msg: string, ...args: unknown[]): void {
    this.emit(TRACE, msg, args, undefined, false);
  }
  /**
   * Logs `msg % args` at DEBUG.
   * @example
   * LOG.debug('Running periodic task %(full_task_name)s', { full_task_name: 'Manager.sync' });
   */
  debug(msg: string, ...args: unknown[]): void {
    this.emit(DEBUG, msg, args, undefined, false);
  }
  /**
   * Logs `msg % args` at INFO.
   * @example
   * LOG.info('Starting %d workers', 4);
   */
  info(msg: string, ...args: unknown[]): void {
    this.emit(INFO, msg, args, undefined, false);
  }
  /**
   * Logs `msg % args` at WARNING.
   * @example
   * LOG.warning('Function %(func_name)r run outlasted interval by %(delay).2f sec', { func_name: 'poll', delay: 1.5 });
   */
  warning(msg: string, ...args: unknown[]): void {
    this.emit(WARNING, msg, args, undefined, false);
  }
  /**
   * Logs `msg % args` at ERROR (without an exception; see exception()).
   * @example
   * LOG.error('Unable to bind %s:%d', host, port);
   */
  error(msg: string, ...args: unknown[]): void {
    this.emit(ERROR, msg, args, undefined, false);
  }
  /**
   * Logs `msg % args` at CRITICAL.
   * @example
   * LOG.critical('Unrecoverable error, exiting');
   */
  critical(msg: string, ...args: unknown[]): void {
    this.emit(CRITICAL, msg, args, undefined, false);
  }

  /**
   * Python's `LOG.exception(msg)`: ERROR with the exception being handled, passed explicitly here.
   * @example
   * try { yield* service.start(); } catch (e) { LOG.exception(e, 'Error starting thread.'); }
   */
  exception(exc: unknown, msg: string, ...args: unknown[]): void {
    this.emit(ERROR, msg, args, exc, true);
  }

  private emit(level: number, msg: string, args: unknown[], exc: unknown, hasExc: boolean): void {
    const targets = sinks;
    let record: LogRecord | undefined;
    for (const s of targets) {
      if (level < s.level) continue;
      record ??= new LogRecord(this.name, level, msg, args, exc, hasExc);
      try {
        s.sink(record);
      } catch (err) {
        // Python's Handler.handleError: a broken handler never breaks the program that logs.
        if (err instanceof BaseException) throw err;
        process.stderr.write(`--- Logging error ---\n${formatException(err)}\n`);
      }
    }
  }
}

const loggers = new Map<string, Logger>();

/**
 * The logger of that name, created once.
 * @example
 * const LOG = getLogger('myservice');
 * LOG.debug('heartbeat %d', n);
 */
export function getLogger(name: string): Logger {
  let l = loggers.get(name);
  if (l === undefined) {
    l = new Logger(name);
    loggers.set(name, l);
  }
  return l;
}

// --- Python's % formatting ----------------------------------------------------------------------------------

/**
 * Python's `repr()` for the values oslo messages interpolate.
 * @example
 * pyRepr("it's"); // "it's" in double quotes, as Python picks them
 */
export function pyRepr(v: unknown): string {
  return typeof v === 'string' ? pyStrRepr(v) : pyStr(v);
}

/**
 * Python's `str()` for the values oslo messages interpolate.
 * @example
 * pyStr([1, 'a', null]); // "[1, 'a', None]"
 */
export function pyStr(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Error) return v.message;
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}

/**
 * `x` with `digits` decimals, rounding the exact binary value half to even as Python's `%.Nf` does (JS's
 * `toFixed` rounds exact ties up: 0.125 -> "0.13" where Python prints "0.12").
 * @example
 * formatFixed(0.125, 2); // '0.12' (Python's half-to-even), where (0.125).toFixed(2) is '0.13'
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return pyStr(x);
  const exact = x.toFixed(Math.min(100, digits + 60));
  const neg = exact.startsWith('-');
  const body = neg ? exact.slice(1) : exact;
  const dot = body.indexOf('.');
  const intPart = body.slice(0, dot);
  const frac = body.slice(dot + 1);
  const kept = intPart + frac.slice(0, digits);
  const rest = frac.slice(digits);
  let roundUp: boolean;
  if (rest[0] === undefined || rest[0] < '5') roundUp = false;
  else if (rest[0] > '5' || /[1-9]/.test(rest.slice(1))) roundUp = true;
  else roundUp = (Number(kept[kept.length - 1]) & 1) === 1; // an exact tie: to even
  let digitsOut = kept.split('').map(Number);
  if (roundUp) {
    let i = digitsOut.length - 1;
    while (i >= 0 && digitsOut[i] === 9) {
      digitsOut[i] = 0;
      i--;
    }
    if (i < 0) digitsOut = [1, ...digitsOut];
    else digitsOut[i]! += 1;
  }
  const all = digitsOut.join('');
  const ip = all.slice(0, all.length - digits) || '0';
  const fp = all.slice(all.length - digits);
  const text = digits > 0 ? `${ip}.${fp}` : ip;
  return neg && /[1-9]/.test(text) ? `-${text}` : text;
}

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

function pad(text: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

/**
 * Python's `fmt % args`: positional (`%s %d %r %.2f %-30s`) or, when the format names keys (`%(kind)s`), a
 * single mapping argument. Raises TypeError on a mismatch, as Python does.
 * @example
 * pyFormat('%(kind)s %(func_name)r sleeping for %(idle).02f seconds', [{ kind: 'Fixed', func_name: 'f', idle: 0.5 }]);
 * // "Fixed 'f' sleeping for 0.50 seconds"
 */
export function pyFormat(fmt: string, args: readonly unknown[]): string {
  const mapping =
    args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0]) && !(args[0] instanceof Error)
      ? (args[0] as Record<string, unknown>)
      : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= args.length) throw new TypeError('not enough arguments for format string');
    return args[next++];
  };
  const out = fmt.replace(SPEC, (_m, key: string | undefined, flags: string, w: string | undefined, p: string | undefined, type: string) => {
    if (type === '%') return '%';
    const width = w === '*' ? Number(take()) : w === undefined ? undefined : Number(w);
    const precision = p === '*' ? Number(take()) : p === undefined ? undefined : Number(p);
    let value: unknown;
    if (key !== undefined) {
      if (mapping === undefined) throw new TypeError('format requires a mapping');
      if (!(key in mapping)) throw new TypeError(`KeyError: '${key}'`);
      value = mapping[key];
    } else {
      value = take();
    }
    switch (type) {
      case 's':
      case 'a': {
        const s = pyStr(value);
        return pad(precision === undefined ? s : s.slice(0, precision), flags, width, false);
      }
      case 'r': {
        const s = pyRepr(value);
        return pad(precision === undefined ? s : s.slice(0, precision), flags, width, false);
      }
      case 'd':
      case 'i':
      case 'u': {
        const n = toNumber(value, type);
        let s = String(Math.trunc(n));
        if (s === '-0') s = '0';
        if (flags.includes('+') && n >= 0) s = `+${s}`;
        return pad(s, flags, width, true);
      }
      case 'f':
      case 'F': {
        let s = formatFixed(toNumber(value, type), precision ?? 6);
        if (flags.includes('+') && !s.startsWith('-')) s = `+${s}`;
        return pad(s, flags, width, true);
      }
      case 'e':
      case 'E': {
        const n = toNumber(value, type);
        let s = n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (type === 'E') s = s.toUpperCase();
        return pad(s, flags, width, true);
      }
      case 'g':
      case 'G': {
        const n = toNumber(value, type);
        const s = String(Number(n.toPrecision(precision === 0 ? 1 : (precision ?? 6))));
        return pad(type === 'G' ? s.toUpperCase() : s, flags, width, true);
      }
      case 'x':
      case 'X':
      case 'o': {
        const n = Math.trunc(toNumber(value, type));
        const s = n.toString(type === 'o' ? 8 : 16);
        return pad(type === 'X' ? s.toUpperCase() : s, flags, width, true);
      }
      case 'c':
        return pad(typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value), flags, width, false);
      default:
        return _m;
    }
  });
  if (mapping === undefined && next < args.length) {
    throw new TypeError('not all arguments converted during string formatting');
  }
  return out;
}

function toNumber(v: unknown, type: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TypeError(`%${type} format: a real number is required, not ${v === null || v === undefined ? 'NoneType' : typeof v}`);
}

/**
 * oslo-style lines on stderr: `<unix time> <pid> <LEVEL> <logger>: <message>`, then any traceback.
 * @example
 * addSink((r) => logFile.write(`${formatRecord(r)}\n`), INFO);
 */
export function formatRecord(r: LogRecord): string {
  let line = `${r.created.toFixed(6)} ${process.pid} ${r.levelname} ${r.name}: ${r.getMessage()}`;
  if (r.hasExc) line += `\n${formatException(r.exc)}`;
  return line;
}

/**
 * Sends every record at `level` or above to stderr in `formatRecord`'s format (and silences the `debug`
 * sink so nothing is printed twice). Returns the remover.
 * @example
 * logToStderr(DEBUG);
 */
export function logToStderr(level: number = INFO): () => void {
  silenceDebugSink(true);
  return addSink((r) => {
    process.stderr.write(`${formatRecord(r)}\n`);
  }, level);
}
