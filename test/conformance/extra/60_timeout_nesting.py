"""Nested Timeouts, silent timeouts and with_timeout (T1-T5).

A guard swallows only its own silent Timeout: an outer Timeout passes
through a silent inner guard, and a silent inner one that fires first
leaves the outer one pending.  Timeout(0) fires at the next suspension,
ahead of a sleep(0) scheduled after it.  exc=True raises the Timeout
itself.  str() spells the seconds and the silent/exception suffix.
with_timeout returns timeout_value only for its own expiry.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet.timeout import Timeout, with_timeout  # noqa: E402


def nap(secs, result):
    eventlet.sleep(secs)
    return result


def main():
    outer = Timeout(3)
    try:
        with Timeout(1, False):
            log('main: inner silent 1 s, sleep 2')
            eventlet.sleep(2)
            log('main: not reached')
        log('main: inner swallowed, outer pending=%s' % outer.pending)
        eventlet.sleep(5)
        log('main: not reached either')
    except Timeout as e:
        log('main: outer fired: %s, ours=%s' % (e, e is outer))
    outer = Timeout(1)
    try:
        with Timeout(2, False):
            log('main: inner silent 2 s, sleep 3')
            eventlet.sleep(3)
        log('main: inner block left (not expected)')
    except Timeout as e:
        log('main: outer passed through the silent inner: %s' % (e is outer))
    t = Timeout(0)
    try:
        eventlet.sleep(0)
        log('main: sleep(0) returned (not expected)')
    except Timeout as e:
        log('main: Timeout(0) beat sleep(0): %s' % (e is t))
    try:
        with Timeout(0.5, True) as t2:
            eventlet.sleep(1)
    except Timeout as e:
        log('main: exc=True raised itself: %s str=%s' % (e is t2, e))
    for args in [(None,), (1,), (2,), (1, False), (3, ValueError('v'))]:
        t3 = Timeout(*args)
        log('str(Timeout%r) = %r' % (args, str(t3)))
        t3.cancel()
    log('with_timeout -> %s' % with_timeout(1, nap, 2, 'slow', timeout_value='expired'))
    log('with_timeout -> %s' % with_timeout(2, nap, 1, 'fast', timeout_value='expired'))
    outer = Timeout(0.5, ValueError('outer fired'))
    try:
        with_timeout(1, nap, 2, 'x', timeout_value='expired')
    except ValueError as e:
        log('with_timeout let %s through' % exc_text(e))
    outer.cancel()
    eventlet.sleep(2)
    log('main: done')


run(main)
