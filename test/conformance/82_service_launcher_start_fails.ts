// Twin of 82_service_launcher_start_fails.py: under ServiceLauncher a failing start() logs "Error starting
// thread." and its SystemExit(1) reaches wait(), which stops the services, waits again and returns 1 (L4,
// L11, O1).
import { sleep } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { ServiceLauncher } from '../../src/launcher/launcher.js';
import { Service } from '../../src/launcher/service.js';
import { KeyError, log, py, run } from './oracle.js';
import './oslo.js';

class Svc extends Service {
  constructor(
    readonly name: string,
    readonly failAfter: number | null = null,
  ) {
    super(5);
  }

  beat = () => {
    log(`${this.name}: beat`);
  };

  override *start() {
    log(`${this.name}: start`);
    this.tg.addTimer(1, this.beat, 0.5);
    if (this.failAfter !== null) {
      yield* sleep(this.failAfter);
      log(`${this.name}: start raising`);
      throw new KeyError(`'no ${this.name}'`);
    }
  }

  override *stop(graceful = false) {
    log(py`${this.name}: stop graceful=${graceful}`);
    yield* super.stop(graceful);
  }

  override *wait() {
    log(`${this.name}: wait`);
    yield* super.wait();
    log(`${this.name}: wait returned`);
  }
}

function* main() {
  const conf = new ConfigOpts();
  conf.parse([]);
  const launcher = new ServiceLauncher(conf);
  yield* launcher.launchService(new Svc('good'));
  yield* launcher.launchService(new Svc('bad', 1.75));
  log('main: wait');
  const status = yield* launcher.wait();
  log(py`main: wait returned ${status}`);
  yield* sleep(2);
  log('main: done');
}

run(main);
