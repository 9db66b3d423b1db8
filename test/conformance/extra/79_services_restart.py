"""Services.restart: reload versus mutate; stop twice.

With restart_method='mutate', restart() only calls each service's reset():
the run_service threads and the done event stay as they were.  With
'reload' it stops the services (stop, done sent, threads killed), makes a
new done event, resets each service and starts it again in a new group
thread, which runs a pass later.  stop() may be called twice: the second
call stops the services again but finds done already sent and no thread
to kill.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import service  # noqa: E402


class Svc(service.ServiceBase):
    def __init__(self, name):
        self.name = name

    def start(self):
        log('%s: start' % self.name)

    def stop(self):
        log('%s: stop' % self.name)

    def wait(self):
        log('%s: wait' % self.name)

    def reset(self):
        log('%s: reset' % self.name)


def main():
    try:
        service.Services(restart_method='bogus')
    except ValueError as e:
        log('main: %s' % exc_text(e))
    for method in ('mutate', 'reload'):
        log('main: --- %s' % method)
        services = service.Services(restart_method=method)
        services.add(Svc('a'))
        services.add(Svc('b'))
        eventlet.sleep(0.5)
        done = services.done
        ths = list(services.tg.threads)
        log('main: restart')
        services.restart()
        log('main: restart returned, same done %s, same threads %s, threads=%d'
            % (done is services.done, ths == services.tg.threads,
               len(services.tg.threads)))
        eventlet.sleep(0.5)
        log('main: stop')
        services.stop()
        log('main: stop again')
        services.stop()
        log('main: threads=%d done.ready=%s'
            % (len(services.tg.threads), services.done.ready()))
        services.wait()
        log('main: wait returned')


run(main)
