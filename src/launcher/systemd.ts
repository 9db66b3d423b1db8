/**
 * systemd readiness notification (oslo_service/systemd.py, Y1–Y4, N8).
 *
 * Node core has no unix datagram sockets; greenhub's own N-API addon (src/launcher/native/unix_dgram.c,
 * built by `npm run build` into build/Release) provides them. Sending from this process matters: systemd's
 * `NotifyAccess=main` only accepts a datagram whose sender is the main pid, so shelling out to
 * `systemd-notify` is not equivalent (N8).
 *
 * Addresses travel to the addon as Buffers and are passed to connect/bind with their exact length, so an
 * abstract address (Y1: "@name" → a leading NUL, the name delimited by the length) reaches the same socket a
 * filesystem path would: both work for `notify()` and `onready()` (#5).
 */
import fs from 'node:fs';
import url from 'node:url';
import { DEBUG, getLogger } from './log.js';

const LOG = getLogger('oslo_service.systemd');
const READY = Buffer.from('READY=1');

/** What the addon exports (see unix_dgram.c). Its errors carry code, errno, syscall and address. */
interface UnixDgramAddon {
  send(address: Buffer, message: Buffer): void;
  bindReceive(address: Buffer, timeoutMs: number, maxBytes: number): Promise<Buffer | null>;
}

/** Where node-gyp builds the addon, from the package root. */
const ADDON_PATH = 'build/Release/greenhub_unix_dgram.node';

/**
 * This module runs from dist/src/launcher/ or, bundled, from a chunk in dist/pkg/: the package root is three or
 * two levels up. Nearest first, so that nothing outside the package (its parent folder) is tried before it.
 */
function addonCandidates(): string[] {
  return ['../', '../../', '../../../'].map((up) => url.fileURLToPath(new URL(up + ADDON_PATH, import.meta.url)));
}

let addon: UnixDgramAddon | undefined;
function unixDgram(): UnixDgramAddon {
  if (addon === undefined) {
    const candidates = addonCandidates();
    const found = candidates.find((p) => fs.existsSync(p));
    try {
      addon = process.getBuiltinModule('node:module').createRequire(import.meta.url)(found ?? candidates[0]!) as UnixDgramAddon;
    } catch (err) {
      throw new Error(
        `greenhub's unix datagram addon is not built (${ADDON_PATH} above ${import.meta.url}): run \`npm run build\`, ` +
          `which compiles it with node-gyp (${(err as Error).message})`,
        { cause: err },
      );
    }
  }
  return addon;
}

/**
 * Y1: a name starting with "@" names the abstract namespace: the "@" becomes a NUL byte. Anything else is
 * returned unchanged.
 * @example
 * abstractify('@greenhub/notify'); // '\0greenhub/notify'
 * abstractify('/run/systemd/notify'); // unchanged
 */
export function abstractify(socketName: string): string {
  return socketName.startsWith('@') ? `\0${socketName.slice(1)}` : socketName;
}

/**
 * The bytes of an abstractified address, exactly as connect/bind get them: a leading NUL (abstract, Y1) and
 * the length are kept. A NUL anywhere else would silently cut a filesystem path short, so it is refused.
 */
function toAddress(address: string): Buffer {
  if (address.indexOf('\0', 1) !== -1) {
    throw new TypeError(
      `unix socket address ${JSON.stringify(address)} contains a NUL byte; only an abstract address starts with ` +
        'one, written "@name"',
    );
  }
  return Buffer.from(address);
}

/**
 * Y2: sends `msg` to $NOTIFY_SOCKET if it is set and non-empty. With `unsetEnv`, removes the variable, but
 * only after a successful send. Failures are logged at DEBUG ("Systemd notification failed") and never
 * raised. The send never waits for room in the receiver's queue: a full queue is an `EAGAIN` failure (logged,
 * the variable kept) rather than a frozen event loop.
 * @example
 * process.env.NOTIFY_SOCKET = '@greenhub/notify'; // abstract namespace (Y1)
 * sdNotify(false, 'STATUS=loading configuration');
 */
export function sdNotify(unsetEnv: boolean, msg: string | Buffer): void {
  const notifySocket = process.env.NOTIFY_SOCKET;
  if (!notifySocket) return;
  try {
    const message = typeof msg === 'string' ? Buffer.from(msg) : msg;
    unixDgram().send(toAddress(abstractify(notifySocket)), message);
    if (unsetEnv) delete process.env.NOTIFY_SOCKET;
  } catch (err) {
    LOG.logExc(DEBUG, err, "Systemd notification failed");
  }
}

/**
 * Y3: tells systemd the service is ready (`READY=1`); NOTIFY_SOCKET is kept.
 * @example
 * notify(); // with NOTIFY_SOCKET=/run/systemd/notify set by a Type=notify unit
 */
export function notify(): void {
  sdNotify(false, 'READY=1');
}

/**
 * Y3: as notify(), then removes NOTIFY_SOCKET so that later calls (and processes started afterwards) do
 * nothing. A failed send keeps the variable. Launchers call it at the start of `wait()`.
 * @example
 * notifyOnce();
 * notifyOnce(); // no-op: NOTIFY_SOCKET is gone
 */
export function notifyOnce(): void {
  sdNotify(true, 'READY=1');
}

/**
 * Y4: binds a datagram socket at `notifySocket` ("@name" for the abstract namespace) and waits up to
 * `timeout` seconds for one datagram (at most 512 bytes are read): exactly `READY=1` → 0, anything else → 1,
 * nothing in time → 2. A bind failure (address in use, bad path) rejects with the OS error. The socket is
 * closed before the Promise settles; as in oslo, a filesystem socket file stays (remove it yourself). The wait
 * runs off the main thread (see unix_dgram.c), so the event loop and the hub on it keep running meanwhile.
 * @example
 * process.env.NOTIFY_SOCKET = '/tmp/notify.sock';
 * const ready = onready('/tmp/notify.sock', 5); // start the service meanwhile
 * console.log(await ready); // 0 once it called notify()
 * console.log(await onready('@greenhub/notify', 0.1)); // 2: nobody sent anything to the abstract address
 */
export function onready(notifySocket: string, timeout: number): Promise<0 | 1 | 2> {
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    return Promise.reject(new TypeError(`onready() timeout must be a number of seconds >= 0, got ${String(timeout)}`));
  }
  let received: Promise<Buffer | null>;
  try {
    // Bound before this returns, so a service started right afterwards finds the socket.
    received = unixDgram().bindReceive(toAddress(abstractify(notifySocket)), timeout * 1000, 512);
  } catch (err) {
    return Promise.reject(err);
  }
  return received.then((msg) => (msg === null ? 2 : msg.equals(READY) ? 0 : 1));
}

/**
 * Y4's command line: no argument → `notify()`, exit 0; a timeout argument with NOTIFY_SOCKET set → wait
 * with `onready()` and return its code (without NOTIFY_SOCKET: 0, nothing to wait on, as oslo).
 * @example
 * // greenhub systemd-notify 10   (in a unit's ExecStartPost, waiting for the service's READY=1)
 * process.exitCode = await systemdMain(process.argv.slice(3));
 */
export async function systemdMain(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    notify();
    return 0;
  }
  const timeout = Number(argv[0]);
  if (argv[0]!.trim() === '' || Number.isNaN(timeout) || timeout < 0) {
    throw new TypeError(`the timeout must be a number of seconds >= 0, got ${JSON.stringify(argv[0])}`);
  }
  const notifySocket = process.env.NOTIFY_SOCKET;
  if (!notifySocket) return 0;
  return onready(notifySocket, timeout);
}
