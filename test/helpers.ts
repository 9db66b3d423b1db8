/** Shared bits for the unit tests: virtual-time runs and a printed-error recorder. */
import { getHub, useHub, VirtualHub, type BaseHub } from '../src/hub/index.js';
import { run, type Green } from '../src/greenthread/index.js';

export interface Recorded {
  hub: VirtualHub;
  printed: string[];
  trace: string[];
  log: (msg: string) => void;
}

/** A fresh VirtualHub made current, recording what it prints and a time-stamped trace. */
export function virtual(): Recorded {
  const hub = new VirtualHub();
  const printed: string[] = [];
  const trace: string[] = [];
  hub.errorSink = {
    traceback: (err) => printed.push(`Traceback: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`),
    line: (text) => printed.push(text),
  };
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
