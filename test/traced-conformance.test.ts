/**
 * #7: with tracing on, the hub swaps in recording versions of addTimer/timerCanceled/fireTimer and the green
 * threads run on the observed copy of the driver's loop. Observing must not change what runs: every
 * conformance twin, run with GREENHUB_TRACE set, still prints its eventlet golden byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./conformance/run.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

for (const [suite, args] of [
  ['shared scenarios', []],
  ['extra scenarios', ['test/conformance/extra']],
] as const) {
  test(`#7: the conformance ${suite} give the same output traced (observed driver, recording hub)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenhub-traced-'));
    try {
      const out = execFileSync(process.execPath, [RUNNER, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, GREENHUB_TRACE: join(dir, 'trace-{pid}.txt') },
      });
      const summary = /conformance: (\d+) passed, (\d+) failed/.exec(out);
      assert.ok(summary, out);
      assert.equal(summary[2], '0', out);
      assert.ok(Number(summary[1]) >= 30);
      // Tracing really was on in every twin: each wrote a trace with resumes, suspends and timer fires.
      const files = readdirSync(dir);
      assert.ok(files.length >= Number(summary[1]), `${files.length} trace files`);
      const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
      for (const kind of ['resume', 'suspend', 'timer-add', 'timer-fire', 'wait']) assert.match(text, new RegExp(` ${kind} `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
