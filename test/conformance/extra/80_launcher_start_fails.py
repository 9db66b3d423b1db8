"""A service whose start() raises: "Error starting thread." and SystemExit(1).

Launcher runs each service's start() in a group thread.  When start()
raises, the thread logs ERROR "Error starting thread." with the exception
and raises SystemExit(1); that escapes the green thread, stops the hub and
is raised in main where it is blocked, here in launcher.wait().  A service
started before it has already run its start().
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import service  # noqa: E402


class Svc(service.ServiceBase):
    def __init__(self, name, fail_after=None):
        self.name = name
        self.fail_after = fail_after

    def start(self):
        log('%s: start' % self.name)
        if self.fail_after is not None:
            eventlet.sleep(self.fail_after)
            log('%s: start raising' % self.name)
            raise ValueError('cannot start %s' % self.name)

    def stop(self):
        log('%s: stop' % self.name)

    def wait(self):
        log('%s: wait' % self.name)

    def reset(self):
        log('%s: reset' % self.name)


def main():
    conf = cfg.ConfigOpts()
    conf([])
    launcher = service.Launcher(conf)
    launcher.launch_service(Svc('good'))
    launcher.launch_service(Svc('bad', 1.5))
    log('main: wait')
    try:
        launcher.wait()
        log('main: wait returned')
    except SystemExit as e:
        log('main: wait raised %s, code %s' % (exc_text(e), e.code))


run(main)
