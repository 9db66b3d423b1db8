"""Event states and exceptions, GreenPile order (E1-E4, P-rules).

A fresh event is neither ready nor holding a result or an exception; poll() returns its default. send()
with no value sends None. send_exception() with an instance raises it from poll() and wait(); with a class
each raise makes an instance, as greenlet.throw does, for a waiter already blocked too. wait(timeout) on a
fresh event returns None. A GreenPile yields results in spawn order and raises a job's error when it is
reached (the hub prints it when the job dies).
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event, greenpool  # noqa: E402


def job(n):
    eventlet.sleep(n)
    if n == 0.3:
        raise KeyError('k%s' % n)
    return n

def blocked(ev):
    try:
        ev.wait()
    except Exception as e:
        log('blocked waiter raised %s' % exc_text(e))


def main():
    ev = event.Event()
    log('fresh: ready=%s has_result=%s has_exception=%s poll=%s' % (ev.ready(), ev.has_result(), ev.has_exception(), ev.poll('dflt')))
    ev.send()
    log('sent None: ready=%s has_result=%s wait=%s' % (ev.ready(), ev.has_result(), ev.wait()))
    e2 = event.Event()
    e2.send_exception(ValueError('bad'))
    log('exc: ready=%s has_result=%s has_exception=%s' % (e2.ready(), e2.has_result(), e2.has_exception()))
    try:
        e2.poll()
    except Exception as e:
        log('poll raised %s' % exc_text(e))
    try:
        e2.wait(timeout=1)
    except Exception as e:
        log('wait raised %s' % exc_text(e))
    e3 = event.Event()
    e3.send_exception(KeyError)
    try:
        e3.wait()
    except Exception as e:
        log('class exc wait raised %s' % exc_text(e))
    try:
        e3.poll()
    except Exception as e:
        log('class exc poll raised %s' % exc_text(e))
    e5 = event.Event()
    eventlet.spawn(blocked, e5)
    eventlet.sleep(0.1)
    e5.send_exception(KeyError)
    eventlet.sleep(0)
    e4 = event.Event()
    log('wait timeout on fresh -> %s' % e4.wait(0.2))
    pile = greenpool.GreenPile(2)
    for n in (0.2, 0.1, 0.3, 0.05):
        pile.spawn(job, n)
    log('pile: spawned 4')
    try:
        for r in pile:
            log('pile -> %s' % r)
    except Exception as e:
        log('pile raised %s' % exc_text(e))
    eventlet.sleep(1)
run(main)
