/**
 * The `greenhub` command line: runs a service module under the launcher oslo would pick (L1), and exposes
 * the systemd readiness helper (Y4).
 *
 *   greenhub launch <module> [--workers N] [--config FILE] [--debug]
 *   greenhub notify [TIMEOUT]
 *   greenhub --help
 *
 * A service module is an ES module (path or package name) exporting, as `default`, `service` or
 * `createService`, either a ServiceBase instance or a function `(conf) => ServiceBase` (called once per
 * process, so each worker builds its own, N3/D6).
 */
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { run } from '../greenthread/run.js';
import type { Green } from '../greenthread/ops.js';
import { ConfigOpts, serviceOpts } from './conf.js';
import { DEBUG, INFO, logToStderr } from './log.js';

// Kept importable from here, where they were first defined.
export { formatRecord, logToStderr } from './log.js';
import { ServiceBase, describeValue } from './service.js';
import { launch } from './launcher.js';
import { systemdMain } from './systemd.js';
import { importModule } from './import-module.js';

/**
 * The `greenhub --help` text; printed after a UsageError too.
 * @example
 * process.stdout.write(USAGE);
 */
export const USAGE = `usage: greenhub launch <module> [--workers N] [--config FILE] [--debug]
       greenhub notify [TIMEOUT]
       greenhub --help

commands:
  launch <module> [--workers N] [--config FILE] [--debug]
      Run the service exported by <module> (a file path or package name). With 1 worker (the default)
      it runs in this process under ServiceLauncher; with N > 1 under ProcessLauncher, which keeps N worker
      processes running. SIGTERM stops gracefully, SIGHUP reloads (when not on a terminal), SIGINT exits.
      The module exports (as default, "service" or "createService") a ServiceBase instance or a function
      (conf) => ServiceBase.
        --workers N    number of worker processes, a whole number >= 1 (default 1)
        --config FILE  an oslo.config style INI file (may be repeated; later files win)
        --debug        log at DEBUG (default INFO); logs go to stderr
  notify [TIMEOUT]
      Without TIMEOUT: send READY=1 to $NOTIFY_SOCKET. With TIMEOUT (seconds): bind $NOTIFY_SOCKET and wait
      for READY=1; exit 0 ready, 1 another message, 2 timed out.

options:
  -h, --help       show this help
`;

/**
 * A command-line mistake: printed with the usage hint, exit status 2.
 * @example
 * try { parseArgs(['launch']); } catch (e) { if (e instanceof UsageError) console.error(`${e.message}\n${USAGE}`); }
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command =
  | { command: 'help' }
  | { command: 'launch'; module: string; workers: number; configFiles: string[]; debug: boolean }
  | { command: 'notify'; args: string[] };

/**
 * Parses `argv` (without node and the script). Throws UsageError naming the problem.
 * @example
 * parseArgs(['launch', './svc.js', '--workers', '4']);
 * // { command: 'launch', module: './svc.js', workers: 4, configFiles: [], debug: false }
 */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('no command given; try "greenhub launch <module>" or "greenhub --help"');
  const [cmd, ...rest] = argv;
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') return { command: 'help' };
  if (cmd === 'notify') {
    if (rest.includes('-h') || rest.includes('--help')) return { command: 'help' };
    if (rest.length > 1) throw new UsageError(`notify takes at most one argument (a timeout), got ${rest.length}`);
    return { command: 'notify', args: rest };
  }
  if (cmd !== 'launch') throw new UsageError(`unknown command ${JSON.stringify(cmd)}; the commands are launch and notify`);
  let module: string | undefined;
  let workers = 1;
  const configFiles: string[] = [];
  let debug = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return { command: 'help' };
    if (flag === '--workers' || flag === '-w') {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) < 1) {
        throw new UsageError(`--workers must be a whole number >= 1, got ${JSON.stringify(text)}`);
      }
      workers = Number(text);
    } else if (flag === '--config' || flag === '--config-file') {
      configFiles.push(value());
    } else if (flag === '--debug') {
      if (eq > 0) throw new UsageError('--debug takes no value');
      debug = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)} for launch; the options are --workers, --config, --debug`);
    } else if (module === undefined) {
      module = arg;
    } else {
      throw new UsageError(`launch takes one module, got a second one: ${JSON.stringify(arg)}`);
    }
  }
  if (module === undefined) throw new UsageError('launch needs the service module to run: greenhub launch <module>');
  return { command: 'launch', module, workers, configFiles, debug };
}

/** Resolves a module argument: an existing path (relative to the cwd), else a package name. */
function moduleSpecifier(spec: string): string {
  const asPath = path.resolve(spec);
  if (fs.existsSync(asPath)) return url.pathToFileURL(asPath).href;
  if (spec.startsWith('.') || spec.startsWith('/') || spec.includes(path.sep) && !spec.startsWith('@')) {
    throw new UsageError(`service module ${JSON.stringify(spec)} not found (looked for ${asPath})`);
  }
  return spec;
}

/**
 * Imports the service module and returns its service (built with `conf` if it exports a factory).
 * Clear errors for a module that cannot be found or loaded, or that exports no service.
 */
export async function loadService(spec: string, conf: ConfigOpts): Promise<ServiceBase> {
  const specifier = moduleSpecifier(spec);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(specifier);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(`'${spec}'`)) {
      throw new UsageError(`service module ${JSON.stringify(spec)} not found: it is neither a file nor an installed package`);
    }
    throw new Error(`could not load service module ${JSON.stringify(spec)}: ${(err as Error).message}`, { cause: err });
  }
  for (const name of ['default', 'service', 'createService']) {
    if (!(name in mod)) continue;
    let value = mod[name];
    if (typeof value === 'function' && !(value.prototype instanceof ServiceBase)) value = (value as (c: ConfigOpts) => unknown)(conf);
    if (value instanceof ServiceBase) return value;
    throw new UsageError(
      `service module ${JSON.stringify(spec)}: its "${name}" export is ${describeValue(value)}, not a ServiceBase ` +
        '(export a service instance, or a function (conf) => service)',
    );
  }
  throw new UsageError(
    `service module ${JSON.stringify(spec)} exports no service: export default (or export "service" / "createService") ` +
      `a ServiceBase instance or a function (conf) => ServiceBase; it exports ${Object.keys(mod).join(', ') || 'nothing'}`,
  );
}

/** `greenhub launch`: the service under launch() (L1) until its launcher's wait() returns. */
async function launchCommand(cmd: Extract<Command, { command: 'launch' }>): Promise<number> {
  for (const file of cmd.configFiles) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
      if (!fs.statSync(file).isFile()) throw new Error('not a regular file');
    } catch (err) {
      throw new UsageError(`cannot read config file ${JSON.stringify(file)}: ${(err as Error).message}`);
    }
  }
  logToStderr(cmd.debug ? DEBUG : INFO);
  const conf = new ConfigOpts();
  // The launcher's options are readable by the service factory too (launchers register them again: a no-op).
  conf.registerOpts(serviceOpts);
  conf.parse(cmd.configFiles.flatMap((f) => ['--config-file', f]));
  const service = await loadService(cmd.module, conf);
  const status = await run(function* main(): Green<unknown> {
    const launcher = yield* launch(conf, service, cmd.workers);
    return yield* launcher.wait();
  });
  return typeof status === 'number' ? status : 0;
}

/**
 * Runs the command line; resolves with the exit status. Usage errors print the message and a hint on
 * stderr (status 2); other failures print the error (status 1).
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
    if (cmd.command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (cmd.command === 'notify') return await systemdMain(cmd.args);
    return await launchCommand(cmd);
  } catch (err) {
    if (err instanceof UsageError || err instanceof TypeError && (err as Error).message.startsWith('the timeout')) {
      process.stderr.write(`greenhub: error: ${(err as Error).message}\n(see greenhub --help)\n`);
      return 2;
    }
    process.stderr.write(`greenhub: error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
