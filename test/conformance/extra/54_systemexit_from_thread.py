"""SystemExit escaping a green thread stops the hub and surfaces in main (G7, H9, H16).

The exception is not printed; main gets it at its current suspension
point (here a sleep, whose timer is cancelled).  The heap survives: a
later blocking call in main starts a new hub loop that carries on with
the timers of other sleeping threads.  KeyboardInterrupt does the same.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def quitter(delay, exc):
    eventlet.sleep(delay)
    log('quitter: raising %s' % exc_text(exc))
    raise exc


def sleeper(name, delay):
    log('%s: sleep %s' % (name, delay))
    eventlet.sleep(delay)
    log('%s: woke' % name)


def main():
    eventlet.spawn_n(sleeper, 'x', 2)
    eventlet.spawn(quitter, 1, SystemExit(3))
    try:
        eventlet.sleep(5)
        log('main: slept through (not expected)')
    except SystemExit as e:
        log('main: caught %s code=%s' % (exc_text(e), e.code))
    eventlet.spawn(quitter, 0.5, KeyboardInterrupt())
    try:
        eventlet.sleep(5)
    except KeyboardInterrupt as e:
        log('main: caught %s' % exc_text(e))
    log('main: sleep 2 more')
    eventlet.sleep(2)
    log('main: done')


run(main)
