/**
 * greenhub/greenthread: green threads as generators on the hub (eventlet/greenthread.py, event.py).
 */
export { SUSPEND, Switch, type Green, type GreenFunction, type Op } from './ops.js';
export { GreenletExit } from './errors.js';
export { Greenlet, HubContext, HUB, getcurrent, blockingCaller } from './greenlet.js';
export { GreenThread } from './greenthread.js';
export { kill, cancel } from './kill.js';
export { spawn, spawnN, spawnAfter, spawnAfterLocal, sleep, switchTo, throwTo, suspend } from './spawn.js';
export { Event } from './event.js';
export { run, awaitPromise, abortHub } from './run.js';
export { Timeout, withTimeout, isTimeout, type TimeoutExc, type WithTimeoutOptions } from './timeout.js';
export { GreenPool, GreenPile, GreenMap } from './greenpool.js';
export { Semaphore, BoundedSemaphore, CappedSemaphore, ValueError, type AcquireOptions } from './semaphore.js';
export { LightQueue, Queue, PriorityQueue, LifoQueue, Empty, Full, pythonLess, type QueueWaitOptions } from './queue.js';
export { trampoline, type TrampolineOptions } from './trampoline.js';
export {
  GreenStream,
  GreenSocket,
  GreenServer,
  SocketTimeout,
  BrokenPipeError,
  fromFd,
  childStdio,
  type Bytes,
  type GreenStreamOptions,
  type ConnectOptions,
  type ListenOptions,
  type FdOptions,
} from './io.js';
export { assertCheckpoints, assertNoCheckpoints, countCheckpoints, type Counted, type GreenBlock } from './testing.js';
export { captureSpawnSites, hubBlockingDetection, type BlockingReport } from './debug.js';
export { greenThreads, formatGreenThreads, formatHubState, type GreenThreadInfo } from './inspect.js';
export { liveGreenlets, describeGreenlet, trackGreenThreads, isTrackingGreenThreads } from './registry.js';
