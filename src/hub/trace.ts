/**
 * The opt-in scheduler tracer (issue #7): spawn, each resume and suspend of a green thread, timer add / fire /
 * cancel, kill, link, and every hub wait with its duration.
 *
 * Off by default, and then free: starting or stopping it swaps code on the prototypes (see
 * `onInstrumentationChange`): the hub's addTimer/timerCanceled/fireTimer for recording versions, the driver's
 * loop for its observed copy. With tracing off, all that is left per hub pass is two empty wait hooks that V8
 * inlines to nothing. Rarer events (spawn, kill, link) just check `activeTracer`. On with `startTracing()` or the environment variable GREENHUB_TRACE=<file> (read when greenhub is first imported,
 * so every process of a ProcessLauncher service traces itself; "{pid}" in the name is replaced by the pid).
 * A file ending in .json gets Chrome Trace Event JSON (open it in Perfetto or chrome://tracing); anything
 * else gets the plain-text form.
 *
 * This module lives in the hub because the hub records its own events; the greenthread layer records its
 * events through the same functions. Green threads appear as trace "threads" (tid = their id); the hub is
 * tid 0.
 */
import fs from 'node:fs';

export type TraceKind =
  | 'spawn'
  | 'resume'
  | 'suspend'
  | 'finish'
  | 'kill'
  | 'link'
  | 'timer-add'
  | 'timer-fire'
  | 'timer-cancel'
  | 'wait';

export interface TraceEvent {
  /** Microseconds of the real monotonic clock (performance.now). */
  ts: number;
  kind: TraceKind;
  /** The green thread that acted (its id); 0 for the hub. */
  tid: number;
  /** The actor: "name#id" of a thread, or "hub". */
  who: string;
  /** What it acted on: a spawned or killed thread, a timer's label; '' for resume/suspend/finish/wait. */
  what: string;
  /** Details: delay, deadline, what a thread is blocked in, the target of a kill, a wait's duration. */
  args: Record<string, string | number | boolean>;
  /** For waits: how long the hub waited, in microseconds. */
  dur?: number;
  /** The hub's clock when recorded, if the tracer was given one (virtual-time traces are reproducible). */
  at?: number;
}

/**
 * Issue #7: collects scheduler events (up to `limit`) for export as text or Chrome Trace JSON.
 * @example
 * const tracer = startTracing();
 * tracer.clock = () => getHub().clock(); // stamp events with virtual time too
 */
export class Tracer {
  readonly events: TraceEvent[] = [];
  readonly origin = performance.now();
  /** If set, every event also records this clock (e.g. `() => getHub().clock()` on virtual time). */
  clock: (() => number) | undefined = undefined;
  constructor(readonly limit = 1_000_000) {}

  /**
   * Appends one event (dropped past `limit`); the hub and greenthread hooks call it.
   * @example
   * activeTracer?.record('kill', killer.id, killer.label, victim.label, { exc: 'GreenletExit' });
   */
  record(kind: TraceKind, tid: number, who: string, what = '', args: TraceEvent['args'] = {}, dur?: number): void {
    if (this.events.length >= this.limit) return;
    const ev: TraceEvent = { ts: (performance.now() - this.origin) * 1000, kind, tid, who, what, args };
    if (dur !== undefined) ev.dur = dur;
    if (this.clock !== undefined) ev.at = this.clock();
    this.events.push(ev);
  }

  /**
   * Chrome Trace Event format: resume/suspend pairs become B/E slices on the thread's row.
   * @example
   * writeFileSync('trace.json', JSON.stringify(tracer.toChrome())); // open in Perfetto
   */
  toChrome(): { traceEvents: object[]; displayTimeUnit: string } {
    const pid = process.pid;
    const out: object[] = [{ ph: 'M', pid, tid: 0, name: 'thread_name', args: { name: 'hub' } }];
    const named = new Set<number>([0]);
    for (const e of this.events) {
      if (!named.has(e.tid)) {
        named.add(e.tid);
        out.push({ ph: 'M', pid, tid: e.tid, name: 'thread_name', args: { name: e.who } });
      }
      const cat = e.kind.startsWith('timer') ? 'timer' : e.kind === 'wait' ? 'hub' : 'greenthread';
      const base = { pid, tid: e.tid, ts: e.ts, cat, args: e.args };
      if (e.kind === 'resume') out.push({ ...base, ph: 'B', name: e.who });
      else if (e.kind === 'suspend' || e.kind === 'finish') out.push({ ...base, ph: 'E', name: e.who });
      else if (e.kind === 'wait') out.push({ ...base, ph: 'X', name: 'hub wait', dur: e.dur ?? 0 });
      else out.push({ ...base, ph: 'i', s: 't', name: `${e.kind} ${e.what}` });
    }
    return { traceEvents: out, displayTimeUnit: 'ms' };
  }

  /**
   * One line per event: `     1.234 ms  suspend      worker#3  in=sleep`.
   * @example
   * process.stderr.write(tracer.toText());
   */
  toText(): string {
    return this.events.map(formatEvent).join('\n') + (this.events.length > 0 ? '\n' : '');
  }
}

/**
 * The text form of one event.
 * @example
 * for (const e of tracer.events.filter((e) => e.kind === 'kill')) console.log(formatEvent(e));
 */
export function formatEvent(e: TraceEvent): string {
  const args = Object.entries(e.args)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const detail = [e.what, args].filter((x) => x !== '').join('  ');
  const when = e.at === undefined ? `${(e.ts / 1000).toFixed(3).padStart(10)} ms` : `t=${e.at.toFixed(3)}`;
  return `${when}  ${e.kind.padEnd(12)} ${e.who.padEnd(14)} ${detail}`.trimEnd();
}

/** @internal The tracer in use, or undefined; the package's users read it through `currentTracer()`. */
export let activeTracer: Tracer | undefined;

/**
 * The tracer in use (started by `startTracing()` or GREENHUB_TRACE), or undefined.
 * @example
 * if (currentTracer() === undefined) startTracing(); // tracing on, unless GREENHUB_TRACE already did it
 */
export function currentTracer(): Tracer | undefined {
  return activeTracer;
}

const installers: (() => void)[] = [];

/**
 * @internal #7: registers a layer's hook installer. It runs now and after every change of the instruments
 * (tracing here, blocking detection in the greenthread layer), and puts traced or empty hook bodies on its
 * prototypes according to what is on: so with everything off, no tracing code runs at all.
 */
export function onInstrumentationChange(install: () => void): void {
  installers.push(install);
  install();
}

/** @internal Tells every layer to re-install its hooks; called by whatever turns an instrument on or off. */
export function instrumentationChanged(): void {
  for (const install of installers) install();
}

/**
 * Starts recording scheduler events; returns the tracer, whose `toChrome()` / `toText()` export them.
 * @example
 * const tracer = startTracing();
 * await run(main);
 * writeFileSync('trace.json', JSON.stringify(stopTracing()!.toChrome()));
 */
export function startTracing(limit?: number): Tracer {
  const tracer = new Tracer(limit);
  activeTracer = tracer;
  instrumentationChanged();
  return tracer;
}

/**
 * Stops recording and returns what was recorded.
 * @example
 * const tracer = stopTracing(); // undefined if tracing was not on
 */
export function stopTracing(): Tracer | undefined {
  const t = activeTracer;
  activeTracer = undefined;
  instrumentationChanged();
  return t;
}

/**
 * Writes a tracer's events to `file`: Chrome JSON for *.json, plain text otherwise.
 * @example
 * writeTrace(stopTracing()!, `trace-${process.pid}.json`);
 */
export function writeTrace(tracer: Tracer, file: string): void {
  const body = file.endsWith('.json') ? JSON.stringify(tracer.toChrome()) : tracer.toText();
  fs.writeFileSync(file, body);
}

const fromEnv = process.env.GREENHUB_TRACE;
if (fromEnv !== undefined && fromEnv !== '') {
  const file = fromEnv.replace(/\{pid\}/g, String(process.pid));
  const tracer = startTracing();
  process.on('exit', () => writeTrace(tracer, file));
}
