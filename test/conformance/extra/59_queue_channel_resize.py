"""LightQueue(0) as a channel, Queue hand-off counting, resize (Q1-Q5).

A zero-size queue is both empty and full.  put() blocks until a getter
takes the item; the hand-off is done by an unlock pass that resumes the
getter before the putter.  get() waiting first: a put() hands the item
over in the next pass.  On a Queue every hand-off counts as an unfinished
task.  resize() growing a full queue lets a blocked putter finish; one
waiting putter and one waiting getter at most, so no set order shows.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import queue  # noqa: E402


def state(q):
    return 'qsize=%d empty=%s full=%s putting=%d getting=%d' % (
        q.qsize(), q.empty(), q.full(), q.putting(), q.getting())


def putter(q, item):
    log('p: put %s' % item)
    q.put(item)
    log('p: put %s done' % item)


def getter(q, name):
    log('%s: get' % name)
    log('%s: got %s' % (name, q.get()))


def main():
    ch = queue.LightQueue(0)
    log('channel: %s' % state(ch))
    eventlet.spawn_n(putter, ch, 'x')
    eventlet.sleep(1)
    log('main: %s' % state(ch))
    eventlet.spawn_n(getter, ch, 'g1')
    eventlet.sleep(1)
    log('main: %s' % state(ch))
    eventlet.spawn_n(getter, ch, 'g2')
    eventlet.sleep(1)
    log('main: put y')
    ch.put('y')
    log('main: put y returned, %s' % state(ch))
    eventlet.sleep(1)
    q = queue.Queue(0)
    eventlet.spawn_n(getter, q, 'g3')
    eventlet.sleep(0)
    q.put('z')
    log('main: put z on Queue(0), unfinished=%d' % q.unfinished_tasks)
    eventlet.sleep(1)
    q.task_done()
    log('main: after task_done, unfinished=%d' % q.unfinished_tasks)
    b = queue.Queue(1)
    b.put('a')
    eventlet.spawn_n(putter, b, 'b')
    eventlet.sleep(1)
    log('main: %s' % state(b))
    b.resize(2)
    log('main: resize(2), %s' % state(b))
    eventlet.sleep(0)
    log('main: %s' % state(b))
    b.resize(1)
    log('main: resize(1), %s' % state(b))
    log('main: get %s, %s' % (b.get(), state(b)))
    log('main: get %s, %s' % (b.get(), state(b)))
    u = queue.LightQueue(-3)
    u.put(1)
    u.put(2)
    log('LightQueue(-3): maxsize=%s %s' % (u.maxsize, state(u)))


run(main)
