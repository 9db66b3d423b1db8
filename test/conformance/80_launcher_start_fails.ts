// Twin of 80_launcher_start_fails.py: a service whose start() raises: ERROR "Error starting thread." and
// SystemExit(1), which escapes the green thread, stops the hub and is raised in main's launcher.wait()
// (L4, L5, H9, H16).
import { SystemExit } from '../../src/hub/errors.js';
import { sleep } from '../../src/greenthread/index.js';
import { ConfigOpts } from '../../src/launcher/conf.js';
import { Launcher } from '../../src/launcher/launcher.js';
import { ServiceBase } from '../../src/launcher/service.js';
import { excText, log, py, run, ValueError } from './oracle.js';
import './oslo.js';

class Svc extends ServiceBase {
  constructor(
    readonly name: string,
    readonly failAfter: number | null = null,
  ) {
    super();
  }

  *start() {
    log(`${this.name}: start`);
    if (this.failAfter !== null) {
      yield* sleep(this.failAfter);
      log(`${this.name}: start raising`);
      throw new ValueError(`cannot start ${this.name}`);
    }
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
  const conf = new ConfigOpts();
  conf.parse([]);
  const launcher = new Launcher(conf);
  yield* launcher.launchService(new Svc('good'));
  yield* launcher.launchService(new Svc('bad', 1.5));
  log('main: wait');
  try {
    yield* launcher.wait();
    log('main: wait returned');
  } catch (e) {
    if (!(e instanceof SystemExit)) throw e;
    log(py`main: wait raised ${excText(e)}, code ${e.code}`);
  }
}

run(main);
