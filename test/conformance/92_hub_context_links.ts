// Twin of 92_hub_context_links.py: kill() and blocking calls from hub context, links that block or raise,
// chained tracebacks, multi-line messages, unlink by == (G8, G9, H13, H14, H9). A kill from a timer callback
// runs to its end at once: `kill(gt).next()`.
import { getHub } from '../../src/hub/index.js';
import {
  Event,
  type Green,
  type GreenThread,
  kill,
  Queue,
  Semaphore,
  sleep,
  spawn,
  spawnAfter,
  spawnN,
} from '../../src/greenthread/index.js';
import { excText, KeyError, log, py, run, ValueError } from './oracle.js';

function* sleeper(name: string) {
  try {
    yield* sleep(5);
  } catch (e) {
    log(`${name}: caught ${excText(e)}`);
    throw e;
  }
  return name;
}

function work(name: string): string {
  log(`${name}: running`);
  return name;
}

function* report(gt: GreenThread<unknown>, tag: string) {
  try {
    log(py`link ${tag}: wait -> ${yield* gt.wait()}`);
  } catch (e) {
    log(`link ${tag}: wait raises ${excText(e)}`);
  }
}

function hubKill(gt: GreenThread<unknown>, tag: string): void {
  log(`timer ${tag}: kill from hub`);
  kill(gt).next();
  log(py`timer ${tag}: kill returned, dead=${gt.dead}`);
}

function attempt(tag: string, fn: () => Generator<unknown, unknown, unknown> | unknown): void {
  try {
    const out = fn();
    const value = out !== null && typeof out === 'object' && 'next' in out ? (out as Generator).next().value : out;
    log(py`timer ${tag}: returned ${value}`);
  } catch (e) {
    log(`timer ${tag}: raised ${excText(e)}`);
  }
}

function* body() {
  yield* sleep(1);
  return 'r';
}

function* slowLink(gt: GreenThread<unknown>, tag: string) {
  log(py`${tag}: link sleeping, dead=${gt.dead}`);
  yield* sleep(1);
  log(py`${tag}: link woke, dead=${gt.dead}`);
}

function* failing(): Green<never> {
  yield* sleep(0);
  throw new ValueError('body failed');
}

function badLink(): never {
  log('bad link: raising');
  throw new KeyError("'link'");
}

function multiline(): never {
  throw new ValueError('first line\nsecond line');
}

function chained(): never {
  try {
    throw new KeyError("'inner'");
  } catch (e) {
    throw new ValueError('outer', { cause: e });
  }
}

function noop(_gt: GreenThread<unknown>, a: unknown): void {
  log(py`noop ${a}`);
}

function* main() {
  const hub = getHub();
  const a = spawn(sleeper, 'a');
  a.link(report, 'a');
  hub.scheduleCallGlobal(1, hubKill, a, 'a');
  const b = spawnAfter(2, work, 'b');
  b.link(report, 'b');
  hub.scheduleCallGlobal(1.5, hubKill, b, 'b');
  yield* sleep(3);

  const ev = new Event();
  const sem = new Semaphore(0);
  const free = new Semaphore(1);
  const q = new Queue();
  hub.scheduleCallGlobal(0, attempt, 'sleep', () => sleep(1));
  hub.scheduleCallGlobal(0, attempt, 'ev.wait', () => ev.wait());
  hub.scheduleCallGlobal(0, attempt, 'sem.acquire', () => sem.acquire());
  hub.scheduleCallGlobal(0, attempt, 'free.acquire', () => free.acquire());
  hub.scheduleCallGlobal(0, attempt, 'q.get', () => q.get());
  hub.scheduleCallGlobal(0, attempt, 'ev.send', () => ev.send('x'));
  yield* sleep(1);

  const g = spawn(body);
  g.link(slowLink, 'L1');
  g.link((gt) => log(py`L2: dead=${gt.dead}`));
  log(py`main: wait -> ${yield* g.wait()}`);
  log(py`main: dead=${g.dead}`);
  yield* sleep(2);
  log(py`main: dead=${g.dead}`);

  const f = spawn(failing);
  f.link(badLink);
  f.link(() => log('second link'));
  yield* sleep(1);
  try {
    yield* f.wait();
  } catch (e) {
    log(`main: wait raises ${excText(e)}`);
  }

  spawnN(multiline);
  const c = spawn(chained);
  yield* sleep(0);
  try {
    yield* c.wait();
  } catch (e) {
    log(`main: wait raises ${excText(e)} cause=${excText((e as Error).cause)}`);
  }

  const u = spawn(() => 'q');
  u.link(noop, [1, 2]);
  log(py`main: unlink equal list -> ${u.unlink(noop, [1, 2])}`);
}

run(main);
