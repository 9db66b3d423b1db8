// Twin of 78_periodic_tasks.py: periodic tasks on the virtual clock: last run stamped at class creation,
// runImmediately, disabled and negative spacing skipped with INFO lines, a failing task logged, external
// tasks and the returned idle time (O17, O18).
import { sleep } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { addSink, INFO } from '../../src/launcher/log.js';
import { PeriodicTasks, setPeriodicClock } from '../../src/launcher/periodic-task.js';
import { log, now, run, ValueError } from './oracle.js';
import './oslo.js';

function* main() {
  setPeriodicClock(now);
  addSink((record) => {
    if (record.name === 'oslo_service.periodic_task' && record.level === INFO) log(`INFO ${record.getMessage()}`);
  }, INFO);

  class Manager extends PeriodicTasks {
    static {
      this.periodicTask('every_second', { spacing: 1 });
      this.periodicTask('eager', { spacing: 1.5, runImmediately: true });
      this.periodicTask('broken', { spacing: 2 });
      this.periodicTask('negative', { spacing: -1 });
      this.periodicTask('disabled', { spacing: 1, enabled: false });
      this.periodicTask('external', { spacing: 0.5, name: 'renamed', externalProcessOk: true });
    }

    every_second(context: unknown) {
      log(`task: every_second (${String(context)})`);
    }

    *eager(_context: unknown) {
      log('task: eager');
      yield* sleep(0.125);
    }

    broken(_context: unknown) {
      log('task: broken');
      throw new ValueError('broken task');
    }

    negative(_context: unknown) {
      log('task: negative (never)');
    }

    disabled(_context: unknown) {
      log('task: disabled (never)');
    }

    external(_context: unknown) {
      log('task: external');
    }
  }

  const conf = new ConfigOpts();
  conf.parse([]);
  yield* sleep(0.75);
  const mgr = new Manager(conf);
  log(`main: tasks ${mgr.periodicTasks.map(([name]) => name).join(', ')}`);
  for (let i = 0; i < 7; i++) {
    const idle = yield* mgr.runPeriodicTasks('ctx');
    log(`main: idle ${idle.toFixed(3)}`);
    yield* sleep(idle);
  }
  conf.setOverride('run_external_periodic_tasks', false);
  const idle = yield* mgr.runPeriodicTasks('ctx');
  log(`main: without external, idle ${idle.toFixed(3)}`);
}

run(main);
