"""The 11th launch_service blocks: Services' ThreadGroup has a pool of 10.

Each launched service occupies a pool slot with its run_service thread,
which waits on the shared done event.  The 11th launch_service() blocks
main until a slot frees; here another thread calls launcher.stop(), which
stops the services, sends done and kills the ten threads.  Only then does
the 11th service get its thread; it starts, finds done already sent and
ends.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import service  # noqa: E402


class Svc(service.ServiceBase):
    def __init__(self, n):
        self.n = n

    def start(self):
        log('svc%d: start' % self.n)

    def stop(self):
        if self.n in (1, 10, 11):
            log('svc%d: stop' % self.n)

    def wait(self):
        if self.n in (1, 10, 11):
            log('svc%d: wait' % self.n)

    def reset(self):
        log('svc%d: reset' % self.n)


def stopper(launcher):
    eventlet.sleep(1.5)
    log('stopper: launcher.stop()')
    launcher.stop()
    log('stopper: stop returned')


def main():
    conf = cfg.ConfigOpts()
    conf([])
    launcher = service.Launcher(conf)
    eventlet.spawn_n(stopper, launcher)
    for n in range(1, 11):
        launcher.launch_service(Svc(n))
    log('main: ten launched')
    eventlet.sleep(1)
    log('main: launching the 11th')
    launcher.launch_service(Svc(11))
    log('main: 11th launched, threads=%d'
        % len(launcher.services.tg.threads))
    launcher.wait()
    log('main: wait returned, threads=%d'
        % len(launcher.services.tg.threads))


run(main)
