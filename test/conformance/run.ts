/**
 * The conformance runner: `npm run conformance [-- DIR]`.
 *
 * For each scenario NN_name.py in DIR (default ../shared/conformance/scenarios), runs its twin
 * test/conformance/NN_name.ts (compiled to dist/) in a fresh Node process and compares its output byte for
 * byte with NN_name.expected. One line per scenario, the diff of each failure, then
 * `conformance: N passed, M failed`. A scenario without a twin fails.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const dir = resolve(process.argv[2] ?? join(repo, '..', 'shared', 'conformance', 'scenarios'));

if (!existsSync(dir)) {
  console.error(`conformance: no scenario directory at ${dir}; pass one: npm run conformance -- DIR`);
  process.exit(2);
}

const scenarios = readdirSync(dir)
  .filter((f) => /^\d+_.*\.py$/.test(f))
  .map((f) => f.slice(0, -3))
  .sort();

interface Outcome {
  name: string;
  ok: boolean;
  report: string;
}

function runTwin(name: string): Promise<Outcome> {
  const twin = join(here, `${name}.js`);
  const expectedPath = join(dir, `${name}.expected`);
  if (!existsSync(expectedPath)) return Promise.resolve({ name, ok: false, report: `no ${name}.expected in ${dir}` });
  const expected = readFileSync(expectedPath, 'utf8');
  if (!existsSync(twin)) return Promise.resolve({ name, ok: false, report: `no twin: write test/conformance/${name}.ts` });
  return new Promise((done) => {
    execFile(process.execPath, [twin], { timeout: 60_000, maxBuffer: 16 << 20, env: { ...process.env, DEBUG: '' } }, (err, stdout, stderr) => {
      if (stdout === expected) return done({ name, ok: true, report: '' });
      let report = diff(expected, stdout);
      if (err && (err as NodeJS.ErrnoException & { killed?: boolean }).killed) report += '\n  (killed after 60 s)';
      if (stderr.trim() !== '') report += `\n  stderr:\n${indent(stderr.trim())}`;
      done({ name, ok: false, report });
    });
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Line diff (longest common subsequence): '-' expected only, '+' actual only. */
function diff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`     ${a[i]}`);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`   + ${b[j]}`);
      j++;
    } else {
      out.push(`   - ${a[i]}`);
      i++;
    }
  }
  return '  --- expected  +++ twin\n' + out.join('\n');
}

async function main(): Promise<void> {
  const results: Outcome[] = new Array(scenarios.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(2, availableParallelism()) }, async () => {
    while (next < scenarios.length) {
      const k = next++;
      results[k] = await runTwin(scenarios[k]!);
    }
  });
  await Promise.all(workers);
  let passed = 0;
  for (const r of results) {
    if (r.ok) {
      passed++;
      console.log(`ok    ${r.name}`);
    } else {
      console.log(`FAIL  ${r.name}\n${r.report}`);
    }
  }
  const failed = results.length - passed;
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
