/** Shared bits for the unit tests: virtual-time runs and a printed-error recorder. */
import { getHub, Hub, useHub, VirtualHub, type BaseHub, type ErrorSink } from '../src/hub/index.js';
import { run, type Green } from '../src/greenthread/index.js';

export interface Recorded {
  hub: VirtualHub;
  printed: string[];
  trace: string[];
  log: (msg: string) => void;
}

/** An error sink that records what a hub prints (H9, H19) as `Traceback: Name: message` lines. */
export function recordingSink(printed: string[]): ErrorSink {
  return {
    traceback: (err) => printed.push(`Traceback: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`),
    line: (text) => printed.push(text),
  };
}

/** A fresh real-time hub made current, recording what it prints. */
export function realtime(): { hub: Hub; printed: string[] } {
  const hub = new Hub();
  const printed: string[] = [];
  hub.errorSink = recordingSink(printed);
  useHub(hub);
  return { hub, printed };
}

/** Records the length of every wait a VirtualHub makes (its clock advances). */
export function recordWaits(hub: VirtualHub): number[] {
  const waits: number[] = [];
  const advance = hub.advance.bind(hub);
  hub.advance = (s: number) => {
    waits.push(s);
    advance(s);
  };
  return waits;
}

/** A fresh VirtualHub made current, recording what it prints and a time-stamped trace. */
export function virtual(): Recorded {
  const hub = new VirtualHub();
  const printed: string[] = [];
  const trace: string[] = [];
  hub.errorSink = recordingSink(printed);
  useHub(hub);
  return { hub, printed, trace, log: (msg) => trace.push(`${hub.clock().toFixed(3)} ${msg}`) };
}

/** Runs main on a fresh VirtualHub and returns its result with the recorder. */
export async function vrun<T>(main: (r: Recorded) => Green<T>): Promise<Recorded & { result: T }> {
  const r = virtual();
  const result = await run(() => main(r));
  return { ...r, result };
}

export function hub(): BaseHub {
  return getHub();
}
