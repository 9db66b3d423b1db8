"""kill() of the calling thread itself (G9, G4).

A thread that kills itself has GreenletExit raised at once inside kill():
kill() first schedules a 0-timer to resume the caller, then throws into the
caller, which is the running thread.  If the thread swallows the exception
and goes to sleep, that stray resume timer fires in the next pass and wakes
it early from its sleep (a value switch, G4).  A thread that lets the
exception escape dies silently and its wait() raises GreenletExit; the stray
timer then switches into a dead thread, which does nothing visible.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import greenthread  # noqa: E402


def stubborn():
    me = greenthread.getcurrent()
    log('s: killing myself')
    try:
        greenthread.kill(me)
        log('s: kill returned (not expected)')
    except BaseException as e:
        log('s: caught %s' % exc_text(e))
    log('s: sleep 2')
    eventlet.sleep(2)
    log('s: woke from sleep')
    return 'stubborn done'


def quitter():
    log('q: killing myself')
    greenthread.getcurrent().kill()
    log('q: not reached')


def ticker():
    for i in range(3):
        log('t: tick %d' % i)
        eventlet.sleep(0)


def main():
    eventlet.spawn_n(ticker)
    s = eventlet.spawn(stubborn)
    q = eventlet.spawn(quitter)
    log('main: sleep 1')
    eventlet.sleep(1)
    log('main: s.wait() -> %s' % s.wait())
    try:
        q.wait()
    except BaseException as e:
        log('main: q.wait() raised %s' % exc_text(e))
    log('main: q.dead=%s' % q.dead)


run(main)
