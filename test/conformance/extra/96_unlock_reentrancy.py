"""A getter woken by a queue's unlock pass kills the putter it was paired with (Q2, Q3, G11).

On a channel and on a queue of size 1, the woken getter runs inside the
unlock pass and kills its putter before the putter has been resumed: the
item stays delivered, the putter's put raises GreenletExit.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402
import eventlet  # noqa: E402
from eventlet import queue  # noqa: E402

T = {}


class Stop(Exception):
    pass


def putter(q, name, item):
    try:
        q.put(item)
        log('%s: put %s returned' % (name, item))
        return 'ok'
    except Stop as e:
        log('%s: put %s interrupted by %s, qsize=%d' % (name, item, exc_text(e), q.qsize()))
        return 'stopped'


def getter(q, name, victim, exc):
    item = q.get()
    log('%s: got %s, killing %s' % (name, item, victim))
    T[victim].kill(exc)
    log('%s: kill returned, %s dead=%s' % (name, victim, T[victim].dead))
    item2 = q.get(timeout=0.5)
    log('%s: second get %s' % (name, item2))
    return item


def main():
    for maxsize, tag in ((0, 'chan'), (1, 'one')):
        q = queue.Queue(maxsize)
        if maxsize:
            q.put('pre')
        T['P'] = eventlet.spawn(putter, q, 'P-' + tag, 'x')
        eventlet.sleep(0.25)
        T['G'] = eventlet.spawn(getter, q, 'G-' + tag, 'P', Stop('halt'))
        T['P'].link(lambda gt: log('P link: putting=%d getting=%d' % (q.putting(), q.getting())))
        eventlet.sleep(0.125)
        log('main[%s]: P -> %s' % (tag, T['P'].wait()))
        try:
            log('main[%s]: G -> %s' % (tag, T['G'].wait()))
        except queue.Empty:
            log('main[%s]: G raised Empty' % tag)
        log('main[%s]: qsize=%d unfinished=%d putting=%d getting=%d'
            % (tag, q.qsize(), q.unfinished_tasks, q.putting(), q.getting()))
        eventlet.sleep(1)


run(main)
