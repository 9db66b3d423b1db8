"""A Timeout left pending when its thread returns, and a link that blocks (T1, G8).

A thread that returns with its Timeout still armed is not dead while a link
of it blocks on an Event: the Timeout fires into that link, which raises it;
later links do not run. A second thread's Timeout fires into a dead thread
and does nothing. Sending the Event later wakes no one.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402
import eventlet  # noqa: E402
from eventlet import timeout, event  # noqa: E402


def leaky(name, d, ev):
    t = timeout.Timeout(1)
    log('%s: armed Timeout(1), sleeping %s' % (name, d))
    eventlet.sleep(d)
    log('%s: returning with timeout pending=%s' % (name, t.pending))
    return name


def slow_link(gt, tag, ev):
    log('link %s: start, waiting on event' % tag)
    try:
        v = ev.wait()
        log('link %s: event -> %s' % (tag, v))
    except BaseException as e:
        log('link %s: %s' % (tag, exc_text(e)))
        raise


def main():
    ev = event.Event()
    a = eventlet.spawn(leaky, 'a', 0.5, ev)
    a.link(slow_link, 'a1', ev)
    a.link(lambda gt: log('link a2 (after slow link)'))
    b = eventlet.spawn(leaky, 'b', 0.25, ev)
    b.link(lambda gt: log('link b1 quick'))
    log('main: a -> %s' % a.wait())
    log('main: b -> %s dead=%s' % (b.wait(), b.dead))
    eventlet.sleep(1)
    log('main: a dead=%s b dead=%s' % (a.dead, b.dead))
    ev.send('late')
    eventlet.sleep(0)
    log('main: done')


run(main)
