/**
 * greenhub/hub: the scheduler core. It runs callbacks from a timer heap and readiness listeners, and knows
 * nothing of green threads (those build on it in greenhub/greenthread).
 */
export { BaseHub, setTimerOwnerHook, DEFAULT_SLEEP, SLICE_MS, stderrSink, type ErrorSink, type HubParent } from './hub.js';
export { Hub } from './realtime.js';
export { VirtualHub } from './virtual.js';
export { Timer, LocalTimer, type TimerCallback, type TimerOwner } from './timer.js';
export { Schedule, COMPACTION_THRESHOLD, RESERVE_BATCH } from './schedule.js';
export {
  Listeners,
  Listener,
  IOClosed,
  READ,
  WRITE,
  type ListenerKind,
  type ListenerKey,
  type Readiness,
} from './listeners.js';
export { getHub, hasHub, useHub, hubExceptions, hubPreventMultipleReaders } from './current.js';
export { formatHubTimers, formatHubListeners } from './inspect.js';
export {
  BaseException,
  SystemExit,
  KeyboardInterrupt,
  Deadlock,
  AssertionError,
  ValueError,
  KeyError,
  AttributeError,
  RuntimeError,
  isSystemException,
  GREEN_CONTEXT,
  greenContext,
  setContext,
  exceptionChain,
} from './errors.js';
export { Tracer, startTracing, stopTracing, writeTrace, formatEvent, currentTracer, type TraceEvent, type TraceKind } from './trace.js';
