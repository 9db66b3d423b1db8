/**
 * A small oslo.config: registered options with types and defaults, values from INI config files, overrides,
 * reload/mutate, and the DEBUG dump launchers log at `wait()` (`log_opt_values`, L11/L24).
 *
 * Options are looked up with `conf.get(name)` (Python: `conf.name`) or `conf.get(name, group)`. Config files use
 * oslo.config's INI dialect: `[DEFAULT]` and `[group]` sections, `key = value` (or `key: value`), `#`/`;` comment
 * lines, indented continuation lines; later files win. Values are checked against the option's type when read,
 * as oslo.config does, and a bad one raises ConfigFileValueError naming the option and the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RuntimeError, ValueError } from '../hub/errors.js';
import { DEBUG, getLogger, pyStr, type Logger } from './log.js';

const LOG = getLogger('oslo_config.cfg');


/** Python's ValueError and RuntimeError are shared by every layer (src/hub/errors.ts). */
export { RuntimeError, ValueError };

/**
 * Base of oslo.config's errors.
 * @example
 * try { conf.parse(process.argv.slice(2)); }
 * catch (e) { if (e instanceof ConfigError) { console.error(e.message); process.exit(2); } throw e; }
 */
export class ConfigError extends Error {
  constructor(message = '') {
    super(message);
    this.name = new.target.name;
  }
}
/**
 * An option name not registered (oslo.config's NoSuchOptError).
 * @example
 * conf.get('no_such_option'); // NoSuchOptError: no such option no_such_option in group [DEFAULT]
 */
export class NoSuchOptError extends ConfigError {}
/**
 * The same name registered again with a different definition.
 * @example
 * conf.registerOpt(IntOpt('workers', { default: 2 }));
 * conf.registerOpt(IntOpt('workers', { default: 4 })); // DuplicateOptError
 */
export class DuplicateOptError extends ConfigError {}
/**
 * A config file that cannot be read or parsed.
 * @example
 * conf.parse(['--config-file', '/etc/missing.conf']); // ConfigFileParseError: Failed to read config file ...
 */
export class ConfigFileParseError extends ConfigError {}
/**
 * A value from a config file (or an override) that does not fit the option's type.
 * @example
 * conf.get('graceful_shutdown_timeout'); // ConfigFileValueError if the file says "graceful_shutdown_timeout = soon"
 */
export class ConfigFileValueError extends ConfigError {}
/**
 * A command line argument the parser does not know.
 * @example
 * conf.parse(['--no-such-flag']); // ArgsError: unrecognized arguments: --no-such-flag
 */
export class ArgsError extends ConfigError {}

export type OptType = 'str' | 'int' | 'float' | 'bool' | 'list';
export type OptValue = string | number | boolean | string[] | null;

/** An option definition (oslo.config's `cfg.StrOpt(...)` and friends). */
export interface Opt {
  readonly name: string;
  readonly type: OptType;
  readonly default?: OptValue;
  readonly help?: string;
  /** Printed as "****" by logOptValues. */
  readonly secret?: boolean;
  /** Picked up by mutateConfigFiles(); others keep their value until a reload. */
  readonly mutable?: boolean;
  readonly min?: number;
  readonly max?: number;
}

type OptExtra = Omit<Opt, 'name' | 'type'>;
/** @example registerOpts([StrOpt('backdoor_port', { help: 'Enable eventlet backdoor.' })]) */
export const StrOpt = (name: string, extra: OptExtra = {}): Opt => ({ name, type: 'str', ...extra });
/** @example IntOpt('graceful_shutdown_timeout', { default: 60 }) */
export const IntOpt = (name: string, extra: OptExtra = {}): Opt => ({ name, type: 'int', ...extra });
/** @example FloatOpt('wait_interval', { default: 0.01 }) */
export const FloatOpt = (name: string, extra: OptExtra = {}): Opt => ({ name, type: 'float', ...extra });
/** @example BoolOpt('log_options', { default: true }) */
export const BoolOpt = (name: string, extra: OptExtra = {}): Opt => ({ name, type: 'bool', ...extra });
/** @example ListOpt('enabled_apis', { default: ['osapi'] }) */
export const ListOpt = (name: string, extra: OptExtra = {}): Opt => ({ name, type: 'list', ...extra });

// --- the options oslo.service registers (oslo_service/_options.py) -------------------------------------------

const HELP_BACKDOOR_PORT =
  'Acceptable values are 0, <port>, and <start>:<end>, where 0 results in listening on a random tcp port ' +
  'number; <port> results in listening on the specified port number (and not enabling backdoor if that port ' +
  'is in use); and <start>:<end> results in listening on the smallest unused port number within the ' +
  "specified range of port numbers.  The chosen port is displayed in the service's log file.";

/**
 * `backdoor_port`, `backdoor_socket` (B1): registered by Launcher.
 * @example
 * conf.registerOpts(eventletBackdoorOpts);
 * conf.getString('backdoor_port'); // null unless configured
 */
export const eventletBackdoorOpts: readonly Opt[] = [
  StrOpt('backdoor_port', { help: `Enable eventlet backdoor.  ${HELP_BACKDOOR_PORT}` }),
  StrOpt('backdoor_socket', {
    help:
      'Enable eventlet backdoor, using the provided path as a unix socket that can receive connections. This ' +
      "option is mutually exclusive with 'backdoor_port' in that only one should be provided. If both are " +
      'provided then the existence of this option overrides the usage of that option. Inside the path {pid} ' +
      'will be replaced with the PID of the current process.',
  }),
];

/**
 * `run_external_periodic_tasks` (O18): registered by PeriodicTasks.
 * @example
 * conf.registerOpts(periodicOpts);
 */
export const periodicOpts: readonly Opt[] = [
  BoolOpt('run_external_periodic_tasks', {
    default: true,
    help: 'Some periodic tasks can be run in a separate process. Should we run them here?',
  }),
];

/**
 * `log_options`, `graceful_shutdown_timeout` (L10, L11): registered by every launcher.
 * @example
 * conf.registerOpts(serviceOpts);
 * conf.getNumber('graceful_shutdown_timeout'); // 60 by default
 */
export const serviceOpts: readonly Opt[] = [
  BoolOpt('log_options', {
    default: true,
    help: 'Enables or disables logging values of all registered options when starting a service (at DEBUG level).',
  }),
  IntOpt('graceful_shutdown_timeout', {
    default: 60,
    help: 'Specify a timeout after which a gracefully shutdown server will exit. Zero value means endless wait.',
  }),
];

// --- values --------------------------------------------------------------------------------------------------

const TRUE_VALUES = new Set(['true', '1', 'on', 'yes']);
const FALSE_VALUES = new Set(['false', '0', 'off', 'no']);

/** Converts a raw string (from a file) to the option's type; throws a plain message on failure. */
function convert(opt: Opt, raw: string): OptValue {
  const text = raw.trim();
  switch (opt.type) {
    case 'str':
      return raw;
    case 'int': {
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`invalid literal for int() with base 10: ${JSON.stringify(raw)}`);
      return checkRange(opt, Number(text));
    }
    case 'float': {
      const n = Number(text);
      if (text === '' || Number.isNaN(n)) throw new Error(`could not convert string to float: ${JSON.stringify(raw)}`);
      return checkRange(opt, n);
    }
    case 'bool': {
      const low = text.toLowerCase();
      if (TRUE_VALUES.has(low)) return true;
      if (FALSE_VALUES.has(low)) return false;
      throw new Error(`Unexpected boolean value ${JSON.stringify(raw)}`);
    }
    case 'list':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
  }
}

function checkRange(opt: Opt, n: number): number {
  if (opt.min !== undefined && n < opt.min) throw new Error(`Should be greater than or equal to ${opt.min}`);
  if (opt.max !== undefined && n > opt.max) throw new Error(`Should be less than or equal to ${opt.max}`);
  return n;
}

/** Checks a value given in code (a default or an override) against the option's type. */
function checkValue(opt: Opt, value: OptValue, what: string): OptValue {
  if (value === null) return null;
  const ok =
    (opt.type === 'str' && typeof value === 'string') ||
    ((opt.type === 'int' || opt.type === 'float') && typeof value === 'number' && (opt.type === 'float' || Number.isInteger(value))) ||
    (opt.type === 'bool' && typeof value === 'boolean') ||
    (opt.type === 'list' && Array.isArray(value));
  if (!ok) {
    throw new ConfigFileValueError(
      `${what} for option ${opt.name} is not valid: expected ${opt.type === 'list' ? 'a list of strings' : `a ${opt.type}`}, got ${JSON.stringify(value)}`,
    );
  }
  return opt.type === 'list' ? [...(value as string[])] : value;
}

/** group -> key -> (raw value, file it came from) */
type Namespace = Map<string, Map<string, { raw: string; file: string }>>;

/** Parses one INI file (oslo.config's iniparser dialect) into `ns`. */
function parseIni(file: string, text: string, ns: Namespace): void {
  let section: string | undefined;
  let last: { group: string; key: string } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trim() === '' || /^\s*[#;]/.test(line)) {
      last = undefined;
      return;
    }
    if (/^\s/.test(line) && last !== undefined) {
      const entry = ns.get(last.group)!.get(last.key)!;
      entry.raw = `${entry.raw}\n${line.trim()}`;
      return;
    }
    const head = /^\[([^\]]*)\]\s*$/.exec(line);
    if (head) {
      section = head[1]!.trim();
      if (section === '') throw new ConfigFileParseError(`Failed to parse ${where}: Empty section name`);
      if (!ns.has(section)) ns.set(section, new Map());
      last = undefined;
      return;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) throw new ConfigFileParseError(`Failed to parse ${where}: Unexpected line: ${JSON.stringify(line)}`);
    if (section === undefined) throw new ConfigFileParseError(`Failed to parse ${where}: No section: ${JSON.stringify(line)}`);
    let value = kv[2]!;
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
      value = value.slice(1, -1);
    }
    ns.get(section)!.set(kv[1]!.trim(), { raw: value, file });
    last = { group: section, key: kv[1]!.trim() };
  });
}

/** Options every ConfigOpts has (oslo.config registers them as command line options). */
const BUILTIN: readonly Opt[] = [
  ListOpt('config_dir', { default: [], help: 'Path to a config directory to pull `*.conf` files from.' }),
  ListOpt('config_file', { default: [], help: 'Path to a config file to use.' }),
  ListOpt('config_source', { default: [], help: 'Lists configuration groups that provide more details for accessing configuration settings from locations other than local files.' }),
];

interface Registered {
  opt: Opt;
  group: string;
}

/** Options for `ConfigOpts.parse` (Python: `conf(args, default_config_files=..., ...)`). */
export interface ParseOptions {
  /** Files read when no `--config-file` is given; default none. */
  defaultConfigFiles?: string[];
  /** Directories read when no `--config-dir` is given; default none. */
  defaultConfigDirs?: string[];
}

/**
 * oslo.config's ConfigOpts, reduced to what services and launchers use.
 * @example
 * const conf = new ConfigOpts();
 * conf.registerOpts(serviceOpts);
 * conf.parse(['--config-file', '/etc/myservice/myservice.conf']);
 * conf.get('graceful_shutdown_timeout'); // 60 unless the file says otherwise
 */
export class ConfigOpts {
  private readonly opts = new Map<string, Registered>();
  private readonly overrides = new Map<string, OptValue>();
  private readonly defaults = new Map<string, OptValue>();
  private namespace: Namespace = new Map();
  /** What mutateConfigFiles() last read; mutable options are read from here (oslo's `_mutable_ns`). */
  private mutableNamespace: Namespace | undefined = undefined;
  private readonly mutateHooks = new Set<(conf: ConfigOpts, fresh: Map<string, [OptValue, OptValue]>) => void>();
  /** The command line arguments of the last parse(). */
  args: string[] = [];
  private parsedFiles: string[] = [];
  private parsedDirs: string[] = [];

  constructor() {
    for (const opt of BUILTIN) this.registerOpt(opt);
  }

  private static key(name: string, group: string): string {
    return group === 'DEFAULT' ? name : `${group}.${name}`;
  }

  /**
   * Registers `opt` (in `group`, default DEFAULT). Registering the same definition again is a no-op that returns
   * false; a different definition under a taken name raises DuplicateOptError.
   * @example
   * conf.registerOpt(IntOpt('workers', { default: 4, min: 1 }), 'api'); // read with conf.get('workers', 'api')
   */
  registerOpt(opt: Opt, group = 'DEFAULT'): boolean {
    if (opt === null || typeof opt !== 'object' || typeof opt.name !== 'string' || opt.name === '') {
      throw new TypeError(`registerOpt() needs an option such as StrOpt('name'), got ${JSON.stringify(opt)}`);
    }
    const key = ConfigOpts.key(opt.name, group);
    const old = this.opts.get(key);
    if (old !== undefined) {
      if (sameOpt(old.opt, opt)) return false;
      throw new DuplicateOptError(`duplicate option: ${opt.name}`);
    }
    if (opt.default !== undefined) checkValue(opt, opt.default, 'Default');
    this.opts.set(key, { opt, group });
    return true;
  }

  /**
   * Registers each option; see registerOpt.
   * @example
   * conf.registerOpts([StrOpt('bind_host', { default: '0.0.0.0' }), IntOpt('bind_port', { default: 8080 })]);
   */
  registerOpts(opts: readonly Opt[], group = 'DEFAULT'): void {
    for (const opt of opts) this.registerOpt(opt, group);
  }

  /**
   * True if an option of that name is registered.
   * @example
   * if (!conf.has('workers', 'api')) conf.registerOpt(IntOpt('workers'), 'api');
   */
  has(name: string, group = 'DEFAULT'): boolean {
    return this.opts.has(ConfigOpts.key(name, group));
  }

  /**
   * Parses command line arguments (`--config-file PATH`, `--config-dir DIR`, `--name value` / `--name=value` for
   * registered options, `--flag` / `--noflag` for booleans) and reads the config files.
   * @example
   * conf.parse(process.argv.slice(2), { defaultConfigFiles: ['/etc/svc/svc.conf'] });
   */
  parse(args: string[] = [], options: ParseOptions = {}): this {
    const files: string[] = [];
    const dirs: string[] = [];
    const cli = new Map<string, OptValue>();
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (!arg.startsWith('--')) throw new ArgsError(`unrecognized arguments: ${arg}`);
      const eq = arg.indexOf('=');
      const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)).replace(/-/g, '_');
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const value = (): string => {
        if (inline !== undefined) return inline;
        const v = args[++i];
        if (v === undefined) throw new ArgsError(`argument --${name.replace(/_/g, '-')}: expected one argument`);
        return v;
      };
      if (name === 'config_file') files.push(value());
      else if (name === 'config_dir') dirs.push(value());
      else {
        const reg = this.opts.get(name);
        const negated = reg === undefined && name.startsWith('no') ? this.opts.get(name.slice(2)) : undefined;
        if (negated !== undefined && negated.opt.type === 'bool' && inline === undefined) {
          cli.set(negated.opt.name, false);
        } else if (reg === undefined) {
          throw new ArgsError(`unrecognized arguments: ${arg}`);
        } else if (reg.opt.type === 'bool' && inline === undefined) {
          cli.set(name, true);
        } else {
          try {
            cli.set(name, convert(reg.opt, value()));
          } catch (err) {
            throw new ArgsError(`argument --${name}: ${(err as Error).message}`);
          }
        }
      }
    }
    this.args = [...args];
    this.parsedFiles = files.length > 0 ? files : [...(options.defaultConfigFiles ?? [])];
    this.parsedDirs = dirs.length > 0 ? dirs : [...(options.defaultConfigDirs ?? [])];
    this.cli = cli;
    this.namespace = this.readFiles();
    this.mutableNamespace = undefined;
    return this;
  }

  private cli = new Map<string, OptValue>();

  /** The files (then the `*.conf` of each directory, sorted) that make up the configuration, in order. */
  private sources(): string[] {
    const out = [...this.parsedFiles];
    for (const dir of this.parsedDirs) {
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => n.endsWith('.conf')).sort();
      } catch (err) {
        throw new ConfigFileParseError(`Failed to read config directory ${dir}: ${(err as Error).message}`);
      }
      for (const n of names) {
        const p = path.join(dir, n);
        if (fs.statSync(p).isFile()) out.push(p);
      }
    }
    return out;
  }

  private readFiles(): Namespace {
    const ns: Namespace = new Map();
    for (const file of this.sources()) {
      let text: string;
      try {
        text = fs.readFileSync(path.resolve(file), 'utf8');
      } catch (err) {
        throw new ConfigFileParseError(`Failed to read config file ${file}: ${(err as Error).message}`);
      }
      parseIni(file, text, ns);
    }
    return ns;
  }

  /**
   * The value of an option: override, else command line, else config file, else default (else null).
   * Raises NoSuchOptError for an unregistered name and ConfigFileValueError for a file value of the wrong type.
   * @example
   * const port = conf.get('bind_port'); // override > command line > file > default > null
   */
  get(name: string, group = 'DEFAULT'): OptValue {
    const key = ConfigOpts.key(name, group);
    const reg = this.opts.get(key);
    if (reg === undefined) {
      throw new NoSuchOptError(
        group === 'DEFAULT' ? `no such option ${name} in group [DEFAULT]` : `no such option ${name} in group [${group}]`,
      );
    }
    if (this.overrides.has(key)) return copy(this.overrides.get(key)!);
    if (name === 'config_file' && group === 'DEFAULT') return [...this.parsedFiles];
    if (name === 'config_dir' && group === 'DEFAULT') return [...this.parsedDirs];
    if (group === 'DEFAULT' && this.cli.has(name)) return copy(this.cli.get(name)!);
    const ns = reg.opt.mutable && this.mutableNamespace !== undefined ? this.mutableNamespace : this.namespace;
    const found = ns.get(group)?.get(name);
    if (found !== undefined) {
      try {
        return convert(reg.opt, found.raw);
      } catch (err) {
        throw new ConfigFileValueError(
          `Value for option ${name} from LocationInfo(location=<Locations.user: (4, True)>, detail='${found.file}') is not valid: ${(err as Error).message}`,
        );
      }
    }
    if (this.defaults.has(key)) return copy(this.defaults.get(key)!);
    return reg.opt.default === undefined ? null : copy(reg.opt.default);
  }

  /**
   * `get` for an option known to be a number (int or float).
   * @example
   * const timeout = conf.getNumber('graceful_shutdown_timeout') ?? 0;
   */
  getNumber(name: string, group = 'DEFAULT'): number | null {
    return this.get(name, group) as number | null;
  }

  /**
   * `get` for a boolean option.
   * @example
   * if (conf.getBool('log_options')) conf.logOptValues(LOG, DEBUG);
   */
  getBool(name: string, group = 'DEFAULT'): boolean | null {
    return this.get(name, group) as boolean | null;
  }

  /**
   * `get` for a string option.
   * @example
   * const host = conf.getString('bind_host') ?? '127.0.0.1';
   */
  getString(name: string, group = 'DEFAULT'): string | null {
    return this.get(name, group) as string | null;
  }

  /**
   * Forces an option's value until clearOverride (oslo's `set_override`); checked against the type.
   * @example
   * conf.setOverride('graceful_shutdown_timeout', 5); // e.g. in a test
   */
  setOverride(name: string, value: OptValue, group = 'DEFAULT'): void {
    const reg = this.registered(name, group);
    this.overrides.set(ConfigOpts.key(name, group), checkValue(reg.opt, value, 'Override'));
  }

  /**
   * Drops a setOverride: the option reads from the command line, files or defaults again.
   * @example
   * conf.clearOverride('graceful_shutdown_timeout');
   */
  clearOverride(name: string, group = 'DEFAULT'): void {
    this.registered(name, group);
    this.overrides.delete(ConfigOpts.key(name, group));
  }

  /**
   * Replaces an option's default (oslo's `set_default`).
   * @example
   * conf.setDefault('bind_port', 9292); // a file or the command line still wins
   */
  setDefault(name: string, value: OptValue, group = 'DEFAULT'): void {
    const reg = this.registered(name, group);
    this.defaults.set(ConfigOpts.key(name, group), checkValue(reg.opt, value, 'Default'));
  }

  private registered(name: string, group: string): Registered {
    const reg = this.opts.get(ConfigOpts.key(name, group));
    if (reg === undefined) throw new NoSuchOptError(`no such option ${name} in group [${group}]`);
    return reg;
  }

  /**
   * Reads the config files again (L3, L24: what a reload restart does). On a file that cannot be read or
   * parsed, logs a WARNING, keeps the previous values and returns false.
   * @example
   * if (!conf.reloadConfigFiles()) LOG.warning('kept the previous configuration');
   */
  reloadConfigFiles(): boolean {
    let ns: Namespace;
    try {
      ns = this.readFiles();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      LOG.warning('Caught Error while reloading configure files: %s', err.message);
      return false;
    }
    this.namespace = ns;
    this.mutableNamespace = undefined;
    return true;
  }

  /**
   * Runs `hook(conf, fresh)` after each mutateConfigFiles().
   * @example
   * conf.registerMutateHook((c, fresh) => { if (fresh.has('DEFAULT.debug')) setDebug(c.getBool('debug')); });
   */
  registerMutateHook(hook: (conf: ConfigOpts, fresh: Map<string, [OptValue, OptValue]>) => void): void {
    this.mutateHooks.add(hook);
  }

  /**
   * Re-reads the files but only lets options marked `mutable` change (L3 'mutate' restart): logs INFO for each
   * change, WARNING for each ignored change to an immutable option, then calls the mutate hooks. Returns the
   * changes as 'group.name' -> [old, new]. Unreadable files raise.
   * @example
   * for (const [key, [was, now]] of conf.mutateConfigFiles()) console.log(key, was, '->', now);
   */
  mutateConfigFiles(): Map<string, [OptValue, OptValue]> {
    const before = new Map<string, OptValue>();
    for (const [key, reg] of this.opts) before.set(key, this.safeGet(reg));
    const fresh = this.readFiles();
    const previous = this.mutableNamespace ?? this.namespace;
    this.mutableNamespace = fresh;
    const changes = new Map<string, [OptValue, OptValue]>();
    const keys = [...this.opts.keys()].sort((a, b) => sortKey(this.opts.get(a)!).localeCompare(sortKey(this.opts.get(b)!)));
    for (const key of keys) {
      const reg = this.opts.get(key)!;
      const oldRaw = previous.get(reg.group)?.get(reg.opt.name)?.raw;
      const newRaw = fresh.get(reg.group)?.get(reg.opt.name)?.raw;
      if (oldRaw === newRaw) continue;
      if (!reg.opt.mutable) {
        LOG.warning('Ignoring change to immutable option %(group)s.%(option)s', { group: reg.group, option: reg.opt.name });
        continue;
      }
      const after = this.safeGet(reg);
      const was = before.get(key) ?? null;
      LOG.info('Option %(group)s.%(option)s changed from [%(old_val)s] to [%(new_val)s]', {
        group: reg.group,
        option: reg.opt.name,
        old_val: was,
        new_val: after,
      });
      changes.set(`${reg.group}.${reg.opt.name}`, [was, after]);
    }
    for (const hook of this.mutateHooks) hook(this, changes);
    return changes;
  }

  private safeGet(reg: Registered): OptValue {
    try {
      return this.get(reg.opt.name, reg.group);
    } catch {
      return null;
    }
  }

  /**
   * Logs every registered option at `level` (oslo's `log_opt_values`): a line of 80 '*', the sources, a line of
   * 80 '=', then `%-30s = %s` per option sorted by name (DEFAULT first, then each group), then 80 '*' again.
   * @example
   * if (conf.get('log_options')) { LOG.debug('Full set of CONF:'); conf.logOptValues(LOG, DEBUG); }
   */
  logOptValues(logger: Logger, level: number = DEBUG): void {
    logger.log(level, '*'.repeat(80));
    logger.log(level, 'Configuration options gathered from:');
    logger.log(level, 'command line args: %s', this.args);
    logger.log(level, 'config files: %s', this.parsedFiles);
    logger.log(level, '='.repeat(80));
    const groups = new Map<string, Registered[]>();
    for (const reg of this.opts.values()) {
      if (!groups.has(reg.group)) groups.set(reg.group, []);
      groups.get(reg.group)!.push(reg);
    }
    const show = (reg: Registered): string => (reg.opt.secret ? '****' : pyStr(this.safeShow(reg)));
    for (const reg of (groups.get('DEFAULT') ?? []).sort((a, b) => cmp(a.opt.name, b.opt.name))) {
      logger.log(level, '%-30s = %s', reg.opt.name, show(reg));
    }
    for (const [group, regs] of groups) {
      if (group === 'DEFAULT') continue;
      for (const reg of regs.sort((a, b) => cmp(a.opt.name, b.opt.name))) {
        logger.log(level, '%-30s = %s', `${group}.${reg.opt.name}`, show(reg));
      }
    }
    logger.log(level, '*'.repeat(80));
  }

  private safeShow(reg: Registered): OptValue | string {
    try {
      return this.get(reg.opt.name, reg.group);
    } catch (err) {
      return `<invalid: ${(err as Error).message}>`;
    }
  }

  /**
   * Forgets command line, files and overrides (oslo's `reset`/`clear`); registrations stay.
   * @example
   * conf.reset(); // registrations stay; parse() again to read new arguments
   */
  reset(): void {
    this.overrides.clear();
    this.defaults.clear();
    this.cli.clear();
    this.args = [];
    this.parsedFiles = [];
    this.parsedDirs = [];
    this.namespace = new Map();
    this.mutableNamespace = undefined;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(reg: Registered): string {
  return reg.group === 'DEFAULT' ? `\t${reg.opt.name}` : `${reg.group}\u0000${reg.opt.name}`;
}

function copy(v: OptValue): OptValue {
  return Array.isArray(v) ? [...v] : v;
}

function sameOpt(a: Opt, b: Opt): boolean {
  if (a === b) return true;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) return false;
  return ka.every((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k]) === JSON.stringify((b as unknown as Record<string, unknown>)[k]));
}
