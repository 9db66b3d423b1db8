/**
 * Readiness listeners (H19, eventlet/hubs/hub.py `add`/`remove` and hubs/poll.py `wait`).
 *
 * Node has no poll() over raw descriptors, so a listener is keyed by whatever identifies the stream: a
 * descriptor number or the stream object itself. The code that owns the stream (green IO) reports readiness
 * with `ready(key, kind)` from its Node event handlers; the hub dispatches what was reported as the end of its
 * wait phase (H6f), exactly where eventlet dispatches poll results.
 */

/**
 * The kind of a listener that waits for a descriptor to become readable (H19).
 * @example
 * hub.listeners.add(READ, sock, onReadable, onError);
 */
export const READ = 'read';
/**
 * The kind of a listener that waits for a descriptor to become writable (H19).
 * @example
 * hub.listeners.add(WRITE, sock, onWritable, onError);
 */
export const WRITE = 'write';
export type ListenerKind = typeof READ | typeof WRITE;
/** What a stream can report: readable, writable, or an error/hang-up that wakes both sides (H19). */
export type Readiness = ListenerKind | 'error';
export type ListenerKey = number | object;

/**
 * Thrown into a waiter whose descriptor was closed under it (H20, eventlet's IOClosed).
 * @example
 * try { yield* trampoline(sock, { read: true }); } catch (e) { if (e instanceof IOClosed) return null; throw e; }
 */
export class IOClosed extends Error {
  readonly errno: string;
  constructor(message = 'Operation on closed file') {
    super(message);
    this.name = 'IOClosed';
    this.errno = 'ENOTCONN';
  }
}

/**
 * H19: one registration: `cb` runs when `key` is ready for `kind`; `tb` receives IOClosed (H20).
 * @example
 * const l: Listener = hub.listeners.add(READ, fd, () => g.switch(), (err) => g.throw(err));
 */
export class Listener {
  /** Set once the listener's descriptor was found closed; its callbacks will not run again. */
  spent = false;
  constructor(
    readonly kind: ListenerKind,
    readonly key: ListenerKey,
    readonly cb: (key: ListenerKey) => void,
    readonly tb: (err: unknown) => void,
    readonly markAsClosed?: () => void,
  ) {}

  /**
   * H20: turns the callbacks into no-ops once the descriptor is closed.
   * @example
   * listener.defang(); // its cb and tb will not run again
   */
  defang(): void {
    if (this.spent) return;
    this.spent = true;
    this.markAsClosed?.();
  }
}

/** What the registry needs from its hub. */
export interface ListenerHost {
  /** Something became ready while the hub may be waiting. */
  wake(): void;
  /** H19: a listener callback failed; print it and name the descriptor ("Removing descriptor: N"). */
  reportListenerError(err: unknown, key: ListenerKey): void;
  /** Prints an error raised while a descriptor was being removed. */
  reportError(err: unknown): void;
  isSystemException(err: unknown): boolean;
}

/**
 * How a listener key reads in messages: the descriptor number, else `<ClassName>`.
 * @example
 * describeKey(socket); // '17' when the socket has a descriptor, else '<Socket>'
 */
export function describeKey(key: ListenerKey): string {
  if (typeof key === 'number') return String(key);
  const fd = (key as { fd?: unknown; _handle?: { fd?: unknown } }).fd ?? (key as any)._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? String(fd) : `<${(key as object).constructor?.name ?? 'object'}>`;
}

/**
 * H19/H20: the hub's readiness registry: one primary listener per key and kind, optional queued secondaries.
 * @example
 * const l = getHub().listeners.add(READ, sock, onReady, onError);
 * getHub().listeners.remove(l); // when done waiting
 */
export class Listeners {
  /** H19: a second simultaneous reader (or writer) is an error unless this is turned off. */
  preventMultipleReaders = true;
  readonly primary: Record<ListenerKind, Map<ListenerKey, Listener>> = { read: new Map(), write: new Map() };
  readonly secondaries: Record<ListenerKind, Map<ListenerKey, Listener[]>> = { read: new Map(), write: new Map() };
  /** Readiness reported since the last dispatch, in arrival order. */
  private readyQueue: Array<[ListenerKey, Readiness]> = [];
  /** H20: listeners whose descriptor closed, to be told at the next H6a step. */
  private closed: Listener[] = [];

  constructor(private readonly host: ListenerHost) {}

  get count(): number {
    let n = this.primary.read.size + this.primary.write.size;
    for (const l of this.secondaries.read.values()) n += l.length;
    for (const l of this.secondaries.write.values()) n += l.length;
    return n;
  }

  /**
   * True while any listener is registered: what the loop checks every pass (a secondary exists only behind a
   * primary of the same key and kind, so the primaries tell).
   * @example
   * if (!hub.listeners.any) console.log('nothing waits on a descriptor');
   */
  get any(): boolean {
    return this.primary.read.size !== 0 || this.primary.write.size !== 0;
  }

  get hasReady(): boolean {
    return this.readyQueue.length > 0;
  }

  get hasClosed(): boolean {
    return this.closed.length > 0;
  }

  /**
   * H19: registers `cb` for `kind` readiness of `key`; a second listener on the same key and kind throws
   * unless hubPreventMultipleReaders(false).
   * @example
   * const l = hub.listeners.add(READ, stream, () => self.switch(), (err) => self.throw(err), () => closed = true);
   */
  add(
    kind: ListenerKind,
    key: ListenerKey,
    cb: (key: ListenerKey) => void,
    tb: (err: unknown) => void,
    markAsClosed?: () => void,
  ): Listener {
    const listener = new Listener(kind, key, cb, tb, markAsClosed);
    const primary = this.primary[kind];
    if (primary.has(key)) {
      if (this.preventMultipleReaders) {
        throw new Error(
          `Second simultaneous ${kind} on fileno ${describeKey(key)} detected.  Unless you really know what ` +
            `you're doing, make sure that only one greenthread can ${kind} any particular socket.  Consider ` +
            `using a pools.Pool. If you do know what you're doing and want to disable this error, call ` +
            `hubPreventMultipleReaders(false)`,
        );
      }
      const queue = this.secondaries[kind].get(key);
      if (queue) queue.push(listener);
      else this.secondaries[kind].set(key, [listener]);
    } else {
      primary.set(key, listener);
    }
    return listener;
  }

  /**
   * Unregisters one listener; a queued secondary takes its place (H19).
   * @example
   * try { yield SUSPEND; } finally { hub.listeners.remove(l); }
   */
  remove(listener: Listener): void {
    const { kind, key } = listener;
    const primary = this.primary[kind];
    const queue = this.secondaries[kind].get(key);
    if (primary.get(key) === listener) {
      primary.delete(key);
      const next = queue?.shift();
      if (next) primary.set(key, next);
    } else if (queue) {
      const i = queue.indexOf(listener);
      if (i >= 0) queue.splice(i, 1);
    }
    if (queue && queue.length === 0) this.secondaries[kind].delete(key);
  }

  /**
   * Reports readiness of `key`; the hub dispatches it at the end of its wait phase.
   * @example
   * stream.on('readable', () => hub.listeners.ready(stream, 'read'));
   */
  ready(key: ListenerKey, what: Readiness): void {
    this.readyQueue.push([key, what]);
    this.host.wake();
  }

  /**
   * H20 (`notify_close`/`mark_as_closed`): the descriptor is gone; its listeners are defanged, dropped,
   * and their green threads get IOClosed at the next H6a step.
   * @example
   * stream.on('close', () => hub.listeners.markClosed(stream)); // waiters get IOClosed
   */
  markClosed(key: ListenerKey): void {
    for (const kind of [READ, WRITE] as const) {
      const all = this.listenersOf(kind, key);
      this.primary[kind].delete(key);
      this.secondaries[kind].delete(key);
      for (const l of all) {
        l.defang();
        this.closed.push(l);
      }
    }
    this.host.wake();
  }

  /**
   * H6a: throws IOClosed into each waiter whose descriptor closed.
   * @example
   * hub.listeners.closeAll(); // step H6a of each loop iteration
   */
  closeAll(): void {
    while (this.closed.length > 0) {
      const l = this.closed.shift()!;
      l.tb(new IOClosed());
    }
  }

  /**
   * H19: collect the callbacks for everything reported, then call them.
   * @example
   * hub.listeners.dispatch(); // end of the wait phase (H6f)
   */
  dispatch(): void {
    if (this.readyQueue.length === 0) return;
    const reported = this.readyQueue;
    this.readyQueue = [];
    const callbacks: Array<[Listener, ListenerKey]> = [];
    const seen = new Set<Listener>();
    const collect = (kind: ListenerKind, key: ListenerKey) => {
      const l = this.primary[kind].get(key);
      if (l !== undefined && !seen.has(l)) {
        seen.add(l);
        callbacks.push([l, key]);
      }
    };
    for (const [key, what] of reported) {
      if (what !== WRITE) collect(READ, key);
      if (what !== READ) collect(WRITE, key);
    }
    for (const [l, key] of callbacks) {
      if (l.spent) continue;
      try {
        l.cb(key);
      } catch (err) {
        if (this.host.isSystemException(err)) throw err;
        this.host.reportListenerError(err, key);
        this.removeDescriptor(key);
      }
    }
  }

  /**
   * H19: calls every listener of `key` once more, then forgets them all.
   * @example
   * hub.listeners.removeDescriptor(fd); // every waiter on fd runs one last time
   */
  removeDescriptor(key: ListenerKey): void {
    const all = [...this.listenersOf(READ, key), ...this.listenersOf(WRITE, key)];
    for (const l of all) {
      try {
        l.cb(key);
      } catch (err) {
        if (this.host.isSystemException(err)) throw err;
        this.host.reportError(err);
      }
    }
    // Drop exactly the listeners that were called: a thread that a callback resumed may already have
    // registered again on this key, and dropping that new listener would leave it waiting for ever,
    // unreachable even by markClosed.
    for (const l of all) this.remove(l);
  }

  private listenersOf(kind: ListenerKind, key: ListenerKey): Listener[] {
    const out: Listener[] = [];
    const p = this.primary[kind].get(key);
    if (p) out.push(p);
    const s = this.secondaries[kind].get(key);
    if (s) out.push(...s);
    return out;
  }

  /**
   * H18: the hub is being forgotten; nothing registered will be resumed.
   * @example
   * hub.listeners.clear(); // as BaseHub.dispose() does
   */
  clear(): void {
    for (const kind of [READ, WRITE] as const) {
      this.primary[kind].clear();
      this.secondaries[kind].clear();
    }
    this.readyQueue = [];
    this.closed = [];
  }
}
