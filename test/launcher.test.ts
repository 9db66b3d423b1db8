/** Launcher, ServiceLauncher (in process, simulated signals) and launch() (L1-L3, L10, L11). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Event, sleep, spawn } from '../src/greenthread/index.js';
import { ConfigOpts, StrOpt, ValueError } from '../src/launcher/conf.js';
import { launch, Launcher, ServiceLauncher } from '../src/launcher/launcher.js';
import { addSink, INFO, type LogRecord } from '../src/launcher/log.js';
import { ProcessLauncher } from '../src/launcher/process-launcher.js';
import { Service, ServiceBase } from '../src/launcher/service.js';
import { alarm, isDaemon, SignalHandler } from '../src/launcher/signals.js';
import { vrun } from './helpers.js';

class InitService extends Service {
  init = new Event<void>();
  cleanedUp = false;
  override start() {
    this.init.send();
  }
  override *stop() {
    this.cleanedUp = true;
    yield* super.stop();
  }
}

function conf(): ConfigOpts {
  return new ConfigOpts().parse([]);
}

test('L3: services get a chance to clean up; stop() can be called more than once', async () => {
  await vrun(function* () {
    const svc = new InitService();
    const launcher = new Launcher(conf());
    yield* launcher.launchService(svc);
    yield* svc.init.wait();
    yield* launcher.stop();
    assert.equal(svc.cleanedUp, true);
    yield* launcher.stop();
    yield* launcher.wait();
  });
});

test('L2: several workers, or something not a ServiceBase, are refused with oslo\'s errors', async () => {
  await vrun(function* () {
    const launcher = new Launcher(conf());
    let err: unknown;
    try {
      yield* launcher.launchService(new Service(), 2);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ValueError && err.message === 'Launcher asked to start multiple workers');
    err = undefined;
    try {
      yield* launcher.launchService({ start() {} } as unknown as ServiceBase);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TypeError && /must an instance of/.test(err.message));
    assert.equal(launcher.services.services.length, 0);
    // oslo tests workers != 1, and Python's True == 1: accepted.
    yield* launcher.launchService(new Service(), true as unknown as number);
    assert.equal(launcher.services.services.length, 1);
    assert.throws(() => new Launcher(conf(), 'restart'), { message: 'Invalid restart_method: restart' });
  });
});

test('L3/B3: launchService sets backdoorPort (null when the backdoor is off) before adding', async () => {
  await vrun(function* () {
    const svc = new Service();
    svc.backdoorPort = 'stale';
    const launcher = new Launcher(conf());
    yield* launcher.launchService(svc);
    assert.equal(svc.backdoorPort, null);
    yield* launcher.stop();
  });
});

test('L3: restart with "mutate" calls the mutate hooks; with "reload" re-reads the files', async () => {
  await vrun(function* () {
    const c = conf();
    c.registerOpt(StrOpt('x', { mutable: true }));
    let mutated = 0;
    c.registerMutateHook(() => mutated++);
    const launcher = new Launcher(c, 'mutate');
    yield* launcher.launchService(new Service());
    assert.equal(mutated, 0);
    yield* launcher.restart();
    assert.equal(mutated, 1);
    yield* launcher.stop();
  });
});

test('L1: launch() checks workers like oslo and picks the launcher', async () => {
  await vrun(function* () {
    for (const bad of [0, -1]) {
      let err: unknown;
      try {
        yield* launch(conf(), new Service(), bad);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof ValueError && err.message === 'Number of workers should be positive!', String(err));
    }
    for (const bad of ['0', 'a', '1', 1.5]) {
      let err: unknown;
      try {
        yield* launch(conf(), new Service(), bad as never);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof TypeError && err.message === 'Type of workers should be int!', String(err));
    }
    let err: unknown;
    try {
      yield* launch(conf(), {} as ServiceBase);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TypeError && /must an instance of/.test(err.message));
    SignalHandler.get().clear();

    for (const workers of [1, null, true]) {
      const l = yield* launch(conf(), new Service(), workers);
      assert.ok(l instanceof ServiceLauncher);
      yield* (l as ServiceLauncher).stop();
    }
    assert.equal(ProcessLauncher.name, 'ProcessLauncher');
  });
});

/** A ServiceLauncher whose os._exit is recorded instead of ending the test process. */
class Recording extends ServiceLauncher {
  exits: number[] = [];
  protected override exitNow(code: number): void {
    this.exits.push(code);
  }
}

function capture(): { records: LogRecord[]; remove: () => void } {
  const records: LogRecord[] = [];
  return { records, remove: addSink((r) => records.push(r), INFO) };
}

class Counting extends Service {
  starts = 0;
  resets = 0;
  started = new Event<void>();
  override start() {
    this.starts++;
    if (!this.started.ready()) this.started.send();
  }
  override reset() {
    this.resets++;
    this.started = new Event<void>();
  }
}

function* serviceLauncher(): Generator<any, { launcher: Recording; svc: Counting }, any> {
  const c = conf();
  const launcher = new Recording(c);
  c.setOverride('graceful_shutdown_timeout', 0);
  c.setOverride('log_options', false);
  const svc = new Counting();
  yield* launcher.launchService(svc);
  return { launcher, svc };
}

test('L10/L11: SIGTERM stops the services and wait() returns null, with no "Caught" line', async () => {
  const sh = SignalHandler.get();
  const cap = capture();
  try {
    const { result } = await vrun(function* () {
      const { launcher, svc } = yield* serviceLauncher();
      spawn(function* () {
        yield* svc.started.wait();
        sh.simulate('SIGTERM');
      });
      return yield* launcher.wait();
    });
    assert.equal(result, null);
    assert.ok(!cap.records.some((r) => /Caught/.test(r.getMessage())));
  } finally {
    cap.remove();
    sh.clear();
    alarm(0);
  }
});

test('L6/L11: SIGHUP to a daemon logs "Caught SIG_UNBLOCK, handling" and restarts in place', { skip: (!isDaemon() || process.platform !== 'linux') && 'needs a non-TTY stdout on Linux' }, async () => {
  const sh = SignalHandler.get();
  const cap = capture();
  try {
    const { result } = await vrun(function* () {
      const { launcher, svc } = yield* serviceLauncher();
      spawn(function* () {
        yield* svc.started.wait();
        sh.simulate('SIGHUP');
        yield* sleep(1);
        yield* svc.started.wait();
        sh.simulate('SIGTERM');
      });
      const status = yield* launcher.wait();
      assert.equal(svc.starts, 2);
      assert.equal(svc.resets, 1);
      return status;
    });
    assert.equal(result, null);
    assert.ok(cap.records.some((r) => r.name === 'oslo_service.service' && r.getMessage() === 'Caught SIG_UNBLOCK, handling'));
  } finally {
    cap.remove();
    sh.clear();
    alarm(0);
  }
});

test('L10: SIGINT logs "Caught SIGINT signal, instantaneous exiting" and exits 1 at once', async () => {
  const sh = SignalHandler.get();
  const cap = capture();
  try {
    await vrun(function* () {
      const { launcher, svc } = yield* serviceLauncher();
      spawn(function* () {
        yield* svc.started.wait();
        sh.simulate('SIGINT');
        yield* sleep(0);
        yield* sleep(0);
        assert.deepEqual(launcher.exits, [1]);
        // the recorded exit did not end the process: let the test finish
        yield* launcher.stop();
      });
      yield* launcher.wait();
    });
    assert.ok(cap.records.some((r) => r.getMessage() === 'Caught SIGINT signal, instantaneous exiting'));
  } finally {
    cap.remove();
    sh.clear();
  }
});

test('L11: a start() failure makes wait() return 1 after stopping the services', async () => {
  const sh = SignalHandler.get();
  try {
    const { result } = await vrun(function* () {
      class Crash extends Service {
        override start() {
          throw new Error('nope');
        }
      }
      const c = conf();
      const launcher = new Recording(c);
      c.setOverride('log_options', false);
      yield* launcher.launchService(new Crash());
      return yield* launcher.wait();
    });
    assert.equal(result, 1);
  } finally {
    sh.clear();
  }
});
