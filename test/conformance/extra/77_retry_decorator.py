"""RetryDecorator: retries, sleep growth and the count that never resets.

Each call of the decorated function runs it in a DynamicLoopingCall.  An
exception of a listed type is retried after a sleep that grows by
inc_sleep_time each retry (capped at max_sleep_time) until the retry count
reaches max_retry_count; then it is raised to the caller, after the
looping call logged it as a failure.  The count and the sleep live on the
decorator and are not reset by a success, so a later call has fewer
retries left.  An exception of another type is not retried.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import loopingcall  # noqa: E402


class Flaky(Exception):
    pass


plan = []


@loopingcall.RetryDecorator(max_retry_count=3, inc_sleep_time=0.25,
                            max_sleep_time=0.5, exceptions=(Flaky,))
def fetch(tag):
    outcome = plan.pop(0)
    log('fetch %s: %s' % (tag, outcome))
    if outcome == 'flaky':
        raise Flaky(tag)
    if outcome == 'bad':
        raise ValueError(tag)
    return 'got ' + tag


def main():
    plan.extend(['flaky', 'flaky', 'ok'])
    log('main: first -> %s' % fetch('first'))
    plan.extend(['flaky', 'flaky', 'ok'])
    try:
        log('main: second -> %s' % fetch('second'))
    except Flaky as e:
        log('main: second raised %s' % exc_text(e))
    plan[:] = ['bad']
    try:
        fetch('third')
    except ValueError as e:
        log('main: third raised %s' % exc_text(e))
    eventlet.sleep(0)
    log('main: plan left %d' % len(plan))


run(main)
