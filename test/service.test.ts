/** ServiceBase, Service, Services (O1, L2, L4, L5), ported from oslo.service's test_service.py. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemExit } from '../src/hub/index.js';
import { Event, sleep, spawn } from '../src/greenthread/index.js';
import { withTimeout } from '../src/greenthread/timeout.js';
import { ValueError } from '../src/launcher/conf.js';
import { addSink, ERROR, type LogRecord } from '../src/launcher/log.js';
import { checkServiceBase, Service, ServiceBase, Services } from '../src/launcher/service.js';
import { vrun } from './helpers.js';

class Logged extends ServiceBase {
  constructor(
    readonly name: string,
    readonly out: string[],
  ) {
    super();
  }
  start() {
    this.out.push(`${this.name} start`);
  }
  stop() {
    this.out.push(`${this.name} stop`);
  }
  *wait() {
    this.out.push(`${this.name} wait`);
    yield* sleep(0);
  }
  reset() {
    this.out.push(`${this.name} reset`);
  }
}

test('O1: ServiceBase cannot be instantiated without its four methods (Python ABC)', () => {
  class Partial extends (ServiceBase as unknown as new () => object) {
    start() {}
    stop() {}
  }
  assert.throws(() => new Partial(), (e: unknown) => e instanceof TypeError && e.message === "Can't instantiate abstract class Partial with abstract methods reset, wait");
});

test("L2: checkServiceBase refuses what is not a ServiceBase in oslo's words, the value as Python's repr", () => {
  assert.throws(
    () => checkServiceBase({ start() {} }),
    (e: unknown) => e instanceof TypeError && e.message === "Service <Object object> must an instance of <class 'oslo_service.service.ServiceBase'>!",
  );
  assert.throws(() => checkServiceBase('svc'), { message: "Service 'svc' must an instance of <class 'oslo_service.service.ServiceBase'>!" });
  assert.throws(() => checkServiceBase(42), { message: "Service 42 must an instance of <class 'oslo_service.service.ServiceBase'>!" });
  assert.throws(() => checkServiceBase(null), { message: "Service None must an instance of <class 'oslo_service.service.ServiceBase'>!" });
  checkServiceBase(new Service());
});

class GracefulShutdownTestService extends Service {
  finishedTask = new Event<void>();
  *startWith(sleepAmount: number) {
    yield* this.tg.addThread(function* (ev: Event<void>) {
      yield* sleep(sleepAmount);
      ev.send();
    }, this.finishedTask);
  }
}

function* exercise(sleepAmount: number, timeToWait: number, graceful: boolean) {
  const svc = new GracefulShutdownTestService();
  yield* svc.startWith(sleepAmount);
  yield* svc.stop(graceful);
  return yield* withTimeout({ seconds: timeToWait, timeoutValue: 'Timeout!' }, function* () {
    return yield* svc.finishedTask.wait();
  });
}

test('O1: Service.stop(true) lets the threads finish; stop() kills them', async () => {
  await vrun(function* () {
    assert.equal(yield* exercise(1, 2, true), undefined);
    assert.equal(yield* exercise(1, 2, false), 'Timeout!');
  });
});

test('L5 [!]: Services.wait() calls each service wait() before the scheduled start() runs', async () => {
  const out: string[] = [];
  await vrun(function* () {
    const services = new Services();
    yield* services.add(new Logged('a', out));
    const stopper = function* () {
      yield* sleep(1);
      yield* services.stop();
    };
    yield* services.tg.addThread(stopper);
    yield* services.wait();
  });
  assert.deepEqual(out, ['a wait', 'a start', 'a stop']);
});

test('L5: stop twice is fine; restart reload = stop, new done, reset + start again; mutate = reset only', async () => {
  const out: string[] = [];
  await vrun(function* () {
    const services = new Services();
    yield* services.add(new Logged('a', out));
    yield* sleep(0);
    yield* services.stop();
    yield* services.stop();
    const oldDone = services.done;
    yield* services.restart();
    assert.notEqual(services.done, oldDone);
    assert.equal(services.tg.threads.length, 1);
    yield* sleep(0);

    const mutating = new Services('mutate');
    yield* mutating.add(new Logged('m', out));
    yield* sleep(0);
    const done = mutating.done;
    yield* mutating.restart();
    assert.equal(mutating.done, done);
    assert.equal(mutating.tg.threads.length, 1);
  });
  assert.deepEqual(out, ['a start', 'a stop', 'a stop', 'a stop', 'a reset', 'a start', 'm start', 'm reset']);
  assert.throws(() => new Services('restart'), (e: unknown) => e instanceof ValueError && e.message === 'Invalid restart_method: restart');
});

test('L4: a start() failure is logged "Error starting thread." and SystemExit(1) reaches main where it waits', async () => {
  const records: LogRecord[] = [];
  const remove = addSink((r) => records.push(r), ERROR);
  try {
    await vrun(function* () {
      class Crash extends Service {
        override start() {
          throw new RangeError('no');
        }
      }
      const services = new Services();
      yield* services.add(new Crash());
      let caught: unknown;
      try {
        yield* services.wait();
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof SystemExit);
      assert.equal(caught.code, 1);
    });
  } finally {
    remove();
  }
  assert.deepEqual(records.map((r) => [r.name, r.getMessage(), (r.exc as Error).name]), [['oslo_service.service', 'Error starting thread.', 'RangeError']]);
});

test('L4 [!]: the services group has a pool of 10: an 11th add blocks until a service thread ends', async () => {
  const { trace } = await vrun(function* (r) {
    const services = new Services();
    for (let i = 0; i < 10; i++) yield* services.add(new Service());
    r.log('ten added');
    spawn(function* () {
      yield* sleep(1);
      services.done.send();
    });
    yield* services.add(new Service());
    r.log('eleventh added');
    yield* services.stop();
  });
  assert.deepEqual(trace, ['0.000 ten added', '1.000 eleventh added']);
});
