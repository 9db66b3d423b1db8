"""Event wake-ups skip waiters that left in between (E1, E2, E3).

send() schedules one wake-up per waiter; a waiter killed before its
wake-up fires is skipped (killing it does not consume the event).  A
timed-out wait returns None and is not woken by a later send.  A waiter
that re-waits after being woken is ready at once since the event is sent.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event  # noqa: E402


def waiter(ev, name, timeout=None):
    log('%s: wait(timeout=%s)' % (name, timeout))
    try:
        log('%s: got %s' % (name, ev.wait(timeout)))
    except BaseException as e:
        log('%s: %s' % (name, exc_text(e)))
        raise


def main():
    ev = event.Event()
    a = eventlet.spawn(waiter, ev, 'a')
    eventlet.spawn_n(waiter, ev, 't', 0.5)
    eventlet.sleep(1)
    ev.send('v')
    log('main: sent, killing a before its wake-up')
    a.kill()
    log('main: a dead=%s' % a.dead)
    eventlet.sleep(0)
    log('main: ready=%s wait -> %s' % (ev.ready(), ev.wait()))
    ev2 = event.Event()
    eventlet.spawn_n(waiter, ev2, 'b')
    eventlet.sleep(1)
    ev2.send_exception(KeyError('k'))
    eventlet.sleep(0)
    log('main: done')


run(main)
