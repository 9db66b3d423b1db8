// Twin of 79_services_restart.py: Services.restart with 'mutate' only resets; with 'reload' it stops, makes a
// new done event, resets and starts each service in a new thread; stop() twice; a bad restart method (L2, L5).
import { sleep } from '../../src/greenthread/index.js';
import { ValueError } from '../../src/launcher/conf.js';
import { ServiceBase, Services } from '../../src/launcher/service.js';
import { excText, log, py, run } from './oracle.js';
import './oslo.js';

class Svc extends ServiceBase {
  constructor(readonly name: string) {
    super();
  }

  start() {
    log(`${this.name}: start`);
  }

  stop() {
    log(`${this.name}: stop`);
  }

  wait() {
    log(`${this.name}: wait`);
  }

  reset() {
    log(`${this.name}: reset`);
  }
}

function* main() {
  try {
    new Services('bogus');
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: ${excText(e)}`);
  }
  for (const method of ['mutate', 'reload']) {
    log(`main: --- ${method}`);
    const services = new Services(method);
    yield* services.add(new Svc('a'));
    yield* services.add(new Svc('b'));
    yield* sleep(0.5);
    const done = services.done;
    const ths = [...services.tg.threads];
    log('main: restart');
    yield* services.restart();
    const sameThreads = ths.length === services.tg.threads.length && ths.every((t, i) => t === services.tg.threads[i]);
    log(py`main: restart returned, same done ${done === services.done}, same threads ${sameThreads}, threads=${services.tg.threads.length}`);
    yield* sleep(0.5);
    log('main: stop');
    yield* services.stop();
    log('main: stop again');
    yield* services.stop();
    log(py`main: threads=${services.tg.threads.length} done.ready=${services.done.ready()}`);
    yield* services.wait();
    log('main: wait returned');
  }
}

run(main);
