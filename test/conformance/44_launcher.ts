// Twin of 44_launcher.py: Launcher launchService (one worker only), restart (reload, stop, reset, start in a
// new thread a pass later), wait, stop, with a service ticking on its own ThreadGroup timer (L2, L3, L5).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { ConfigOpts, ValueError } from '../../src/launcher/conf.js';
import { Launcher } from '../../src/launcher/launcher.js';
import { ServiceBase } from '../../src/launcher/service.js';
import { ThreadGroup } from '../../src/launcher/threadgroup.js';
import { excText, log, run } from './oracle.js';
import './oslo.js';

class Ticker extends ServiceBase {
  tg = new ThreadGroup();
  ticks = 0;

  tick = () => {
    this.ticks += 1;
    log(`svc: tick ${this.ticks}`);
  };

  start() {
    log('svc: start');
    this.tg.addTimer(1, this.tick);
  }

  *stop() {
    log('svc: stop');
    yield* this.tg.stop();
  }

  *wait() {
    log('svc: wait');
    yield* this.tg.wait();
    log('svc: wait returned');
  }

  reset() {
    log(`svc: reset, ticks so far ${this.ticks}`);
  }
}

function* stopper(launcher: Launcher, at: number) {
  yield* sleep(at);
  log('stopper: launcher.stop()');
  yield* launcher.stop();
  log('stopper: stop returned');
}

function* main() {
  const conf = new ConfigOpts();
  conf.parse([]);
  const launcher = new Launcher(conf);
  const svc = new Ticker();
  try {
    yield* launcher.launchService(svc, 2);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: ${excText(e)}`);
  }
  yield* launcher.launchService(svc);
  log('main: launched');
  yield* sleep(2.5);
  log('main: restart');
  yield* launcher.restart();
  log('main: restart returned');
  spawnN(stopper, launcher, 2.5);
  log('main: wait');
  yield* launcher.wait();
  log(`main: wait returned, ticks=${svc.ticks}`);
}

run(main);
