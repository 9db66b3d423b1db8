/**
 * The current hub (eventlet/hubs/__init__.py `get_hub`/`use_hub`, H18).
 *
 * One hub per process, created lazily by the first `getHub()` (H15). `useHub()` forgets it — its timers
 * and listeners are never resumed — and the next `getHub()` builds a new one, of the kind last chosen.
 */
import type { BaseHub } from './hub.js';
import { Hub } from './realtime.js';

let current: BaseHub | undefined;
let factory: () => BaseHub = () => new Hub();

/**
 * The hub of this process, created on first use.
 * @example
 * const hub = getHub();
 * hub.scheduleCallGlobal(0.5, () => console.log('half a second later'));
 */
export function getHub(): BaseHub {
  return (current ??= factory());
}

/**
 * True once a hub exists; does not create one.
 * @example
 * if (hasHub()) console.log(formatHubState(getHub())); // inspect without creating a hub
 */
export function hasHub(): boolean {
  return current !== undefined;
}

/**
 * H18: forgets the current hub. With a hub instance, that instance becomes current; with a factory (or a
 * hub class), later hubs are built by it.
 * @example
 * useHub(new VirtualHub()); // run the next program on virtual time
 */
export function useHub(hub?: BaseHub | (() => BaseHub) | (new () => BaseHub)): BaseHub | undefined {
  const old = current;
  current = undefined;
  if (old !== undefined && old !== hub) old.dispose();
  if (hub === undefined) return undefined;
  if (typeof hub === 'function') {
    const make = hub as (() => BaseHub) & (new () => BaseHub);
    factory = make.prototype !== undefined && make.prototype.constructor === make ? () => new make() : make;
    return undefined;
  }
  current = hub;
  return hub;
}

/**
 * H21: turns the hub's printing of exceptions from timer callbacks on or off (eventlet.debug).
 * @example
 * hubExceptions(false); // errors in timer callbacks are no longer printed
 */
export function hubExceptions(on: boolean): void {
  getHub().debugExceptions = on;
}

/**
 * H19: allow several simultaneous readers of one descriptor (queued, promoted in order).
 * @example
 * hubPreventMultipleReaders(false); // two green threads may now wait to read the same socket
 */
export function hubPreventMultipleReaders(on = true): void {
  getHub().listeners.preventMultipleReaders = on;
}
