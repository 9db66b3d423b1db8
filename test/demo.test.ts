/**
 * The main job (`npm start`, README quick start): the demo service under ProcessLauncher, run as users run it,
 * on the bundle (it imports 'greenhub'). It drives itself through respawn (L22, L23), SIGHUP reload (L24) and
 * SIGTERM (L25, L26), and exits non-zero if any expected launcher line does not come.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../examples/demo-service.js', import.meta.url));

test('main job: the demo service answers from its workers, survives SIGKILL and SIGHUP, and stops with status 0', () => {
  const res = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DEBUG: undefined } });
  assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
  assert.match(res.stdout, /hello from worker \d+/);
  assert.match(res.stdout, /killed by signal 9/);
  // oslo names signal 1 from its table, where SIG_UNBLOCK shadows SIGHUP; its transcripts say so too.
  assert.match(res.stdout, /Caught SIG_UNBLOCK, stopping children/);
  assert.match(res.stdout, /launcher exited with status 0; workers started: 7/);
});
