// Twin of 81_launcher_eleventh_service.py: Services' ThreadGroup pool holds 10 run_service threads, so the
// 11th launchService blocks main until launcher.stop() from another thread kills them; the 11th service then
// starts, finds done already sent and ends (L4, L5, O2).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { Launcher } from '../../src/launcher/launcher.js';
import { ServiceBase } from '../../src/launcher/service.js';
import { log, py, run } from './oracle.js';
import './oslo.js';

class Svc extends ServiceBase {
  constructor(readonly n: number) {
    super();
  }

  start() {
    log(`svc${this.n}: start`);
  }

  stop() {
    if ([1, 10, 11].includes(this.n)) log(`svc${this.n}: stop`);
  }

  wait() {
    if ([1, 10, 11].includes(this.n)) log(`svc${this.n}: wait`);
  }

  reset() {
    log(`svc${this.n}: reset`);
  }
}

function* stopper(launcher: Launcher) {
  yield* sleep(1.5);
  log('stopper: launcher.stop()');
  yield* launcher.stop();
  log('stopper: stop returned');
}

function* main() {
  const conf = new ConfigOpts();
  conf.parse([]);
  const launcher = new Launcher(conf);
  spawnN(stopper, launcher);
  for (let n = 1; n < 11; n++) yield* launcher.launchService(new Svc(n));
  log('main: ten launched');
  yield* sleep(1);
  log('main: launching the 11th');
  yield* launcher.launchService(new Svc(11));
  log(py`main: 11th launched, threads=${launcher.services.tg.threads.length}`);
  yield* launcher.wait();
  log(py`main: wait returned, threads=${launcher.services.tg.threads.length}`);
}

run(main);
