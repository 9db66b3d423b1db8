/**
 * The command line's one dynamic `import()`: loading the service module it is given (cli.ts).
 *
 * It is a module of its own because the package's bundle runs as a vm script (tools/bundle.mjs), and Node 20
 * gives a script compiled from V8's code cache no module loader for `import()`. The bundle replaces this
 * module with the same function made by its ES module loader, dist/pkg/core.js, which sits in the same
 * directory: bare names resolve from the same place either way.
 */
export function importModule(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier) as Promise<Record<string, unknown>>;
}
