/**
 * Inspection of a running green program (issue #7; eventlet's debug helpers, B4's pgt): the live green
 * threads with their state, the primitive each is blocked in, and where each was spawned.
 */
import { formatHubListeners, formatHubTimers } from '../hub/inspect.js';
import type { BaseHub } from '../hub/hub.js';
import { getHub } from '../hub/current.js';
import type { Greenlet } from './greenlet.js';
import { liveGreenlets, timersFor } from './registry.js';
import { runningGreenlet } from './greenlet.js';

export interface GreenThreadInfo {
  id: number;
  name: string;
  kind: string;
  state: 'running' | 'suspended' | 'not started' | 'runnable';
  /** The blocking primitive it is suspended in ('' unless suspended). */
  blockedIn: string;
  /** Seconds until a timer resumes it, if one will. */
  wakesIn: number | undefined;
  spawnSite: string | undefined;
}

function stateOf(g: Greenlet): GreenThreadInfo['state'] {
  if (g === runningGreenlet()) return 'running';
  if (g.suspended) return 'suspended';
  if (!g.started) return 'not started';
  return 'runnable';
}

/**
 * One record per live green thread, in creation order.
 * @example
 * for (const t of greenThreads()) console.log(t.name, t.state, t.blockedIn);
 */
export function greenThreads(): GreenThreadInfo[] {
  return liveGreenlets().map((g) => {
    const state = stateOf(g);
    const now = g.hub.clock();
    const due = timersFor(g.hub, g).map((t) => t.deadline);
    return {
      id: g.id,
      name: g.name,
      kind: g.constructor.name,
      state,
      blockedIn: state === 'suspended' ? g.blockedIn : '',
      wakesIn: due.length === 0 ? undefined : Math.max(0, Math.min(...due) - now),
      spawnSite: g.spawnSite,
    };
  });
}

/**
 * The live green threads as text, one line each (plus the spawn site when captured):
 * `worker#3 GreenThread suspended in sleep, wakes in 0.250 s`.
 * @example
 * trackGreenThreads(); // before spawning, so the threads are known
 * console.log(formatGreenThreads()); // 'worker#3 GreenThread suspended in sleep, wakes in 0.250 s'
 */
export function formatGreenThreads(): string {
  const lines: string[] = [];
  for (const t of greenThreads()) {
    let line = `${t.name}#${t.id} ${t.kind} ${t.state}`;
    if (t.blockedIn !== '') line += ` in ${t.blockedIn}`;
    if (t.wakesIn !== undefined) line += `, wakes in ${t.wakesIn.toFixed(3)} s`;
    lines.push(line);
    if (t.spawnSite !== undefined) lines.push(`    spawned ${t.spawnSite}`);
  }
  return lines.join('\n');
}

/**
 * Threads, timers and listeners of `hub`: everything the scheduler holds.
 * @example
 * process.on('SIGUSR2', () => console.error(formatHubState()));
 */
export function formatHubState(hub: BaseHub = getHub()): string {
  return [formatGreenThreads(), formatHubTimers(hub), formatHubListeners(hub)].join('\n');
}
