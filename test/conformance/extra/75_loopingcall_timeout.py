"""FixedIntervalWithTimeoutLoopingCall: timeout checked after each call.

The loop behaves like FixedIntervalLoopingCall, and after each call, if the
time since start() exceeds the timeout, LoopingCallTimeOut is logged as a
failure of the "with timeout checking." kind and raised by wait().  A
timeout of 0 never fires.  An overrun still logs the lateness warning.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import loopingcall  # noqa: E402

calls = {'a': 0, 'b': 0}


def a():
    calls['a'] += 1
    log('a: call %d' % calls['a'])
    eventlet.sleep(0.25)


def b():
    calls['b'] += 1
    log('b: call %d' % calls['b'])
    eventlet.sleep(0.75 if calls['b'] == 2 else 0)
    if calls['b'] == 4:
        raise loopingcall.LoopingCallDone('b done')


def main():
    lc = loopingcall.FixedIntervalWithTimeoutLoopingCall(a)
    lc.start(interval=1, initial_delay=0.5, timeout=2)
    try:
        lc.wait()
    except loopingcall.LoopingCallTimeOut as e:
        log('main: a wait() raised %s' % exc_text(e))
    lc = loopingcall.FixedIntervalWithTimeoutLoopingCall(b)
    lc.start(interval=0.5, timeout=0)
    log('main: b wait() -> %s' % lc.wait())
    try:
        lc.start(interval=0.5, timeout=1)
        lc.start(interval=0.5)
    except RuntimeError as e:
        log('main: %s' % exc_text(e))
    lc.stop()
    log('main: b wait() after stop -> %s' % lc.wait())


run(main)
