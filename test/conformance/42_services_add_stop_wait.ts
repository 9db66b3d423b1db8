// Twin of 42_services_add_stop_wait.py: Services.add runs start() in a group thread a pass later; stop()
// stops each service, sends done, kills the threads (one still in start() gets GreenletExit); wait() waits
// for each service, then the group (L4, L5).
import { GreenletExit, sleep } from '../../src/greenthread/index.js';
import { ServiceBase, Services } from '../../src/launcher/service.js';
import { log, py, run } from './oracle.js';
import './oslo.js';

class Svc extends ServiceBase {
  constructor(
    readonly name: string,
    readonly startTime = 0,
  ) {
    super();
  }

  *start() {
    log(`${this.name}: start`);
    try {
      if (this.startTime) yield* sleep(this.startTime);
    } catch (e) {
      if (!(e instanceof GreenletExit)) throw e;
      log(`${this.name}: GreenletExit inside start`);
      throw e;
    }
    log(`${this.name}: started`);
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
  const services = new Services();
  yield* services.add(new Svc('fast'));
  yield* services.add(new Svc('slow', 2));
  log(py`main: added 2, threads=${services.tg.threads.length}`);
  yield* sleep(1);
  log('main: stop');
  yield* services.stop();
  log(py`main: stop returned, done.ready=${services.done.ready()} threads=${services.tg.threads.length}`);
  yield* services.wait();
  log('main: wait returned');
}

run(main);
