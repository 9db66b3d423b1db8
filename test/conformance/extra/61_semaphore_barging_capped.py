"""Semaphore barging, BoundedSemaphore and CappedSemaphore (S2-S5).

After release() schedules the wake-up of a queued waiter, a non-blocking
acquire or a timed acquire in between takes the unit (barging); the woken
head finds the counter at 0 and keeps waiting.  BoundedSemaphore refuses
to go above its initial value.  CappedSemaphore blocks acquire at 0 and
release at its limit; release(blocking=False) answers False.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import semaphore  # noqa: E402


def waiter(sem, name):
    log('%s: acquire' % name)
    sem.acquire()
    log('%s: acquired' % name)


def barger(sem, name, kind):
    if kind == 'nonblocking':
        log('%s: acquire(blocking=False) -> %s' % (name, sem.acquire(blocking=False)))
    else:
        log('%s: acquire(timeout=1) -> %s' % (name, sem.acquire(timeout=1)))


def capped_releaser(c, name):
    log('%s: release' % name)
    c.release()
    log('%s: released, balance=%d' % (name, c.balance))


def capped_acquirer(c, name):
    log('%s: acquire' % name)
    c.acquire()
    log('%s: acquired, balance=%d' % (name, c.balance))


def main():
    s = semaphore.Semaphore(1)
    s.acquire()
    eventlet.spawn_n(waiter, s, 'w')
    eventlet.sleep(1)
    log('main: release, balance=%d' % s.balance)
    s.release()
    log('main: acquire(blocking=False) -> %s' % s.acquire(blocking=False))
    eventlet.sleep(0)
    log('main: counter=%d balance=%d' % (s.counter, s.balance))
    s.release()
    log('main: acquire(timeout=1) -> %s' % s.acquire(timeout=1))
    eventlet.sleep(0)
    log('main: counter=%d balance=%d' % (s.counter, s.balance))
    eventlet.spawn_n(barger, s, 'b1', 'nonblocking')
    s.release()
    eventlet.sleep(0)
    log('main: counter=%d balance=%d' % (s.counter, s.balance))
    eventlet.spawn_n(barger, s, 'b2', 'timed')
    s.release()
    eventlet.sleep(0)
    log('main: counter=%d balance=%d' % (s.counter, s.balance))
    s.release()
    eventlet.sleep(0)
    log('main: counter=%d balance=%d' % (s.counter, s.balance))
    bs = semaphore.BoundedSemaphore(1)
    bs.acquire()
    bs.release()
    try:
        bs.release()
    except ValueError as e:
        log('bounded: %s' % exc_text(e))
    c = semaphore.CappedSemaphore(1, 2)
    log('capped: balance=%d locked=%s' % (c.balance, c.locked()))
    log('capped: release(blocking=False) -> %s' % c.release(blocking=False))
    log('capped: release(blocking=False) -> %s, balance=%d' % (c.release(blocking=False), c.balance))
    eventlet.spawn_n(capped_releaser, c, 'r')
    eventlet.sleep(1)
    log('main: balance=%d' % c.balance)
    c.acquire()
    log('main: acquired, balance=%d' % c.balance)
    eventlet.sleep(0)
    log('main: balance=%d' % c.balance)
    c.acquire()
    c.acquire()
    log('main: acquired all, balance=%d locked=%s' % (c.balance, c.locked()))
    log('capped: acquire(blocking=False) -> %s' % c.acquire(blocking=False))
    eventlet.spawn_n(capped_acquirer, c, 'a')
    eventlet.sleep(1)
    log('main: balance=%d' % c.balance)
    c.release()
    log('main: released, balance=%d' % c.balance)
    eventlet.sleep(0)
    log('main: balance=%d' % c.balance)


run(main)
