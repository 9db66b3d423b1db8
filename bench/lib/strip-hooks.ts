/**
 * Issue #7 asks that tracing cost nothing when it is off, shown by the switch benchmark. The benchmark shows it
 * by running the switch case a second time on a copy of greenhub's compiled sources with every tracing hook
 * call deleted (the `greenhub-hooks-stripped` impl): if the empty hooks cost anything, the two rows differ.
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What is left of tracing in greenhub's hot paths when it is off: BaseHub's two wait hooks (src/hub/hub.ts),
 * empty methods called once per loop pass. (Per timer and per green-thread step nothing is left: the hub swaps
 * whole methods and the driver swaps whole loops when tracing starts.)
 */
export const HOOKS = ['onWaitStart', 'onWaitEnd'];

/** A statement that is only a call of one of the hooks, on a line of its own (as tsc emits them). */
const CALL = new RegExp(`^\\s*this\\.(${HOOKS.join('|')})\\(.*\\);\\s*$`);

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return jsFiles(p);
    return p.endsWith('.js') ? [p] : [];
  });
}

/**
 * Copies `srcDir` (dist/src) to `outDir` and deletes every hook call there. Throws if a hook is never found,
 * so that a renamed hook cannot make the comparison silently compare a build with itself.
 * @example
 * stripHooks('dist/src', 'dist/bench/hooks-stripped/src'); // then import its index.js
 */
export function stripHooks(srcDir: string, outDir: string): number {
  rmSync(outDir, { recursive: true, force: true });
  cpSync(srcDir, outDir, { recursive: true });
  const seen = new Set<string>();
  let removed = 0;
  for (const file of jsFiles(outDir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const kept = lines.filter((line) => {
      const m = CALL.exec(line);
      if (m === null) return true;
      seen.add(m[1]!);
      removed++;
      return false;
    });
    if (kept.length !== lines.length) writeFileSync(file, kept.join('\n'));
  }
  const missing = HOOKS.filter((h) => !seen.has(h));
  if (missing.length > 0) {
    throw new Error(`strip-hooks: no call of ${missing.join(', ')} found under ${srcDir}; update HOOKS in bench/lib/strip-hooks.ts`);
  }
  return removed;
}
