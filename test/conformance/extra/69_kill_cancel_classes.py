"""Cancel and kill of delayed and running threads; kill with an exception class (G9, G10, G12, G8).

cancel() of a spawn_after thread before it starts wakes its waiter with GreenletExit (one waiter: an
Event's waiters are a set, D2); cancel() of a started thread does nothing. kill() with an exception
instance or class raises it in the victim (a class is instantiated, as greenlet.throw does), the hub
prints it and wait() re-raises it. A link added after death runs at once with its arguments;
spawn_after_local runs when its owner is alive.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import greenthread  # noqa: E402


class Custom(Exception):
    pass

def body(n, name):
    try:
        eventlet.sleep(n)
        log('%s: woke' % name)
        return name
    except BaseException as e:
        log('%s: %s' % (name, exc_text(e)))
        raise

def waiter(gt, name):
    try:
        log('%s: wait -> %s' % (name, gt.wait()))
    except BaseException as e:
        log('%s: wait raised %s' % (name, exc_text(e)))

def main():
    a = eventlet.spawn_after(0.5, body, 0.1, 'a')
    eventlet.spawn(waiter, a, 'w1')
    eventlet.sleep(0.2)
    a.cancel()
    log('main: a cancelled, dead=%s' % a.dead)
    eventlet.sleep(0.5)
    b = eventlet.spawn_after(0.1, body, 1, 'b')
    eventlet.spawn(waiter, b, 'w3')
    eventlet.sleep(0.3)
    b.cancel()
    log('main: cancel of started b, dead=%s' % b.dead)
    b.kill(Custom('stop b'))
    log('main: b killed with Custom, dead=%s' % b.dead)
    eventlet.sleep(0)
    c = eventlet.spawn(body, 1, 'c')
    eventlet.sleep(0)
    c.kill(Custom)
    log('main: c killed with class')
    eventlet.sleep(0)
    try:
        c.wait()
    except BaseException as e:
        log('main: c wait raised %s' % exc_text(e))
    d = eventlet.spawn(body, 0.1, 'd')
    eventlet.spawn(waiter, d, 'w4')
    eventlet.sleep(1)
    log('main: late link')
    d.link(lambda gt, x, y=None: log('late link %s %s' % (x, y)), 1, 2)
    greenthread.spawn_after_local(0.1, body, 0, 'local')
    log('main: local pending')
    eventlet.sleep(0.2)
    log('main: done')
run(main)
