/**
 * greenhub's bench suite (issue #6): `npm run bench` (full) or `npm run bench -- --quick` (about a minute).
 *
 * Every case runs in child processes of its own (bench/child.ts for Node, bench/anchors/*.py for the real
 * eventlet, gevent and oslo.service), greenhub beside its anchors in the same run. Figures are medians of
 * several runs with their min and max, and ratios to the anchor. Output: a console table,
 * bench/results/latest.json, an SVG per family in bench/results/, and (full runs, or --readme)
 * bench/README.md. Benchmarks are not tests: nothing here asserts a time; targets are reported, met or not.
 *
 * Options: --quick, --only=family[,family], --runs=N (repetitions), --readme (rewrite README after a quick run).
 */
import { spawnSync, spawn as spawnChild } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureLauncher } from './lib/launcher.js';
import { stripHooks } from './lib/strip-hooks.js';
import { RESULT_PREFIX, type Sample } from './lib/protocol.js';
import type { Row } from './lib/rows.js';
import { fmt, median } from './lib/stats.js';
import { barPanels, lineChart } from './lib/svg.js';
import { greenPoolAvailable } from './cases/spawn.js';
import { greenIoAvailable } from './cases/fairness.js';

const HERE = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const ROOT = path.resolve(HERE, '..', '..');
const BENCH_SRC = path.join(ROOT, 'bench');
const RESULTS = path.join(BENCH_SRC, 'results');
const PY = '/usr/bin/python3';
const PY_CASES = path.join(BENCH_SRC, 'anchors', 'cases.py');

// --- options ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ONLY = opt('only')?.split(',');
const RUNS = opt('runs') !== undefined ? Number(opt('runs')) : QUICK ? 3 : 5;
const WRITE_README = !QUICK || argv.includes('--readme');
for (const a of argv) {
  if (!['--quick', '--readme'].includes(a) && !/^--(only|runs)=/.test(a)) {
    process.stderr.write(`bench: unknown option ${a}; use --quick, --only=switch,spawn,..., --runs=N, --readme\n`);
    process.exit(2);
  }
}
if (!Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write('bench: --runs needs a positive integer\n');
  process.exit(2);
}

const DESCRIPTIONS: Record<string, string> = {
  switch:
    'N threads each loop over "yield to the others" (greenhub: `yield* sleep(0)`), round-robin; wall time per ' +
    'switch. raw-generator is a FIFO run queue of generators whose blocking call is a delegated generator ' +
    '(`yield* pause()`, the same shape as greenhub code): the physical limit for generator threads. ' +
    'raw-generator-bare yields directly. setImmediate and await-null are Node\'s own queues (await null never ' +
    "lets timers or IO run, so it is not a usable scheduler, only a floor). effection's sleep(0) is a " +
    'setTimeout with a 1 ms floor, so it runs an action resolved on setImmediate instead. ' +
    'greenhub-hooks-stripped is the same build with every tracing hook call deleted: the cost of tracing when off.',
  spawn:
    'Start 100,000 threads that return at once, then wait for every result; wall time per thread. raw-generator ' +
    'creates the generators and runs each to completion.',
  pool:
    'GreenPool throughput: jobs that each yield once, through a pool of 1000; await-null is a Promise ' +
    'semaphore (the p-limit shape); eventlet GreenPool and gevent Pool.',
  memory:
    'Threads parked in a one-hour sleep (so each holds its timer); growth of the V8 heap plus ArrayBuffers after full GCs divided by N ' +
    "(Python: RSS growth after gc.collect(), greenlet stacks included). greenhub is spawn() (a GreenThread " +
    'with its exit Event); greenhub-spawnN is the bare greenlet. raw-generator is a suspended generator ' +
    'pair plus a {deadline, seq, gen} record.',
  timers:
    'virtual: T timers with random delays over 100 s, scheduled then all fired on virtual time (greenhub ' +
    'VirtualHub; eventlet hub with its clock and wait replaced); raw-heap is TinyQueue push/pop alone. ' +
    'cancel: T timers through a window of 100 live ones, each evicted one cancelled (timeouts that nearly ' +
    'always get cancelled); "max held" shows compaction (H11) bounding the schedule. storm: 100,000 timers ' +
    "due uniformly over 500 ms on the real-time hub; lateness from each timer's own deadline. \"adding the " +
    'timers" is the time the program spent scheduling them: timers due during it cannot fire on time, and ' +
    "they make up the p99. (gevent's libev loop stamps timers with its cached loop time, hence negative lateness.)",
  fairness:
    "cpu: 100 cooperative threads, each looping over a 10 µs busy work unit and sleep(0), beside a thread that " +
    "wants to run every 10 ms; Jain's index and max/min of the threads' unit counts, share of wall time " +
    'inside work units, and the ticker\'s lateness. io: a loopback echo client/server keeping one 64-byte ' +
    'message in flight beside a 100-thread sleep(0) storm; round trips per second and latency (is IO ' +
    'starved?) and the storm\'s own switch rate (is the storm starved?). no-storm is the same echo alone.',
  launcher:
    'A supervisor keeping 4 workers: cold start from its launch call to the last worker ready, the same from ' +
    'exec of the supervisor process (runtime start-up included), and SIGKILL of a worker to its replacement ' +
    'being ready. node:cluster is the barest supervisor (bench/cases/cluster-sup.ts); oslo.service is the real ' +
    "ProcessLauncher (it polls waitpid every 10 ms; its fork-rate limiter only engages from the second " +
    'respawn, and the bench kills once per run). The supervisors take turns, one run of each per round (9 ' +
    'rounds in a full run), so that the machine\'s slow stretches fall on all of them alike.',
};

// --- what is installed -----------------------------------------------------------------------------------

/** The version of an importable Python distribution, or undefined when it is missing. */
function pyHas(mod: string, dist: string): string | undefined {
  if (!existsSync(PY)) return undefined;
  const code = `import ${mod}, importlib.metadata as md; print(md.version('${dist}'))`;
  const r = spawnSync(PY, ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const PY_VERSIONS = {
  eventlet: pyHas('eventlet', 'eventlet'),
  gevent: pyHas('gevent', 'gevent'),
  'oslo.service': pyHas('oslo_service', 'oslo.service'),
};
const PROCESS_LAUNCHER_JS = path.join(ROOT, 'dist', 'src', 'launcher', 'process-launcher.js');
const GREENHUB_LAUNCHER_CASE = path.join(HERE, 'cases', 'greenhub-launcher.js');

const notes: string[] = [];
function skip(family: string, impl: string, why: string): void {
  const line = `${family}: ${impl} skipped — ${why}`;
  if (!notes.includes(line)) notes.push(line);
}

// --- the suite -------------------------------------------------------------------------------------------

interface Job {
  family: string;
  task: string;
  impl: string;
  params: Record<string, unknown>;
  kind: 'node' | 'python' | 'launcher';
  /** Separate processes; each reports `params.reps` values (or one). */
  procs: number;
}

const jobs: Job[] = [];
const reps = RUNS;

function add(family: string, task: string, impls: string[], params: Record<string, unknown>, procs = 1): void {
  for (const impl of impls) {
    const isPy = impl === 'eventlet' || impl === 'gevent';
    if (isPy && PY_VERSIONS[impl] === undefined) {
      skip(family, impl, `python3-${impl} is not installed (npm run bench:anchors-setup installs it)`);
      continue;
    }
    jobs.push({ family, task, impl, params, kind: isPy ? 'python' : 'node', procs });
  }
}

const PY_IMPLS = ['eventlet', 'gevent'];

// switch cost: N·k switches per repetition; slow anchors get fewer so that each stays near a second.
for (const n of [1, 100, 10_000]) {
  const total = QUICK ? 400_000 : 2_000_000;
  add('switch', 'switch', ['raw-generator', 'raw-generator-bare', 'setImmediate', 'await-null', 'greenhub', 'greenhub-hooks-stripped'], { n, k: Math.ceil(total / n), reps });
  if (n <= 100) add('switch', 'switch', ['effection'], { n, k: Math.ceil((QUICK ? 4_000 : 20_000) / n), reps: QUICK ? 1 : 3 });
  add('switch', 'switch', PY_IMPLS, { n, k: Math.ceil((QUICK ? 60_000 : 300_000) / n), reps: QUICK ? 2 : 3 });
}

notes.push('switch: effection runs at N = 1 and 100 only; starting 10,000 effection tasks alone takes seconds');

// spawn + wait of 100,000
add('spawn', 'spawn', ['raw-generator', 'setImmediate', 'await-null', 'greenhub'], { m: 100_000, reps });
add('spawn', 'spawn', ['effection'], { m: QUICK ? 10_000 : 100_000, reps: 1 }, QUICK ? 1 : 3);
add('spawn', 'spawn', PY_IMPLS, { m: 100_000, reps: 1 }, QUICK ? 1 : 3);

// GreenPool throughput
const poolM = QUICK ? 20_000 : 100_000;
if (greenPoolAvailable()) add('pool', 'pool', ['greenhub'], { m: poolM, pool: 1000, reps });
else skip('pool', 'greenhub', 'src/greenthread/greenpool.ts is not built yet (GreenPool is written by another helper)');
add('pool', 'pool', ['await-null'], { m: poolM, pool: 1000, reps });
add('pool', 'pool', PY_IMPLS, { m: poolM, pool: 1000, reps: 1 }, QUICK ? 1 : 3);

// memory per parked thread: one measurement per process
for (const n of QUICK ? [100_000] : [100_000, 1_000_000]) {
  const procs = n >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
  add('memory', 'memory', ['raw-generator', 'await-null', 'greenhub', 'greenhub-spawnN'], { n }, procs);
  add('memory', 'memory', PY_IMPLS, { n }, n >= 1_000_000 ? 1 : QUICK ? 1 : 3);
}
add('memory', 'memory', ['effection'], { n: 10_000 }, 1);
if (QUICK) notes.push('memory: the 1,000,000-thread case runs only in the full bench');
notes.push('memory: effection runs at 10,000 tasks only (at 100,000 the case takes half a minute)');

// timer heap
const T = QUICK ? 200_000 : 1_000_000;
add('timers', 'timers-virtual', ['raw-heap', 'greenhub'], { t: T, reps });
add('timers', 'timers-virtual', ['eventlet'], { t: T, reps: 1 }, QUICK ? 1 : 2);
add('timers', 'timers-cancel', ['greenhub'], { t: T, w: 100, reps });
add('timers', 'timers-cancel', ['eventlet'], { t: T, w: 100, reps: 1 }, QUICK ? 1 : 2);
add('timers', 'timers-storm', ['setTimeout', 'greenhub'], { t: 100_000, spanMs: 500, reps: QUICK ? 2 : 3 });
add('timers', 'timers-storm', PY_IMPLS, { t: 100_000, spanMs: 500, reps: QUICK ? 1 : 3 });

// fairness: one run per process
const fairSeconds = QUICK ? 1 : 3;
const fairProcs = QUICK ? 2 : 3;
add('fairness', 'fairness-cpu', ['setImmediate', 'greenhub', ...PY_IMPLS], { threads: 100, unitUs: 10, seconds: fairSeconds, tickMs: 10 }, fairProcs);
const ioImpls = ['no-storm', 'setImmediate', 'greenhub'];
if (greenIoAvailable()) ioImpls.push('greenhub-green-io');
else skip('fairness', 'greenhub-green-io', 'src/greenthread/io.ts is not built yet (green IO is written by another helper)');
notes.push(
  "fairness: in the io case, greenhub runs a plain node:net echo server and client (callbacks) beside the green storm, which checks the hub's time slicing (SLICE_MS) against Node's sockets; greenhub-green-io runs both ends as green threads on GreenServer/GreenSocket",
);
add('fairness', 'fairness-io', [...ioImpls, ...PY_IMPLS], { storm: 100, seconds: QUICK ? 1 : 2 }, fairProcs);

// launcher
// Launcher runs take about a second each and the machine's noise drifts over that time, so they are more than
// the other families' and interleaved across the implementations (see the loop below).
const launcherRuns = QUICK ? 2 : 9;
const launcherImpls: { impl: string; cmd: string; args: string[] }[] = [
  { impl: 'node:cluster', cmd: process.execPath, args: [path.join(HERE, 'cases', 'cluster-sup.js'), '4'] },
  // The same supervisor whose workers load greenhub's modules first: separates module loading from the
  // launcher's own work (the targets stay against the bare supervisor).
  {
    impl: 'node:cluster+greenhub-modules',
    cmd: process.execPath,
    args: [path.join(HERE, 'cases', 'cluster-sup.js'), '4', '--load-greenhub'],
  },
];
if (existsSync(PROCESS_LAUNCHER_JS) && existsSync(GREENHUB_LAUNCHER_CASE)) {
  launcherImpls.unshift({ impl: 'greenhub', cmd: process.execPath, args: [GREENHUB_LAUNCHER_CASE, '4'] });
} else {
  skip('launcher', 'greenhub', 'src/launcher/process-launcher.ts is not built yet (ProcessLauncher is written by another helper)');
}
if (PY_VERSIONS['oslo.service'] !== undefined && PY_VERSIONS.eventlet !== undefined) {
  launcherImpls.push({ impl: 'oslo.service', cmd: PY, args: [path.join(BENCH_SRC, 'anchors', 'oslo_launcher.py'), '4'] });
} else {
  skip('launcher', 'oslo.service', 'python3-oslo.service is not installed (npm run bench:anchors-setup installs it)');
}
for (const l of launcherImpls) jobs.push({ family: 'launcher', task: 'launcher', impl: l.impl, params: { cmd: l.cmd, args: l.args }, kind: 'launcher', procs: launcherRuns });

// --- running ---------------------------------------------------------------------------------------------

function runChild(cmd: string, args: string[], timeoutMs: number): Promise<Sample[]> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Sample[]);
      else reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (${signal ?? `exit ${code}`}):\n${err}`));
    });
  });
}

interface Collected {
  family: string;
  impl: string;
  samples: Sample[];
}

async function runJob(job: Job): Promise<Sample[]> {
  if (job.kind === 'launcher') {
    const { cmd, args } = job.params as { cmd: string; args: string[] };
    const r = await measureLauncher(cmd, args, 4);
    const c = '4 workers';
    return [
      { case: c, metric: 'cold start (launch → all ready)', unit: 'ms', values: [r.coldMs] },
      { case: c, metric: 'cold start (exec → all ready)', unit: 'ms', values: [r.execMs] },
      { case: c, metric: 'respawn (SIGKILL → replacement ready)', unit: 'ms', values: [r.respawnMs] },
    ];
  }
  const json = JSON.stringify(job.params);
  if (job.kind === 'python') return runChild(PY, [PY_CASES, job.task, job.impl, json], 600_000);
  return runChild(process.execPath, ['--expose-gc', '--max-old-space-size=8192', path.join(HERE, 'child.js'), job.task, job.impl, json], 600_000);
}

const collected: Collected[] = [];
const selected = jobs.filter((j) => ONLY === undefined || ONLY.includes(j.family));
const started = performance.now();
if (selected.some((j) => j.impl === 'greenhub-hooks-stripped')) {
  const removed = stripHooks(path.join(ROOT, 'dist', 'src'), path.join(HERE, 'hooks-stripped', 'src'));
  notes.push(`switch: greenhub-hooks-stripped is greenhub with its ${removed} tracing hook calls deleted (issue #7: tracing off must cost nothing)`);
}
process.stderr.write(`greenhub bench (${QUICK ? 'quick' : 'full'}): ${selected.length} jobs, ${RUNS} repetitions\n`);
for (const job of selected.filter((j) => j.kind !== 'launcher')) {
  const label = `${job.family}/${job.task} ${job.impl} ${JSON.stringify(job.params)}`;
  process.stderr.write(`  ${label} ... `);
  const t0 = performance.now();
  try {
    for (let p = 0; p < job.procs; p++) collected.push({ family: job.family, impl: job.impl, samples: await runJob(job) });
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write('FAILED\n');
    notes.push(`${job.family}: ${job.impl} ${job.task} failed: ${String((err as Error).message).split('\n').slice(0, 3).join(' ')}`);
  }
}
// Launcher supervisors take turns, one run of each per round, so that a slow stretch of the machine lands on all
// of them rather than on whichever ran then; a ratio is only as good as that.
const launcherJobs = selected.filter((j) => j.kind === 'launcher');
const failedLaunchers = new Set<Job>();
const rounds = Math.max(0, ...launcherJobs.map((j) => j.procs));
for (let p = 0; p < rounds; p++) {
  process.stderr.write(`  launcher round ${p + 1}/${rounds}:`);
  for (const job of launcherJobs) {
    if (p >= job.procs || failedLaunchers.has(job)) continue;
    const t0 = performance.now();
    try {
      collected.push({ family: job.family, impl: job.impl, samples: await runJob(job) });
      process.stderr.write(` ${job.impl} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      failedLaunchers.add(job);
      process.stderr.write(` ${job.impl} FAILED`);
      notes.push(`${job.family}: ${job.impl} ${job.task} failed: ${String((err as Error).message).split('\n').slice(0, 3).join(' ')}`);
    }
  }
  process.stderr.write('\n');
}
const elapsed = (performance.now() - started) / 1000;

// --- rows ------------------------------------------------------------------------------------------------

const merged = new Map<string, { family: string; impl: string; s: Sample; values: number[] }>();
for (const c of collected) {
  for (const s of c.samples) {
    const key = [c.family, s.case, c.impl, s.metric].join('\u0000');
    const m = merged.get(key) ?? { family: c.family, impl: c.impl, s, values: [] };
    // A metric with nothing measured (NaN, sent as null) is dropped rather than shown as a number.
    m.values.push(...s.values.filter((v) => typeof v === 'number' && Number.isFinite(v)));
    merged.set(key, m);
  }
}
const rows: Row[] = [...merged.values()].filter((m) => m.values.length > 0).map(({ family, impl, s, values }) => ({
  family,
  case: s.case,
  impl,
  metric: s.metric,
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  unit: s.unit,
}));

/** The anchor each family's ratios are taken against. */
const ANCHOR: Record<string, string> = {
  switch: 'raw-generator',
  spawn: 'raw-generator',
  pool: 'await-null',
  memory: 'raw-generator',
  timers: 'raw-heap',
  fairness: 'setImmediate',
  launcher: 'node:cluster',
};
const find = (family: string, c: string, impl: string, metric: string): Row | undefined =>
  rows.find((r) => r.family === family && r.case === c && r.impl === impl && r.metric === metric);

function anchorFor(r: Row): Row | undefined {
  let a = find(r.family, r.case, ANCHOR[r.family] ?? '', r.metric);
  if (a === undefined && r.family === 'timers') a = find(r.family, r.case, 'setTimeout', r.metric);
  if (a === undefined && r.family === 'fairness') a = find(r.family, r.case, 'no-storm', r.metric);
  return a;
}

// Ratio rows: greenhub against its family anchor, and eventlet against greenhub ("how much faster").
const ratioRows: Row[] = [];
for (const r of rows) {
  if (r.impl !== 'greenhub') continue;
  const a = anchorFor(r);
  if (a !== undefined && a.impl !== 'greenhub' && a.median !== 0 && r.unit !== '%' && r.unit !== 'index') {
    ratioRows.push({
      family: r.family,
      case: r.case,
      impl: `greenhub÷${a.impl}`,
      metric: r.metric,
      median: r.median / a.median,
      min: r.min / a.max,
      max: r.max / a.min,
      unit: 'x',
    });
  }
  for (const py of ['eventlet', 'gevent']) {
    const e = find(r.family, r.case, py, r.metric);
    if (e !== undefined && ['ns/switch', 'ns/thread', 'ns/job', 'bytes/thread'].includes(r.unit)) {
      ratioRows.push({
        family: r.family,
        case: r.case,
        impl: `${py}÷greenhub`,
        metric: r.metric,
        median: e.median / r.median,
        min: e.min / r.max,
        max: e.max / r.min,
        unit: 'x',
      });
    }
  }
}
const allRows = [...rows, ...ratioRows];

// --- targets (issue #6) ----------------------------------------------------------------------------------

interface Target {
  what: string;
  value: number | undefined;
  goal: string;
  met: boolean | undefined;
}
const targets: Target[] = [];
function target(what: string, value: number | undefined, goal: string, ok: (v: number) => boolean): void {
  targets.push({ what, value, goal, met: value === undefined || Number.isNaN(value) ? undefined : ok(value) });
}
const ratio = (family: string, c: string, metric: string, impl: string): number | undefined =>
  ratioRows.find((r) => r.family === family && r.case === c && r.metric === metric && r.impl === impl)?.median;
for (const n of [1, 100, 10_000]) {
  target(`switch N=${n}: greenhub ÷ raw generator`, ratio('switch', `N=${n}`, 'switch', 'greenhub÷raw-generator'), '≤ 4', (v) => v <= 4);
  target(`switch N=${n}: eventlet ÷ greenhub`, ratio('switch', `N=${n}`, 'switch', 'eventlet÷greenhub'), '≥ 25', (v) => v >= 25);
}
target('spawn+wait 100k: greenhub ÷ raw generator', ratio('spawn', 'M=100000', 'spawn+wait', 'greenhub÷raw-generator'), '≤ 3', (v) => v <= 3);
target('spawn+wait 100k: eventlet ÷ greenhub', ratio('spawn', 'M=100000', 'spawn+wait', 'eventlet÷greenhub'), '≥ 20', (v) => v >= 20);
for (const n of [100_000, 1_000_000]) {
  target(`memory per parked GreenThread, N=${n.toLocaleString('en-US')} (bytes)`, find('memory', `N=${n}`, 'greenhub', 'memory')?.median, '≤ 400', (v) => v <= 400);
}
target('timer storm 100k over 500 ms: p99 lateness (ms)', find('timers', 'storm T=100000 over 500 ms', 'greenhub', 'lateness p99')?.median, '≤ 5', (v) => v <= 5);
const cpuCase = 'cpu 100x10us';
target("fairness: Jain's index", find('fairness', cpuCase, 'greenhub', "Jain's index")?.median, '≥ 0.999', (v) => v >= 0.999);
target('fairness: CPU in 10 µs work units (%)', find('fairness', cpuCase, 'greenhub', 'CPU in work units')?.median, '≥ 95', (v) => v >= 95);
target('fairness: 10 ms ticker p99 lateness (ms)', find('fairness', cpuCase, 'greenhub', '10 ms ticker p99 lateness')?.median, '≤ 2', (v) => v <= 2);
target('launcher cold start: greenhub ÷ node:cluster', ratio('launcher', '4 workers', 'cold start (launch → all ready)', 'greenhub÷node:cluster'), '≤ 1.25', (v) => v <= 1.25);
target('launcher respawn: greenhub ÷ node:cluster', ratio('launcher', '4 workers', 'respawn (SIGKILL → replacement ready)', 'greenhub÷node:cluster'), '≤ 1.25', (v) => v <= 1.25);

// --- console table ---------------------------------------------------------------------------------------

function table(headers: string[], body: string[][]): string {
  const w = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 3 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ');
  return [line(headers), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}
const HEAD = ['case', 'metric', 'impl', 'median', 'min', 'max', 'unit', '× anchor'];
function bodyRows(fam: string): string[][] {
  return rows
    .filter((r) => r.family === fam)
    .map((r) => {
      const a = anchorFor(r);
      const x = a !== undefined && a !== r && a.median !== 0 ? `${fmt(r.median / a.median)}` : '';
      return [r.case, r.metric, r.impl, fmt(r.median), fmt(r.min), fmt(r.max), r.unit, x];
    });
}
const families = [...new Set(rows.map((r) => r.family))];
let consoleOut = '';
for (const fam of families) consoleOut += `\n== ${fam} (anchor: ${ANCHOR[fam] ?? '-'}) ==\n${table(HEAD, bodyRows(fam))}\n`;
const tgtBody = targets.map((t) => [t.what, t.value === undefined ? 'n/a' : fmt(t.value), t.goal, t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED']);
consoleOut += `\n== targets ==\n${table(['target', 'measured', 'goal', 'status'], tgtBody)}\n`;
if (notes.length > 0) consoleOut += `\nnotes:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`;
process.stdout.write(consoleOut);
process.stdout.write(`\n${selected.length} jobs in ${elapsed.toFixed(0)} s\n`);

// --- files -----------------------------------------------------------------------------------------------

mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(allRows, null, 1)}\n`);
const charts: string[] = [];
for (const fam of families) {
  const famRows = rows.filter((r) => r.family === fam);
  const svg =
    fam === 'switch'
      ? lineChart('sleep(0) switch cost against N (ns per switch)', famRows, 'N', 'ns/switch')
      : barPanels(`${fam}: median with min–max whisker`, famRows);
  if (svg === '') continue;
  writeFileSync(path.join(RESULTS, `${fam}.svg`), `${svg}\n`);
  charts.push(fam);
}
process.stderr.write(`wrote bench/results/latest.json and ${charts.map((c) => `${c}.svg`).join(', ')}\n`);

if (WRITE_README && ONLY === undefined) {
  writeFileSync(path.join(BENCH_SRC, 'README.md'), readme());
  process.stderr.write('wrote bench/README.md\n');
}

function machine(): string[] {
  const cpus = os.cpus();
  const py = existsSync(PY) ? spawnSync(PY, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'none';
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores visible`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version} (V8 ${process.versions.v8}); ${py}; eventlet ${PY_VERSIONS.eventlet ?? 'not installed'}, gevent ${PY_VERSIONS.gevent ?? 'not installed'}, oslo.service ${PY_VERSIONS['oslo.service'] ?? 'not installed'}; effection 3 (devDependency)`,
  ];
}

function mdTable(headers: string[], body: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function readme(): string {
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const parts: string[] = [];
  parts.push(`# greenhub benchmarks

\`npm run bench\` runs the full suite (about ${Math.round(elapsed / 60)} minutes here); \`npm run bench -- --quick\` a
smaller one in about a minute; \`--only=switch,timers\` picks families. The real eventlet, gevent and
oslo.service anchors need Debian's packages: \`npm run bench:anchors-setup\` (as root) installs them; without them
those anchors are skipped with a note. Every case runs in child processes of its own (\`bench/child.ts\` for
Node, \`bench/anchors/*.py\` with /usr/bin/python3), greenhub beside its anchors in the same run. Figures are
medians of several repetitions, with min and max; "× anchor" is greenhub's median over the anchor's. Raw
rows: [results/latest.json](results/latest.json). Benchmarks are not tests: nothing in \`npm test\` asserts a
time.

This file is written by the bench (full runs, or \`--quick --readme\`); hand-written findings live in
[FINDINGS.md](FINDINGS.md).

## Latest run

${date} UTC, ${QUICK ? 'quick' : 'full'} mode, ${RUNS} repetitions, ${elapsed.toFixed(0)} s.

${machine().join('\n')}

## Targets (issue #6)

${mdTable(['target', 'measured', 'goal', 'status'], tgtBody)}
`);
  for (const fam of families) {
    parts.push(`## ${fam}\n\n${DESCRIPTIONS[fam] ?? ''}\n\n${charts.includes(fam) ? `![${fam}](results/${fam}.svg)\n\n` : ''}${mdTable(HEAD, bodyRows(fam))}\n`);
  }
  if (notes.length > 0) parts.push(`## Notes\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  return parts.join('\n');
}
