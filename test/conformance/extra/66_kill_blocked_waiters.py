"""Killing green threads blocked in a queue, a semaphore, an event and another thread's wait (G-rules, S1, Q-rules).

A killed getter leaves the queue: the next put goes to the getter behind it.
A killed acquirer leaves the semaphore: the next release wakes the one behind it.
A thread killed with an exception instance gets that exception at its blocking call.
A thread waiting on another thread that is killed gets GreenletExit's result (None)
the GreenletExit raised from wait(), and a second kill of a dead thread does nothing.
Links run in the order they were added, before the thread counts as dead.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event, queue, semaphore  # noqa: E402


class Stop(Exception):
    pass


def getter(q, name):
    try:
        log('%s: got %s' % (name, q.get()))
    except BaseException as e:
        log('%s: %s' % (name, exc_text(e)))
        raise


def acquirer(sem, name):
    try:
        sem.acquire()
        log('%s: acquired, counter=%s' % (name, sem.counter))
    except BaseException as e:
        log('%s: %s' % (name, exc_text(e)))
        raise


def event_waiter(ev, name):
    try:
        log('%s: event %s' % (name, ev.wait()))
    except Stop as e:
        log('%s: caught %s' % (name, exc_text(e)))
        return 'stopped'


def sleeper():
    eventlet.sleep(10)
    return 'slept'


def thread_waiter(gt, name):
    log('%s: wait -> %s' % (name, gt.wait()))


def main():
    q = queue.Queue()
    g1 = eventlet.spawn(getter, q, 'g1')
    g2 = eventlet.spawn(getter, q, 'g2')
    eventlet.sleep(0.1)
    g1.kill()
    log('main: getting=%s' % q.getting())
    q.put('x')
    eventlet.sleep(0)
    log('main: g2 dead=%s' % g2.dead)

    sem = semaphore.Semaphore(0)
    a1 = eventlet.spawn(acquirer, sem, 'a1')
    a2 = eventlet.spawn(acquirer, sem, 'a2')
    eventlet.sleep(0.1)
    a1.kill()
    log('main: balance=%s' % sem.balance)
    sem.release()
    eventlet.sleep(0)
    log('main: counter=%s' % sem.counter)

    ev = event.Event()
    w = eventlet.spawn(event_waiter, ev, 'w')
    w.link(lambda gt: log('link 1: dead=%s' % gt.dead))
    w.link(lambda gt, tag: log('link 2: %s' % tag), 'tag')
    eventlet.sleep(0.1)
    w.kill(Stop('halt'))
    log('main: w result=%s' % w.wait())

    s = eventlet.spawn(sleeper)
    tw = eventlet.spawn(thread_waiter, s, 'tw')
    eventlet.sleep(0.1)
    s.kill()
    log('main: s dead=%s' % s.dead)
    eventlet.sleep(0)
    log('main: tw dead=%s' % tw.dead)
    s.kill()
    try:
        log('main: killed again, wait -> %s' % s.wait())
    except BaseException as e:
        log('main: killed again, wait raises %s' % exc_text(e))


run(main)
