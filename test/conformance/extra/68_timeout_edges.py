"""Timeout edges (T1-T5): starting twice, cancel twice, None, 0 and negative delays, silent and custom
exceptions, with_timeout, an outer Timeout firing inside an inner guard, cancel before firing, str and repr.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import timeout as tmod  # noqa: E402
from eventlet.timeout import Timeout  # noqa: E402


class Boom(Exception):
    pass

def main():
    t = Timeout(1)
    log('pending=%s seconds=%s' % (t.pending, t.seconds))
    try:
        t.start()
    except BaseException as e:
        log('start twice: %s' % exc_text(e))
    t.cancel()
    log('cancelled pending=%s' % t.pending)
    t.cancel()
    log('cancel twice ok')
    t2 = Timeout(None)
    log('none pending=%s str=%s' % (t2.pending, str(t2)))
    try:
        with Timeout(0):
            log('in zero timeout, before sleep')
            eventlet.sleep(0)
            log('not reached')
    except Timeout as e:
        log('zero timeout fired: %s' % exc_text(e))
    try:
        with Timeout(-1):
            eventlet.sleep(0)
    except Timeout as e:
        log('negative fired: %s' % exc_text(e))
    with Timeout(0.1, False):
        eventlet.sleep(1)
        log('not reached')
    log('after silent timeout')
    try:
        with Timeout(0.1, Boom('b')):
            eventlet.sleep(1)
    except Boom as e:
        log('custom exc: %s' % exc_text(e))
    try:
        with Timeout(0.1, Boom):
            eventlet.sleep(1)
    except Boom as e:
        log('custom class: %s' % exc_text(e))
    log('with_timeout -> %s' % tmod.with_timeout(0.1, eventlet.sleep, 1, timeout_value='tv'))
    try:
        tmod.with_timeout(0.1, eventlet.sleep, 1)
    except Timeout as e:
        log('with_timeout raised %s' % exc_text(e))
    outer = Timeout(0.2)
    try:
        try:
            with Timeout(0.5):
                eventlet.sleep(1)
        except Timeout as e:
            log('inner caught: is outer=%s' % (e is outer))
            raise
    except Timeout as e:
        log('outer caught: is outer=%s' % (e is outer))
    finally:
        outer.cancel()
    t3 = Timeout(0.1)
    try:
        eventlet.sleep(0.05)
        t3.cancel()
        eventlet.sleep(0.1)
        log('cancelled before firing, ok')
    except Timeout:
        log('should not fire')
    t4 = Timeout(2)
    log('str=%s' % t4)
    t4.cancel()
    t5 = Timeout(1, ValueError('x'))
    log('repr=%r str=%s' % (t5, t5))
    t5.cancel()
    log('cancelled repr=%r' % t5)
run(main)
