/**
 * greenhub's `debug` namespaces (`greenhub:hub`, `greenhub:launcher`, ...), with the `debug` package loaded only
 * when something can be listening: DEBUG is set in the environment (a program's own `debug.enable()` sets it
 * too). Importing `debug` costs a process about 10 ms, most of it starting Node's CommonJS loader, and every
 * ProcessLauncher worker pays for its imports before it is ready (#6); most processes log nothing.
 *
 * DEBUG is looked at when a greenhub logger is first used, not when greenhub is imported: setting it in between
 * still takes effect (`debug` itself reads it once, when it loads).
 */

type DebugFactory = (namespace: string) => DebugInstance;
interface DebugInstance {
  (formatter: string, ...args: unknown[]): void;
  readonly enabled: boolean;
}

/**
 * A `debug` logger for one namespace, made on first use.
 * @example
 * const log = logger('greenhub:myservice');
 * log('started %d workers', 4); // printed with DEBUG=greenhub:*
 * if (log.enabled) log('%s', expensiveDump());
 */
export interface Logger {
  (formatter: string, ...args: unknown[]): void;
  /** Whether the namespace is enabled (false, without loading `debug`, when nothing can be listening). */
  readonly enabled: boolean;
  readonly namespace: string;
}

let factory: DebugFactory | undefined;

/** DEBUG names namespaces. */
function debugWanted(): boolean {
  return (process.env.DEBUG ?? '') !== '';
}

/**
 * Makes the logger of `namespace`. Cheap: nothing is loaded until a call finds someone listening.
 * @example
 * const log = logger('greenhub:hub');
 * log('loop aborted; timers discarded');
 */
export function logger(namespace: string): Logger {
  let real: DebugInstance | undefined;
  const get = (): DebugInstance | undefined => {
    if (real === undefined && (factory !== undefined || debugWanted())) {
      // node:module too is loaded only here: importing it costs every process (worker start, #6).
      factory ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)('debug') as DebugFactory;
      real = factory(namespace);
    }
    return real;
  };
  const log = (formatter: string, ...args: unknown[]): void => {
    const d = get();
    if (d !== undefined && d.enabled) d(formatter, ...args);
  };
  Object.defineProperties(log, {
    enabled: { get: () => get()?.enabled ?? false },
    namespace: { value: namespace },
  });
  return log as Logger;
}
