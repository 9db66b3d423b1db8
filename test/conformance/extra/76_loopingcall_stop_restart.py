"""Looping calls: stop during initial_delay, restart after stop, wait before start.

stop() while the loop is still in its initial delay ends it without calling
the function, and wait() returns True.  Once a loop has ended the same
object can be started again (a new done event, a new thread).  stop()
before start() does nothing harmful; the next start() clears it.  wait()
before any start() raises AttributeError.  stop() from inside the
function lets the current call finish and ends the loop without sleeping.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import loopingcall  # noqa: E402

calls = [0]
holder = []


def task():
    calls[0] += 1
    log('task: call %d' % calls[0])
    if calls[0] == 5:
        log('task: stopping myself')
        holder[0].stop()
        eventlet.sleep(0.25)
        log('task: call 5 finishing')


def main():
    lc = loopingcall.FixedIntervalLoopingCall(task)
    holder.append(lc)
    try:
        lc.wait()
    except AttributeError:
        log('main: wait() before start raised AttributeError')
    lc.start(interval=1, initial_delay=2)
    eventlet.sleep(1)
    log('main: stop during initial delay')
    lc.stop()
    log('main: wait() -> %s' % lc.wait())
    eventlet.sleep(0)
    log('main: restart')
    done = lc.start(interval=0.5)
    eventlet.sleep(1.125)
    lc.stop()
    log('main: wait() -> %s, same event %s' % (lc.wait(), done is lc.done))
    eventlet.sleep(0)
    lc.stop()
    lc.start(interval=0.5, initial_delay=0.25)
    log('main: wait() -> %s' % lc.wait())
    dl = loopingcall.DynamicLoopingCall(task)
    dl.start(initial_delay=0.5, periodic_interval_max=1)
    eventlet.sleep(0.25)
    dl.stop()
    log('main: dynamic wait() -> %s' % dl.wait())
    log('main: calls=%d' % calls[0])


run(main)
