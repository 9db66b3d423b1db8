"""Event inspection: has_result, has_exception, poll, poll_result, poll_exception, reset (E4, E5).

poll(notready) returns the result when sent, raises a sent exception, else
returns notready; poll_result/poll_exception only answer for their kind.
reset() of a fresh event fails; of a sent event it makes it unsent, and
a waiter woken by the send before the reset still gets the sent value.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event  # noqa: E402


def state(ev):
    return 'ready=%s has_result=%s has_exception=%s' % (
        ev.ready(), ev.has_result(), ev.has_exception())


def try_call(label, fn, *args):
    try:
        log('%s -> %s' % (label, fn(*args)))
    except BaseException as e:
        log('%s raised %s' % (label, exc_text(e)))


def waiter(ev, name):
    log('%s: waiting' % name)
    try:
        log('%s: got %s' % (name, ev.wait()))
    except ValueError as e:
        log('%s: raised %s' % (name, exc_text(e)))


def main():
    ev = event.Event()
    log('fresh: %s' % state(ev))
    try_call('fresh poll()', ev.poll)
    try_call('fresh poll(nope)', ev.poll, 'nope')
    try_call('fresh poll_result(nope)', ev.poll_result, 'nope')
    try_call('fresh reset()', ev.reset)
    ev.send('v1')
    log('sent: %s' % state(ev))
    try_call('poll()', ev.poll)
    try_call('poll_result(nope)', ev.poll_result, 'nope')
    try_call('poll_exception(nope)', ev.poll_exception, 'nope')
    ev.reset()
    log('reset: %s' % state(ev))
    ev.send_exception(ValueError('boom'))
    log('exception sent: %s' % state(ev))
    try_call('poll(nope)', ev.poll, 'nope')
    try_call('poll_result(nope)', ev.poll_result, 'nope')
    try_call('poll_exception(nope)', ev.poll_exception, 'nope')
    ev.reset()
    eventlet.spawn_n(waiter, ev, 'w1')
    eventlet.sleep(1)
    ev.send('v2')
    ev.reset()
    log('main: sent v2 and reset at once: %s' % state(ev))
    eventlet.sleep(0)
    eventlet.spawn_n(waiter, ev, 'w2')
    eventlet.sleep(1)
    ev.send(exc=ValueError('via exc'))
    log('main: %s' % state(ev))
    eventlet.sleep(0)
    try_call('wait() on exception event', lambda: ev.wait())


run(main)
