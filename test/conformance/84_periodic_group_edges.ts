// Twin of 84_periodic_group_edges.py: a task added mid-pass runs in that pass; an instance made before a task
// was added fails with KeyError; ticks_between_runs is a TypeError; timerDone/threadDone of what the group no
// longer holds raise list.remove's ValueError, a hand-removed thread from its own link (O3, O6, O17, O18).
import { sleep } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { PeriodicTasks, periodicTask, setPeriodicClock } from '../../src/launcher/periodic-task.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { excText, log, now, py, run } from './oracle.js';
import { mainFn } from './oslo.js';

function* work() {
  log('work: run');
  yield* sleep(0.5);
  log('work: end');
  return 7;
}

const tick = mainFn(function tick() {
  log('tick');
});

function* main() {
  setPeriodicClock(now);

  const late = periodicTask(
    function late(this: M) {
      log(`late task on ${this.tag}`);
    },
    { spacing: 3, runImmediately: true },
  );

  class M extends PeriodicTasks {
    tag = '';
    static {
      this.periodicTask('adder', { spacing: 1, runImmediately: true });
    }

    adder(context: string) {
      log(`adder on ${this.tag} (${context})`);
      if (context === 'add') this.addPeriodicTask(late);
    }
  }

  const conf = new ConfigOpts();
  conf.parse([]);
  const older = new M(conf);
  older.tag = 'older';
  const m = new M(conf);
  m.tag = 'm';
  for (const ctx of ['add', 'plain']) {
    log(`m: idle ${(yield* m.runPeriodicTasks(ctx)).toFixed(3)}`);
    yield* sleep(1);
  }
  try {
    yield* older.runPeriodicTasks('plain');
    log('older: ok');
  } catch (e) {
    log(`older: raised ${excText(e)}`);
  }
  try {
    periodicTask(() => null, { ticksBetweenRuns: 3 } as never);
  } catch (e) {
    log(`ticks_between_runs: ${excText(e)}`);
  }

  const tg = new ThreadGroup();
  const t = tg.addTimer(1, tick);
  tg.timerDone(t);
  try {
    tg.timerDone(t);
  } catch (e) {
    log(`timer_done twice: ${excText(e)}`);
  }
  const th = yield* tg.addThread(work);
  tg.threadDone(th);
  log(py`threads=${tg.threads.length}`);
  log(py`th.wait -> ${yield* th.wait()}`);
  yield* sleep(0);
  log(py`after: threads=${tg.threads.length}`);
  t.stop();
  yield* tg.wait();
  log('done');
}

run(main);
