/**
 * What a bench child process reports to the runner (issue #6): one line `RESULT <json>` on stdout holding
 * samples, each the values of one metric over the repetitions done in that process. Python anchors print
 * the same line (bench/anchors/common.py).
 */
export interface Sample {
  case: string;
  metric: string;
  unit: string;
  values: number[];
  /** Free-form remark carried into the report (e.g. why a figure means what it means). */
  note?: string;
}

export const RESULT_PREFIX = 'RESULT ';

export function report(samples: Sample[]): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(samples)}\n`);
}

/** Collects repeated measurements of several metrics under one case name. */
export class Recorder {
  private readonly byKey = new Map<string, Sample>();

  add(caseName: string, metric: string, unit: string, value: number, note?: string): void {
    const key = `${caseName}\u0000${metric}`;
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = { case: caseName, metric, unit, values: [] };
      if (note !== undefined) s.note = note;
      this.byKey.set(key, s);
    }
    s.values.push(value);
  }

  get samples(): Sample[] {
    return [...this.byKey.values()];
  }
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('this bench case needs node --expose-gc (npm run bench passes it)');
  g();
  g();
}

export const nowNs = (): number => Number(process.hrtime.bigint());

/** Busy work for `us` microseconds of wall time: the CPU-bound unit of the fairness bench. */
export function spinFor(us: number): number {
  const end = performance.now() + us / 1000;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}
