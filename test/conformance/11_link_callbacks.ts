// Twin of 11_link_callbacks.py: links run at death in the dying thread, in link order, with curried args;
// a link added after death runs at once in the caller (G8).
import { getcurrent, type GreenThread, sleep, spawn } from '../../src/greenthread/index.js';
import { excText, log, run, ValueError } from './oracle.js';

const NAMES = new Map<unknown, string>();

function who(): string {
  return NAMES.get(getcurrent()) ?? 'main';
}

function* body(name: string, fail = false) {
  NAMES.set(getcurrent(), name);
  yield* sleep(1);
  log(`${name}: finishing`);
  if (fail) throw new ValueError(`${name} failed`);
  return `${name}-result`;
}

function cb(gt: GreenThread<string>, tag: string, extra: unknown = null): void {
  // wait() on a finished thread never yields (G6): read its outcome synchronously.
  let res: string;
  try {
    res = String(gt.wait().next().value);
  } catch (e) {
    res = `raised ${excText(e)}`;
  }
  log(`link ${tag}: in ${who()}, extra=${extra === null ? 'None' : extra}, wait -> ${res}`);
}

function* main() {
  const a = spawn(body, 'a');
  a.link(cb, 'first');
  a.link(cb, 'second', 2);
  a.link(cb, 'third', 3);
  const f = spawn(body, 'f', true);
  f.link(cb, 'on-f');
  const k = spawn(body, 'k');
  k.link(cb, 'on-k');
  yield* sleep(0.5);
  log('main: kill k');
  yield* k.kill();
  log('main: back from kill');
  yield* sleep(1);
  log('main: link to dead a');
  a.link(cb, 'late', 'x');
  log('main: link returned');
}

run(main);
