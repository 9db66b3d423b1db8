"""ThreadGroup.cancel(): unstarted threads never run; timeout and wait_time.

cancel() without a timeout keeps threads that have not started from ever
running and returns at once, leaving running threads and timers alone.
With timeout=T and wait_time=W it then sleeps W at a time while any other
thread of the group is alive; once more than T has passed since the call
it stops the group (timers stopped, threads killed) and returns.  If the
threads end before the timeout, cancel() returns at the next check and
the timers keep running.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import warnings  # noqa: E402

import eventlet  # noqa: E402
from eventlet.support import greenlets as greenlet  # noqa: E402
from oslo_service import threadgroup  # noqa: E402


def worker(name, secs):
    try:
        log('%s: start' % name)
        eventlet.sleep(secs)
        log('%s: end' % name)
    except greenlet.GreenletExit:
        log('%s: GreenletExit' % name)
        raise


def tick():
    log('timer: tick')


def main():
    # cancel() is deprecated: keep debtcollector's warning (file and line
    # of this script) out of the trace.
    warnings.simplefilter('ignore', DeprecationWarning)
    tg = threadgroup.ThreadGroup()
    tg.add_thread(worker, 'a', 0.5)
    tg.add_thread(worker, 'b', 1)
    log('main: cancel() before the threads started')
    tg.cancel()
    log('main: cancel returned, threads=%d' % len(tg.threads))
    eventlet.sleep(0)
    log('main: after a pass, threads=%d' % len(tg.threads))

    tg.add_timer(1, tick, 0.25)
    tg.add_thread(worker, 'c', 0.75)
    tg.add_thread(worker, 'd', 10)
    eventlet.sleep(0)
    log('main: cancel(timeout=2, wait_time=0.5)')
    tg.cancel(timeout=2, wait_time=0.5)
    log('main: cancel returned, threads=%d timers=%d'
        % (len(tg.threads), len(tg.timers)))
    tg.wait()
    log('main: wait returned')

    tg2 = threadgroup.ThreadGroup()
    tg2.add_timer(1, tick, 0.125)
    tg2.add_thread(worker, 'e', 0.625)
    eventlet.sleep(0)
    log('main: tg2.cancel(timeout=5, wait_time=0.25)')
    tg2.cancel(timeout=5, wait_time=0.25)
    log('main: cancel returned, threads=%d timers=%d'
        % (len(tg2.threads), len(tg2.timers)))
    eventlet.sleep(1.5)
    tg2.stop()
    log('main: done')


run(main)
