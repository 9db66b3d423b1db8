/**
 * Python's value rules where eventlet's and oslo's code leans on them: `==` (GreenThread.unlink finds a link by
 * its arguments), tuple `<` (PriorityQueue orders items with heapq; a dynamic looping call's min()), `int()`
 * (Semaphore and GreenPool convert their sizes), truth (the backoff's success) and a str's repr (messages). JavaScript values stand in for Python ones: numbers and booleans are ints and floats, strings
 * are str, null and undefined are None, arrays are tuples, plain objects are dicts.
 */
import { ValueError } from '../hub/errors.js';

/**
 * The Python type name a value stands for, as Python's error messages print it.
 * @example
 * pyTypeName([1, 2]); // 'tuple'
 */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'function') return 'function';
  if (isPlainObject(v)) return 'dict';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** A dict's stand-in: an object literal (or one made with a null prototype). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function asNumber(v: unknown): number | bigint | undefined {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  return undefined;
}

/**
 * Python's `==`: numbers (booleans included) by value, strings by content, None equals None, tuples and dicts
 * element by element; anything else only itself.
 * @example
 * pyEquals([1, null], [1, undefined]); // true: (1, None) == (1, None)
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const na = asNumber(a);
  const nb = asNumber(b);
  // Loose equality on purpose: 1 == 1n, as Python's 1 == 1.0 (both sides are numbers here).
  if (na !== undefined && nb !== undefined) return na == nb;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/**
 * Python's truth value: None, False, zeros, '' and empty tuples, dicts, maps and sets are false; everything
 * else is true, NaN included (JavaScript calls NaN false).
 * @example
 * pyTruthy([]); // false, as bool(()) is
 */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0 || v === 0n) return false;
  if (typeof v === 'number') return true; // NaN too
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * Python's `<` for the values a PriorityQueue usually holds: numbers (and booleans) numerically, strings by
 * code point, arrays as tuples: the first elements that are not equal decide, and when one tuple is a prefix of
 * the other the shorter is smaller, so `(1, None) < (2, None)` works and ties on the first element never compare
 * the payloads unless they differ. Anything else raises Python's TypeError.
 * @example
 * pythonLess([1, 'b'], [2, 'a']); // true: compared like Python tuples
 */
export function pythonLess(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na < nb;
  if (typeof a === 'string' && typeof b === 'string') {
    const ia = a[Symbol.iterator]();
    const ib = b[Symbol.iterator]();
    for (;;) {
      const x = ia.next();
      const y = ib.next();
      if (x.done) return !y.done;
      if (y.done) return false;
      const cx = x.value.codePointAt(0)!;
      const cy = y.value.codePointAt(0)!;
      if (cx !== cy) return cx < cy;
    }
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a[i], b[i])) return pythonLess(a[i], b[i]);
    }
    return a.length < b.length;
  }
  throw new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/**
 * Python's repr of a str: single quotes unless the text holds one and no double quote; backslashes, the
 * chosen quote and \n, \r, \t escaped.
 * @example
 * pyStrRepr("it's"); // "it's" in double quotes, as Python picks them
 */
export function pyStrRepr(v: string): string {
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of v) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * What eventlet's Semaphore and GreenPool do with a size (S1, P1): `int(value)`, with int()'s ValueError
 * reported as `TypeError("<who>() expect <what> :: int, actual: <class '...'> <int()'s message>")`, then a
 * negative result refused with ValueError. Fractions are truncated, as int() does; a string holding a whole
 * number is read as one; None and other objects get int()'s own TypeError.
 * @example
 * pyIntSize(2.5, 'Semaphore', 'value'); // 2
 */
export function pyIntSize(value: unknown, who: string, what: string): number {
  const int = (message: string): never => {
    throw new TypeError(`${who}() expect ${what} :: int, actual: <class '${pyTypeName(value)}'> ${message}`);
  };
  let n: number;
  if (typeof value === 'boolean') n = Number(value);
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'number') {
    if (Number.isNaN(value)) int('cannot convert float NaN to integer');
    if (!Number.isFinite(value)) int('cannot convert float infinity to integer');
    n = Math.trunc(value) + 0; // + 0 turns -0 into 0
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) int(`invalid literal for int() with base 10: ${pyStrRepr(value)}`);
    n = Number(text.replace(/_/g, ''));
  } else {
    throw new TypeError(
      `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
    );
  }
  if (n < 0) throw new ValueError(`${who}() expect ${what} >= 0, actual: ${n}`);
  return n;
}
