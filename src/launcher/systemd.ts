/**
 * systemd readiness notification (oslo_service/systemd.py, Y1–Y4, N8).
 *
 * Node core has no unix datagram sockets; the `unix-dgram` native addon provides them. Sending from this
 * process matters: systemd's `NotifyAccess=main` only accepts a datagram whose sender is the main pid, so
 * shelling out to `systemd-notify` is not equivalent (N8).
 *
 * Abstract addresses (Y1, a leading "@") are turned into a leading NUL exactly as oslo does. The addon,
 * however, copies the address as a C string, so it cannot express a name that starts with NUL: such an
 * address fails with an `EAFNOSUPPORT` error that names the limitation. `notify()` logs it as any other
 * failed notification (Y2); `onready()` raises it.
 */
import { createRequire } from 'node:module';
import { DEBUG, getLogger } from './log.js';

const LOG = getLogger('oslo_service.systemd');

/** The part of the `unix-dgram` addon used here. */
interface DgramSocket {
  on(event: 'message', cb: (buf: Buffer) => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  once(event: 'error', cb: (err: Error) => void): this;
  removeAllListeners(event?: string): this;
  bind(path: string): void;
  connect(path: string): void;
  send(buf: Buffer, cb?: (err?: Error) => void): void;
  close(): void;
}
interface UnixDgram {
  createSocket(type: 'unix_dgram', listener?: (buf: Buffer) => void): DgramSocket;
}

let addon: UnixDgram | undefined;
function unixDgram(): UnixDgram {
  addon ??= createRequire(import.meta.url)('unix-dgram') as UnixDgram;
  return addon;
}

/** An OS-style error (errno code and syscall), as the addon and Python raise them. */
class SocketError extends Error {
  constructor(
    readonly code: string,
    readonly syscall: string,
    message: string,
  ) {
    super(message);
    this.name = 'OSError';
  }
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

/** Rejects what the addon would silently turn into another address (see the module comment). */
function checkAddress(address: string, syscall: string): void {
  if (address.startsWith('\0')) {
    throw new SocketError(
      'EAFNOSUPPORT',
      syscall,
      `${syscall} ${JSON.stringify(`@${address.slice(1)}`)}: abstract unix socket addresses cannot be reached ` +
        'through the unix-dgram addon (it copies the address as a C string, so the name after the leading NUL ' +
        'is lost); use a filesystem path for NOTIFY_SOCKET',
    );
  }
  if (Buffer.byteLength(address) > 107) {
    throw new SocketError('ENAMETOOLONG', syscall, `${syscall} ${address}: a unix socket path is at most 107 bytes`);
  }
}

/** Connects a datagram socket to `address` and sends `msg`; throws the OS error on failure. */
function sendDatagram(address: string, msg: Buffer): void {
  checkAddress(address, 'connect');
  const sock = unixDgram().createSocket('unix_dgram');
  let failure: Error | undefined;
  // The addon reports connect and send failures synchronously, through 'error' events or the callback.
  sock.on('error', (err) => {
    failure ??= err;
  });
  try {
    sock.connect(address);
    if (failure) throw failure;
    sock.send(msg, (err) => {
      if (err) failure ??= err;
    });
    if (failure) throw failure;
  } finally {
    sock.removeAllListeners('error');
    sock.close();
  }
}

/**
 * Y2: sends `msg` to $NOTIFY_SOCKET if it is set and non-empty. With `unsetEnv`, removes the variable, but
 * only after a successful send. Failures are logged at DEBUG ("Systemd notification failed") and never
 * raised.
 */
export function sdNotify(unsetEnv: boolean, msg: string | Buffer): void {
  const notifySocket = process.env.NOTIFY_SOCKET;
  if (!notifySocket) return;
  try {
    sendDatagram(abstractify(notifySocket), typeof msg === 'string' ? Buffer.from(msg) : msg);
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
 * closed before the Promise settles; as in oslo, a filesystem socket file stays (remove it yourself).
 * @example
 * process.env.NOTIFY_SOCKET = '/tmp/notify.sock';
 * const ready = onready('/tmp/notify.sock', 5); // start the service meanwhile
 * console.log(await ready); // 0 once it called notify()
 */
export function onready(notifySocket: string, timeout: number): Promise<0 | 1 | 2> {
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    return Promise.reject(new TypeError(`onready() timeout must be a number of seconds >= 0, got ${String(timeout)}`));
  }
  const address = abstractify(notifySocket);
  try {
    checkAddress(address, 'bind');
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    const sock = unixDgram().createSocket('unix_dgram');
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      sock.removeAllListeners();
      sock.close();
      fn();
    };
    sock.on('error', (err) => finish(() => reject(err)));
    sock.on('message', (buf) => {
      const msg = buf.subarray(0, 512);
      finish(() => resolve(msg.equals(Buffer.from('READY=1')) ? 0 : 1));
    });
    sock.bind(address);
    if (settled) return;
    timer = setTimeout(() => finish(() => resolve(2)), Math.ceil(timeout * 1000));
  });
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
