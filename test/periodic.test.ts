/** Periodic tasks (O17, O18), ported from oslo.service's test_periodic.py. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyError } from '../src/hub/index.js';
import { ConfigOpts } from '../src/launcher/conf.js';
import { addSink, INFO, type LogRecord } from '../src/launcher/log.js';
import {
  DEFAULT_INTERVAL,
  InvalidPeriodicTaskArg,
  nearestBoundary,
  periodicTask,
  PeriodicTasks,
  setPeriodicClock,
} from '../src/launcher/periodic-task.js';
import { vrun } from './helpers.js';

class AnException extends Error {}

function conf(): ConfigOpts {
  return new ConfigOpts().parse([]);
}

test('O17/O18: tasks run when due; run_immediately; external tasks; errors logged and skipped', async () => {
  let time = 340;
  const restore = setPeriodicClock(() => time, () => 0);
  try {
    const called = { doit: 0, urg: 0, ticks: 0, tocks: 0 };
    class AService extends PeriodicTasks {
      static {
        this.periodicTask('doit');
        this.periodicTask('crashit');
        this.periodicTask('doitWithTicks', { spacing: 10 + DEFAULT_INTERVAL, runImmediately: true });
        this.periodicTask('doitWithTocks', { spacing: 10 + DEFAULT_INTERVAL });
      }
      doit() {
        called.doit++;
      }
      crashit() {
        called.urg++;
        throw new AnException('urg');
      }
      doitWithTicks() {
        called.ticks++;
      }
      *doitWithTocks() {
        called.tocks++;
      }
    }
    const ext = { ext1: 0, ext2: 0 };
    const ext1 = periodicTask(function ext1() {
      ext.ext1++;
    });
    const ext2 = periodicTask(
      function ext2() {
        ext.ext2++;
      },
      { spacing: 10 + DEFAULT_INTERVAL },
    );
    const records: LogRecord[] = [];
    const remove = addSink((r) => records.push(r), 40);
    await vrun(function* () {
      const serv = new AService(conf());
      serv.addPeriodicTask(ext1);
      serv.addPeriodicTask(ext2);
      yield* serv.runPeriodicTasks(null);
      assert.deepEqual(called, { doit: 0, urg: 0, ticks: 1, tocks: 0 });
      assert.deepEqual(ext, { ext1: 0, ext2: 0 });

      time += DEFAULT_INTERVAL;
      yield* serv.runPeriodicTasks(null);
      assert.deepEqual(called, { doit: 1, urg: 1, ticks: 1, tocks: 0 });
      assert.deepEqual(ext, { ext1: 1, ext2: 0 });

      time += DEFAULT_INTERVAL / 2;
      yield* serv.runPeriodicTasks(null);
      assert.deepEqual(called, { doit: 1, urg: 1, ticks: 2, tocks: 1 });
      assert.deepEqual(ext, { ext1: 1, ext2: 1 });

      time += DEFAULT_INTERVAL;
      yield* serv.runPeriodicTasks(null);
      assert.deepEqual(called, { doit: 2, urg: 2, ticks: 3, tocks: 2 });
      assert.deepEqual(ext, { ext1: 2, ext2: 2 });
    });
    remove();
    assert.deepEqual(
      records.map((r) => `${r.name} ${r.getMessage()}`),
      ['oslo_service.periodic_task Error during AService.crashit', 'oslo_service.periodic_task Error during AService.crashit'],
    );
  } finally {
    restore();
  }
});

test('O18: a 9 s task runs every 9 ticks of a 1 s clock', async () => {
  let time = 360444;
  const restore = setPeriodicClock(() => time, () => 0);
  try {
    let ticks = 0;
    class AService extends PeriodicTasks {
      static {
        this.periodicTask('tick', { spacing: 9 });
      }
      tick() {
        ticks++;
      }
    }
    await vrun(function* () {
      const serv = new AService(conf());
      for (let i = 0; i < 200; i++) {
        yield* serv.runPeriodicTasks(null);
        assert.equal(ticks, Math.trunc(i / 9));
        time += 1;
      }
    });
  } finally {
    restore();
  }
});

test('O18: raiseOnError raises the task error', async () => {
  let time = 230000;
  const restore = setPeriodicClock(() => time, () => 0);
  try {
    class AService extends PeriodicTasks {
      static {
        this.periodicTask('crashit');
      }
      crashit() {
        throw new AnException('urg');
      }
    }
    await vrun(function* () {
      const serv = new AService(conf());
      time = serv.periodicLastRun.get('crashit')! + DEFAULT_INTERVAL;
      let err: unknown;
      try {
        yield* serv.runPeriodicTasks(null, true);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof AnException);
    });
  } finally {
    restore();
  }
});

test('O18: a task added while a pass runs is run in that pass; an instance made before a task was added fails with KeyError', async () => {
  let time = 1000;
  const restore = setPeriodicClock(() => time, () => 0);
  try {
    const ran: string[] = [];
    const late = periodicTask(function late(this: Adder) {
      ran.push(`late on ${this.tag}`);
    }, { spacing: 3, runImmediately: true });
    class Adder extends PeriodicTasks {
      tag = '';
      static {
        this.periodicTask('adder', { spacing: 1, runImmediately: true });
      }
      adder(this: Adder, ctx: string) {
        ran.push(`adder on ${this.tag}`);
        if (ctx === 'add') this.addPeriodicTask(late);
      }
    }
    const { result } = await vrun(function* () {
      const older = new Adder(conf());
      older.tag = 'older';
      const m = new Adder(conf());
      m.tag = 'm';
      yield* m.runPeriodicTasks('add');
      time += 1;
      try {
        yield* older.runPeriodicTasks('plain');
      } catch (e) {
        return e instanceof KeyError ? `KeyError: ${e.message}` : String(e);
      }
      return 'no error';
    });
    assert.deepEqual(ran, ['adder on m', 'late on m', 'adder on older']);
    assert.equal(result, "KeyError: 'late'");
  } finally {
    restore();
  }
});

test('O17: names; class tasks, spacing 0 -> 60, disabled and negative tasks skipped with INFO', () => {
  const records: LogRecord[] = [];
  const remove = addSink((r) => records.push(r), INFO);
  try {
    class Manager extends PeriodicTasks {
      static {
        this.periodicTask('foo');
        this.periodicTask('bar', { spacing: 4 });
        this.periodicTask('baz', { enabled: false });
        this.periodicTask('neg', { spacing: -1 });
        this.periodicTask('tick', { name: 'better-name' });
      }
      foo() {}
      bar() {}
      baz() {}
      neg() {}
      tick() {}
    }
    const m = new Manager(conf());
    assert.equal(m.periodicTasks.length, 3);
    assert.equal(m.periodicSpacing.get('foo'), DEFAULT_INTERVAL);
    assert.equal(m.periodicSpacing.get('bar'), 4);
    assert.equal(m.periodicSpacing.has('baz'), false);
    assert.ok(m.periodicLastRun.has('better-name'));
    const external = periodicTask(function external() {
      return 42;
    });
    m.addPeriodicTask(external);
    assert.equal(m.periodicTasks.length, 4);
    assert.equal(m.periodicSpacing.get('external'), DEFAULT_INTERVAL);
    // Added to the class, as oslo does: another instance sees it too.
    assert.equal(new Manager(conf()).periodicTasks.length, 4);
    assert.deepEqual(
      records.filter((r) => r.name === 'oslo_service.periodic_task').map((r) => r.getMessage()),
      ['Skipping periodic task baz because it is disabled', 'Skipping periodic task neg because its interval is negative'],
    );
  } finally {
    remove();
  }
});

test('O17: a subclass starts from a copy of its parent tasks; the parent is not changed', () => {
  class Base extends PeriodicTasks {
    static {
      this.periodicTask('a');
    }
    a() {}
  }
  class Child extends Base {
    static {
      this.periodicTask('b');
    }
    b() {}
  }
  assert.deepEqual(new Child(conf()).periodicTasks.map(([n]) => n), ['a', 'b']);
  assert.deepEqual(new Base(conf()).periodicTasks.map(([n]) => n), ['a']);
});

test("O17: ticks_between_runs fails as in oslo 3.0.0 (a TypeError from raising InvalidPeriodicTaskArg with a keyword); unknown options are InvalidPeriodicTaskArg", () => {
  assert.throws(
    () => periodicTask(() => 0, { ticksBetweenRuns: 5 } as never),
    (e: unknown) => e instanceof TypeError && e.message === 'InvalidPeriodicTaskArg() takes no keyword arguments',
  );
  assert.throws(
    () => periodicTask(() => 0, { spacingg: 5 } as never),
    (e: unknown) => e instanceof InvalidPeriodicTaskArg && e.message === 'Unexpected argument for periodic task creation: spacingg.',
  );
  class M extends PeriodicTasks {}
  assert.throws(() => M.periodicTask('nope'), /has no method of that name/);
});

test('O18: idle time: min of spacing and time until due, at most 60', async () => {
  const fake = 32503680000.0;
  let time = fake;
  const restore = setPeriodicClock(() => time, () => 0);
  try {
    class Wide extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: 200 });
      }
      bar() {}
    }
    class Zero extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: 0 });
      }
      bar() {}
    }
    class Ten extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: 10 });
      }
      bar() {}
    }
    class Now extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: 10, runImmediately: true });
      }
      bar() {}
    }
    class Off extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: -1 });
      }
      bar() {}
    }
    await vrun(function* () {
      assert.equal(yield* new Wide(conf()).runPeriodicTasks(null), 60);
      assert.equal(yield* new Zero(conf()).runPeriodicTasks(null), 60);
      assert.equal(yield* new Off(conf()).runPeriodicTasks(null), 60);

      const m = new Ten(conf());
      const [name, task] = m.periodicTasks[0]!;
      assert.equal(name, 'bar');
      assert.equal(task.spacing, 10);
      assert.equal(task.immediate, false);
      assert.equal(task.lastRun, fake);
      time = fake + 5;
      assert.equal(yield* m.runPeriodicTasks(null), 5);
      assert.equal(m.periodicLastRun.get('bar'), fake);
      time = fake + 10;
      assert.equal(yield* m.runPeriodicTasks(null), 10);
      assert.equal(m.periodicLastRun.get('bar'), fake + 10);

      time = fake;
      const n = new Now(conf());
      assert.equal(n.periodicLastRun.get('bar'), null);
      assert.equal(yield* n.runPeriodicTasks(null), 10);
      assert.equal(n.periodicLastRun.get('bar'), fake);
      time = fake + 5;
      assert.equal(yield* n.runPeriodicTasks(null), 5);
    });
  } finally {
    restore();
  }
});

test('O18: run_external_periodic_tasks false skips tasks marked externalProcessOk', async () => {
  let time = 0;
  const restore = setPeriodicClock(() => time);
  try {
    let runs = 0;
    class M extends PeriodicTasks {
      static {
        this.periodicTask('bar', { spacing: 200, externalProcessOk: true, runImmediately: true });
      }
      bar() {
        runs++;
      }
    }
    await vrun(function* () {
      const c = conf();
      const m = new M(c);
      assert.equal(m.periodicTasks.length, 1);
      c.setOverride('run_external_periodic_tasks', false);
      yield* m.runPeriodicTasks(null);
      assert.equal(runs, 0);
      c.clearOverride('run_external_periodic_tasks');
      yield* m.runPeriodicTasks(null);
      assert.equal(runs, 1);
    });
  } finally {
    restore();
  }
});

test('O18: nearestBoundary: last spacing boundary plus up to 5% jitter in whole seconds', () => {
  let now = 19;
  let rnd = 0;
  const restore = setPeriodicClock(() => now, () => rnd);
  try {
    assert.equal(nearestBoundary(10, 7), 17);
    now = 28;
    assert.equal(nearestBoundary(13, 7), 27);
    now = 1841;
    assert.equal(nearestBoundary(781, 88), 1837);
    now = 1835;
    assert.equal(nearestBoundary(null, 88), 1835);
    rnd = 1.0;
    now = 1300;
    assert.equal(nearestBoundary(1000, 200), 1210);
    rnd = 0.5;
    assert.equal(nearestBoundary(1000, 200), 1205);
  } finally {
    restore();
  }
});
