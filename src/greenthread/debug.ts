/**
 * Debugging aids for green programs (eventlet/debug.py; H21, N10, issue #7): spawn sites, and detection of a
 * green thread that keeps the hub from running.
 */
import { logger } from '../hub/logger.js';
import path from 'node:path';
import url from 'node:url';
import { instrumentationChanged } from '../hub/trace.js';
import type { Greenlet } from './greenlet.js';

const log = logger('greenhub:blocking');

/**
 * Frames under this folder are greenhub's own, not the spawn site: dist/src when this module runs from
 * dist/src/greenthread/, or dist/pkg when it runs from the bundle (npm run bundle).
 */
const ownRoot = ((here: string) => (path.basename(here) === 'greenthread' ? path.dirname(here) : here))(path.dirname(url.fileURLToPath(import.meta.url)));
/** The same frames as Node prints them under --enable-source-maps: mapped back to the package's src/*.ts. */
const ownSources = path.join(ownRoot, '..', '..', 'src') + path.sep;

/** @internal Read by the Greenlet constructor; a stack capture costs microseconds, so it is opt-in. */
export let spawnSitesOn = process.env.GREENHUB_SPAWN_SITES === '1' || (process.env.GREENHUB_TRACE ?? '') !== '';

/**
 * Records where each green thread is created from now on (its `spawnSite`), for inspection, traces, the
 * report of an error escaping a thread, and blocking detection. Also on with GREENHUB_SPAWN_SITES=1.
 * @example
 * captureSpawnSites(true);
 * const gt = spawn(worker);
 * console.log(gt.spawnSite); // "at main (file:///app/server.js:12:14)"
 */
export function captureSpawnSites(on: boolean): void {
  spawnSitesOn = on;
}

/** @internal The first stack frame outside greenhub itself. */
export function callerSite(): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim();
    if (frame.includes(ownRoot) || frame.includes(ownSources)) continue;
    if (frame.includes('node:internal')) continue;
    return frame;
  }
  return undefined;
}

/** What blocking detection reports: the thread, how long its step ran, where it was spawned. */
export interface BlockingReport {
  thread: Greenlet;
  seconds: number;
  spawnSite: string | undefined;
  message: string;
}

/** @internal Read by the driver's hooks around every step; undefined when detection is off. */
export let blockingDetector: { threshold: number; report: (r: BlockingReport) => void } | undefined;

function defaultReport(r: BlockingReport): void {
  log('%s', r.message);
  process.stderr.write(`${r.message}\n`);
}

/**
 * H21/N10: reports every green-thread step (from a resume to the next suspension) that ran longer than
 * `resolution` seconds without yielding — eventlet arms SIGALRM for this; greenhub measures each step. The
 * report names the thread and, with spawn sites captured (turned on here), where it was spawned.
 * @example
 * hubBlockingDetection(true, 0.05, (r) => console.warn(r.message));
 */
export function hubBlockingDetection(on: boolean, resolution = 1, report: (r: BlockingReport) => void = defaultReport): void {
  if (!on) {
    blockingDetector = undefined;
  } else {
    if (!(resolution > 0)) throw new RangeError(`hubBlockingDetection() resolution must be a positive number of seconds, got ${resolution}`);
    spawnSitesOn = true;
    blockingDetector = { threshold: resolution, report };
  }
  instrumentationChanged(); // the driver's step hooks (greenlet.ts) time steps only while this is set
}

/** @internal Called by the driver after a step that was timed. */
export function reportStep(g: Greenlet, ms: number): void {
  const d = blockingDetector;
  if (d === undefined || ms / 1000 < d.threshold) return;
  const seconds = ms / 1000;
  const site = g.spawnSite;
  const message =
    `greenhub: blocking detected: green thread ${g.label} ran ${seconds.toFixed(3)} s without yielding` +
    (site === undefined ? '' : `; spawned ${site}`);
  d.report({ thread: g, seconds, spawnSite: site, message });
}
