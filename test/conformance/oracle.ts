/**
 * The TypeScript side of ../shared/conformance/oracle.py: what a twin imports in place of `from oracle import
 * log, run, exc_text`. It runs main on a VirtualHub (clock from 0, moving only in the wait phase, ties fired
 * first-scheduled first) and prints the same trace format: `<virtual seconds, 3 decimals> <text>` lines,
 * `STDERR Traceback: ExcType: message` for what the hub prints, `LOG LEVEL logger: message [Exc]` for
 * WARNING-and-above records of the oslo ports, then `END` (or `UNCAUGHT ...` then `END`, status 1).
 */
import { writeSync } from 'node:fs';
import { getHub, useHub, VirtualHub, BaseException, exceptionChain } from '../../src/hub/index.js';
import { run as greenRun, type Green } from '../../src/greenthread/index.js';

const ADDRESS = /0x[0-9a-fA-F]+/g;

/** Current virtual time in seconds. */
export function now(): number {
  return getHub().clock();
}

function emit(text: string): void {
  const t = now();
  const stamp = t * 1000;
  if (Math.abs(stamp - Math.round(stamp)) > 1e-6) {
    writeSync(1, `OFF-GRID virtual time ${t}, use delays on a 1 ms grid\n`);
    process.exit(4);
  }
  writeSync(1, `${t.toFixed(3)} ${text.replace(ADDRESS, '0x?')}\n`);
}

/** A trace line stamped with the virtual time; values are rendered as Python's str() would. */
export function log(msg: unknown): void {
  emit(pyStr(msg));
}

/** Tagged template that renders interpolated values like Python's '%s'. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += pyStr(v) + strings[i + 1]!;
  });
  return out;
}

/** Python's str() for the values twins print. */
export function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Error) return v.message;
  return String(v);
}

/** Python's repr() for the values twins print inside lists. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  return pyStr(v);
}

/** Python module paths of library exception classes, as a traceback's last line names them. */
export const QUALNAMES: Record<string, string> = {
  GreenletExit: 'greenlet.GreenletExit',
  Empty: '_queue.Empty',
  Full: 'queue.Full',
  Timeout: 'eventlet.timeout.Timeout',
  LoopingCallTimeOut: 'oslo_service.loopingcall.LoopingCallTimeOut',
};

/** 'ExcType: message' (or just 'ExcType'), like the last line of a Python traceback. */
export function excText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const name = QUALNAMES[e.name] ?? e.name;
  return e.message === '' ? name : `${name}: ${e.message}`;
}

/** Python's built-in exception classes, for twins that raise or catch them. */
export class PyError extends Error {
  /** `cause` stands for Python's `raise ... from cause`. */
  constructor(message = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
export class ValueError extends PyError {}
export class LookupError extends PyError {}
export class KeyError extends LookupError {}
export class RuntimeError extends PyError {}
export class OSError extends PyError {}
export class ZeroDivisionError extends PyError {}

/** Python's `except Exception:` — true for errors a handler may take, false for BaseException kinds. */
export function isException(e: unknown): boolean {
  return !(e instanceof BaseException);
}

/**
 * Runs main on a fresh virtual-time hub, then prints END and exits. Threads still suspended when main returns
 * are abandoned (H15).
 */
export function run(main: () => Green<unknown>): void {
  const hub = new VirtualHub();
  hub.errorSink = {
    traceback: (err) => {
      // As oracle.py folds stderr: a traceback is its last line; the chain's joining lines and any further
      // lines of a message stand alone; blank lines are dropped.
      for (const { err: e, then } of exceptionChain(err)) {
        const [first, ...rest] = excText(e).split('\n');
        emit(`STDERR Traceback: ${first}`);
        for (const line of rest) if (line.trim() !== '') emit(`STDERR ${line}`);
        if (then !== undefined) emit(`STDERR ${then}`);
      }
    },
    line: (text) => {
      for (const line of text.split('\n')) if (line.trim() !== '') emit(`STDERR ${line}`);
    },
  };
  hub.onDeadlock = () => {
    emit('DEADLOCK');
    process.exit(3);
  };
  useHub(hub);
  greenRun(main).then(
    () => {
      emit('END');
      process.exit(0);
    },
    (err) => {
      emit(`UNCAUGHT ${excText(err)}`);
      emit('END');
      process.exit(1);
    },
  );
}
