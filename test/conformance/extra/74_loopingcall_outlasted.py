"""FixedIntervalLoopingCall lateness: "run outlasted interval" and no catch-up.

Only the call itself is timed.  When it takes longer than the interval the
loop logs a WARNING with the overrun rounded to two decimals (Python's
round(), halves to even on the binary value) and starts the next call at
once; otherwise it sleeps what is left of the interval.  There is no
catching up on the lost time.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import loopingcall  # noqa: E402

durations = [0.375, 0.125, 0.625, 0.25, 1.125, 0]
calls = [0]


def task():
    d = durations[calls[0]]
    calls[0] += 1
    log('task: call %d takes %s' % (calls[0], d))
    eventlet.sleep(d)
    if calls[0] == len(durations):
        raise loopingcall.LoopingCallDone(calls[0])


def main():
    lc = loopingcall.FixedIntervalLoopingCall(task)
    lc.start(interval=0.25)
    log('main: wait() -> %s' % lc.wait())


run(main)
