/** H21: text dumps of a hub's state (eventlet.debug `format_hub_timers` / `format_hub_listeners`). */
import type { BaseHub } from './hub.js';
import { describeKey, READ, WRITE } from './listeners.js';
import { LocalTimer } from './timer.js';

/**
 * Every timer the hub holds, in firing order, one per line.
 * @example
 * console.log(formatHubTimers(getHub()));
 */
export function formatHubTimers(hub: BaseHub): string {
  const lines = ['Timers:'];
  for (const t of hub.schedule.snapshot()) {
    const kind = t instanceof LocalTimer ? 'LocalTimer' : 'Timer';
    const state = t.called ? 'called' : 'pending';
    lines.push(`  ${kind}(${t.seconds}) due=${t.deadline.toFixed(6)} seq=${t.seq} ${state}`);
  }
  return lines.join('\n');
}

/**
 * Every registered listener, readers first.
 * @example
 * console.log(formatHubListeners(getHub())); // 'READERS:\n  12\nWRITERS:'
 */
export function formatHubListeners(hub: BaseHub): string {
  const lines = ['READERS:'];
  for (const kind of [READ, WRITE] as const) {
    if (kind === WRITE) lines.push('WRITERS:');
    for (const [key] of hub.listeners.primary[kind]) lines.push(`  ${describeKey(key)}`);
    for (const [key, queue] of hub.listeners.secondaries[kind]) {
      lines.push(`  ${describeKey(key)} (+${queue.length} queued)`);
    }
  }
  return lines.join('\n');
}
