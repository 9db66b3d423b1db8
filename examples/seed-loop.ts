/**
 * The seed article's point, runnable: ProcessLauncher's parent loop `_respawn_children` sleeps by scheduling
 * a timer in the hub's heap, switches to the hub, and is switched back when the timer fires (L23, G3, H6).
 *
 * A tiny reaper loop plays the parent: each pass it polls for an exited child (a real `node` process it
 * started) and, finding none, calls `sleep(wait_interval)`. The hub subclass below prints its own state at
 * every wait, so the trace shows the timer being added, the hub waiting on Node's loop, and the loop resuming.
 *
 * Run: npm start
 */
import { spawn as spawnProcess } from 'node:child_process';
import { Hub, useHub } from '../src/hub/index.js';
import { run, sleep } from '../src/greenthread/index.js';

const started = performance.now();
const stamp = () => ((performance.now() - started) / 1000).toFixed(3);
const say = (who: string, text: string) => console.log(`[${stamp()}] ${who.padEnd(6)} ${text}`);

class TracingHub extends Hub {
  protected override wait(seconds: number): boolean {
    const s = this.schedule;
    say('hub', `wait ${seconds.toFixed(3)} s — heap ${s.heap.length} timer(s), staged ${s.staged.length}, 0-timers ${s.zero.length - s.zeroHead}`);
    return super.wait(seconds);
  }
}

const WAIT_INTERVAL = 0.1;

function* respawnChildren(): Generator<any, void, any> {
  const exited: number[] = [];
  const child = spawnProcess(process.execPath, ['-e', 'setTimeout(() => process.exit(3), 350)'], { stdio: 'ignore' });
  child.on('exit', (code) => exited.push(code ?? -1));
  say('parent', `started child ${child.pid}`);
  for (let pass = 1; ; pass++) {
    const code = exited.shift();
    if (code === undefined) {
      say('parent', `pass ${pass}: no child exited; sleep(${WAIT_INTERVAL}) -> schedules a timer, switches to the hub`);
      yield* sleep(WAIT_INTERVAL);
      say('parent', `pass ${pass}: the timer fired; the hub switched back to us`);
      continue;
    }
    say('parent', `child ${child.pid} exited with status ${code}; done`);
    return;
  }
}

useHub(new TracingHub());
await run(respawnChildren);
