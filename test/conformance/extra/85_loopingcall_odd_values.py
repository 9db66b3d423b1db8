"""Looping-call errors that come from Python itself (O9, O14).

wait() before the first start() reads None.wait: AttributeError. A dynamic
looping call whose function returns a value that is not a number fails where
oslo compares it: with periodic_interval_max in min(delay, max), without one
where the sleep compares it with 0; the error is logged and wait() raises it.
True is Python's int 1: a one-second sleep.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

from oslo_service import loopingcall  # noqa: E402

calls = [0]


def poll():
    log('poll: returns %r' % '1')
    return '1'


def flag():
    calls[0] += 1
    log('flag: call %d' % calls[0])
    if calls[0] < 3:
        return True
    raise loopingcall.LoopingCallDone(calls[0])


def main():
    lc = loopingcall.FixedIntervalLoopingCall(poll)
    try:
        lc.wait()
    except AttributeError as e:
        log('wait before start: %s' % exc_text(e))
    for cap in (None, 2, 2.5):
        lc = loopingcall.DynamicLoopingCall(poll)
        lc.start(periodic_interval_max=cap)
        try:
            log('cap %s: -> %s' % (cap, lc.wait()))
        except Exception as e:
            log('cap %s: raised %s' % (cap, exc_text(e)))
    lc = loopingcall.DynamicLoopingCall(flag)
    lc.start(periodic_interval_max=5)
    log('flag: -> %s' % lc.wait())


run(main)
