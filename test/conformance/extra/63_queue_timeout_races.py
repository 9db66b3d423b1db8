"""Queue waits racing with their timeouts and with kills (Q2, Q3, T2, G11).

An item put in the same pass as a getter's timeout expires is not handed
to the getter: the put only schedules the unlock for the next pass, the
timeout fires first, get() raises Empty and the item stays queued.  A
getter killed before the unlock pass loses nothing either.  A timed put on
a full queue raises Full after the timeout and the item is not added.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import queue  # noqa: E402


def getter(q, name, timeout):
    log('%s: get(timeout=%s)' % (name, timeout))
    try:
        log('%s: got %s' % (name, q.get(timeout=timeout)))
    except queue.Empty:
        log('%s: Empty, qsize=%d' % (name, q.qsize()))
    except BaseException as e:
        log('%s: %s' % (name, exc_text(e)))
        raise


def main():
    q = queue.Queue()
    eventlet.sleep(0)
    eventlet.spawn_n(getter, q, 'g1', 1)
    eventlet.sleep(0)
    eventlet.sleep(1)
    log('main: put a as g1 times out')
    q.put('a')
    eventlet.sleep(0)
    log('main: qsize=%d getting=%d' % (q.qsize(), q.getting()))
    log('main: get -> %s' % q.get())
    g2 = eventlet.spawn(getter, q, 'g2', None)
    eventlet.sleep(1)
    q.put('b')
    log('main: put b, kill g2 before the unlock pass')
    g2.kill()
    log('main: qsize=%d getting=%d' % (q.qsize(), q.getting()))
    eventlet.sleep(0)
    log('main: qsize=%d get -> %s' % (q.qsize(), q.get()))
    f = queue.Queue(1)
    f.put('x')
    try:
        f.put('y', timeout=0.5)
    except queue.Full:
        log('main: put(timeout=0.5) raised Full, qsize=%d putting=%d' % (f.qsize(), f.putting()))


run(main)
