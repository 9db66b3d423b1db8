"""add_timer's positional initial_delay; add_timer_args and stop_on_exception.

add_timer(interval, callback, x) takes x as the initial delay, not as an
argument of the callback; add_timer_args passes args and kwargs and, with
stop_on_exception=False, logs a failing call and keeps the timer going.
add_dynamic_timer's positionals are initial_delay then
periodic_interval_max.  stop_timers(wait=True) waits for a callback in
progress, then empties the list.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import threadgroup  # noqa: E402

counts = {'flaky': 0}


def plain():
    log('plain: call')


def greet(who, punct='.'):
    log('greet: hello %s%s' % (who, punct))


def flaky(tag):
    counts['flaky'] += 1
    log('flaky %s: call %d' % (tag, counts['flaky']))
    if counts['flaky'] % 2 == 0:
        raise KeyError('even')
    eventlet.sleep(0.25)


def dyn():
    log('dyn: call')
    return 10


def main():
    tg = threadgroup.ThreadGroup()
    tg.add_timer(1, plain, 0.375)
    tg.add_timer_args(2, greet, ['bob'], {'punct': '!'}, initial_delay=0.5)
    tg.add_timer_args(0.5, flaky, ['t'], stop_on_exception=False)
    tg.add_dynamic_timer(dyn, 0.125, 0.75)
    log('main: timers=%d' % len(tg.timers))
    eventlet.sleep(2.625)
    log('main: stop_timers(wait=True)')
    tg.stop_timers(wait=True)
    log('main: stop_timers returned, timers=%d' % len(tg.timers))
    eventlet.sleep(2)
    log('main: done')


run(main)
