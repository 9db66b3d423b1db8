/**
 * One bench case in its own process (issue #6): `node --expose-gc dist/bench/child.js <task> <impl> <json>`.
 * Prints `RESULT <samples>` (bench/lib/protocol.ts) and exits, abandoning whatever the case left parked.
 */
import { report, type Sample } from './lib/protocol.js';
import { switchCase } from './cases/switch.js';
import { spawnCase, poolCase } from './cases/spawn.js';
import { memoryCase } from './cases/memory.js';
import { timersCase } from './cases/timers.js';
import { fairnessCpuCase, fairnessIoCase } from './cases/fairness.js';

const TASKS: Record<string, (impl: string, params: any) => Promise<Sample[]>> = {
  switch: switchCase,
  spawn: spawnCase,
  pool: poolCase,
  memory: memoryCase,
  'timers-virtual': (impl, p) => timersCase(impl, 'virtual', p),
  'timers-cancel': (impl, p) => timersCase(impl, 'cancel', p),
  'timers-storm': (impl, p) => timersCase(impl, 'storm', p),
  'fairness-cpu': fairnessCpuCase,
  'fairness-io': fairnessIoCase,
};

const [task, impl, json] = process.argv.slice(2);
const fn = task === undefined ? undefined : TASKS[task];
if (fn === undefined || impl === undefined) {
  process.stderr.write(`usage: child.js <task> <impl> '<json params>'; tasks: ${Object.keys(TASKS).join(', ')}\n`);
  process.exit(2);
}
try {
  report(await fn(impl, JSON.parse(json ?? '{}')));
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}
