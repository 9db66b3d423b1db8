/**
 * greenhub/greenthread: green threads as generators on the hub (eventlet/greenthread.py, event.py).
 */
export { SUSPEND, Switch, type Green, type GreenFunction, type Op } from './ops.js';
export { GreenletExit } from './errors.js';
export { Greenlet, HubContext, HUB, getcurrent, drive, blockingCaller, checkBody } from './greenlet.js';
export { GreenThread } from './greenthread.js';
export { kill, cancel } from './kill.js';
export { spawn, spawnN, spawnAfter, spawnAfterLocal, sleep, switchTo, throwTo, suspend } from './spawn.js';
export { Event } from './event.js';
export { run, awaitPromise, abortHub } from './run.js';
