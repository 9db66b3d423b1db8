"""ThreadGroup.stop(graceful=True) waits for timers and threads.

Graceful stop tells every timer to stop, waits for a timer callback in
progress to finish, then waits for each thread in turn instead of killing
it.  A thread that raises is logged "Error waiting on thread." (after the
hub printed its traceback); the caller's own thread, when it belongs to
the group, is skipped, so a group thread may stop its own group.  With
graceful=False a group thread calling stop() kills the others and
survives as the only thread left.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet.support import greenlets as greenlet  # noqa: E402
from oslo_service import threadgroup  # noqa: E402


def worker(name, secs, fail=False):
    try:
        log('%s: start' % name)
        eventlet.sleep(secs)
        if fail:
            log('%s: raising' % name)
            raise ValueError(name)
        log('%s: end' % name)
        return name
    except greenlet.GreenletExit:
        log('%s: GreenletExit' % name)
        raise


def slow_tick():
    log('timer: tick begins')
    eventlet.sleep(0.75)
    log('timer: tick ends')


def stopper(tg, graceful):
    log('stopper: stop(graceful=%s)' % graceful)
    tg.stop(graceful=graceful)
    log('stopper: stop returned, threads=%d' % len(tg.threads))
    eventlet.sleep(0.5)
    log('stopper: still alive')


def main():
    tg = threadgroup.ThreadGroup()
    tg.add_timer(1, slow_tick, 0.5)
    tg.add_thread(worker, 'w1', 1.5)
    tg.add_thread(worker, 'w2', 1, True)
    tg.add_thread(worker, 'w3', 2)
    eventlet.sleep(0.75)
    log('main: stop(graceful=True)')
    tg.stop(graceful=True)
    log('main: stop returned at threads=%d timers=%d'
        % (len(tg.threads), len(tg.timers)))

    tg2 = threadgroup.ThreadGroup()
    tg2.add_thread(worker, 'x1', 3)
    tg2.add_thread(stopper, tg2, False)
    tg2.add_thread(worker, 'x2', 3)
    eventlet.sleep(0.25)
    log('main: tg2 threads=%d' % len(tg2.threads))
    tg2.wait()
    log('main: tg2 wait returned')

    tg3 = threadgroup.ThreadGroup()
    tg3.add_thread(worker, 'y1', 0.25)
    tg3.add_thread(stopper, tg3, True)
    tg3.add_thread(worker, 'y2', 0.5)
    tg3.wait()
    log('main: tg3 wait returned')


run(main)
