"""What the hub prints, interleaved with the trace, in one pass (H9, G6-G8, P3).

Threads, links, a timer callback, spawn_n and a pool's spawn_n all raise at
the same virtual instant: each traceback is printed where its source runs,
a link raising in a failed thread with the thread's error as its context,
and a raising link stops the links after it. A kill with a custom exception
that escapes is printed after the victim's links.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402
import eventlet  # noqa: E402
from eventlet import event, greenpool, hubs  # noqa: E402


def bad(name, d):
    eventlet.sleep(d)
    log('%s: raising' % name)
    raise ValueError(name)


def good(name, d):
    eventlet.sleep(d)
    log('%s: ok' % name)
    return name


def bad_link(gt, tag):
    log('link %s: raising' % tag)
    raise KeyError(tag)


def main():
    hub = hubs.get_hub()
    ev = event.Event()
    g1 = eventlet.spawn(bad, 'g1', 1)
    g1.link(lambda gt: log('g1 link A'))
    g1.link(bad_link, 'g1-B')
    g1.link(lambda gt: log('g1 link C (never)'))
    g2 = eventlet.spawn(good, 'g2', 1)
    g2.link(bad_link, 'g2-A')
    g2.link(lambda gt: log('g2 link B (never)'))

    def tcb(tag):
        log('timer %s: sending and raising' % tag)
        ev.send(tag)
        raise RuntimeError('timer ' + tag)

    hub.schedule_call_global(1, tcb, 't1')
    eventlet.spawn_n(bad, 'n1', 1)
    pool = greenpool.GreenPool(2)
    pool.spawn_n(bad, 'pn1', 1)
    pool.spawn_n(good, 'pn2', 1)
    waiter = eventlet.spawn(lambda: log('waiter: ev -> %s' % ev.wait()))
    log('main: waiting on g2')
    log('main: g2 -> %s' % g2.wait())
    try:
        g1.wait()
    except ValueError as e:
        log('main: g1 -> %s' % exc_text(e))
    pool.waitall()
    log('main: pool free=%d' % pool.free())
    waiter.wait()
    # kill with a custom exception that escapes, plus one that is caught
    v = eventlet.spawn(good, 'v', 5)
    v.link(lambda gt: log('v link'))
    eventlet.sleep(0)
    v.kill(LookupError('killed v'))
    log('main: after kill v')
    try:
        v.wait()
    except LookupError as e:
        log('main: v -> %s' % exc_text(e))
    eventlet.sleep(0)
    log('main: done')


run(main)
