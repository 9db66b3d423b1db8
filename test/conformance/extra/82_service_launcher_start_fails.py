"""ServiceLauncher.wait() when a service's start() raises: status 1.

The failing run_service thread logs "Error starting thread." and raises
SystemExit(1), which reaches ServiceLauncher.wait() in main; it stops the
services (each service's stop(), the group threads killed), waits for them
once more and returns the exit code 1 instead of raising.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import service  # noqa: E402


class Svc(service.Service):
    def __init__(self, name, fail_after=None):
        super(Svc, self).__init__(threads=5)
        self.name = name
        self.fail_after = fail_after

    def beat(self):
        log('%s: beat' % self.name)

    def start(self):
        log('%s: start' % self.name)
        self.tg.add_timer(1, self.beat, 0.5)
        if self.fail_after is not None:
            eventlet.sleep(self.fail_after)
            log('%s: start raising' % self.name)
            raise KeyError('no %s' % self.name)

    def stop(self, graceful=False):
        log('%s: stop graceful=%s' % (self.name, graceful))
        super(Svc, self).stop(graceful)

    def wait(self):
        log('%s: wait' % self.name)
        super(Svc, self).wait()
        log('%s: wait returned' % self.name)


def main():
    conf = cfg.ConfigOpts()
    conf([])
    launcher = service.ServiceLauncher(conf)
    launcher.launch_service(Svc('good'))
    launcher.launch_service(Svc('bad', 1.75))
    log('main: wait')
    status = launcher.wait()
    log('main: wait returned %s' % status)
    eventlet.sleep(2)
    log('main: done')


run(main)
