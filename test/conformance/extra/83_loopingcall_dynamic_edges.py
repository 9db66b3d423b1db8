"""DynamicLoopingCall edge values: 0, negative, cap, stop_on_exception=False.

A returned 0 still costs a hub pass before the next call.  A negative value
makes the abortable sleep raise ValueError ("Duration must be greater or
equal to zero ..."), which ends the loop as a failure even with
stop_on_exception=False, since it is not raised by the function.  A value
above periodic_interval_max is capped, None means the cap.  With
stop_on_exception=False a failing call is logged and counts as a returned
0.  add_dynamic_timer_args passes arguments through.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import loopingcall  # noqa: E402
from oslo_service import threadgroup  # noqa: E402

plan = [0, -1, 0, 5, 'fail', 0.25, None, 'done']
calls = [0]


def step(tag):
    calls[0] += 1
    what = plan.pop(0)
    log('%s: call %d -> %s' % (tag, calls[0], what))
    if what == 'fail':
        raise LookupError('step failed')
    if what == 'done':
        raise loopingcall.LoopingCallDone('finished')
    return what


def other():
    for _ in range(4):
        log('other: pass')
        eventlet.sleep(0)


def main():
    eventlet.spawn_n(other)
    tg = threadgroup.ThreadGroup()
    timer = tg.add_dynamic_timer_args(step, ['dyn'], periodic_interval_max=0.5,
                                      stop_on_exception=False)
    try:
        timer.wait()
    except ValueError as e:
        log('main: wait() raised %s' % exc_text(e))
    timer = tg.add_dynamic_timer_args(step, ['dyn2'], periodic_interval_max=0.5,
                                      stop_on_exception=False)
    log('main: wait() -> %s' % timer.wait())


run(main)
