"""Where eventlet's primitives follow Python's own value rules (Q1, Q3, Q5, E4, P1, P3, P4, S1).

PriorityQueue orders items with heapq, so tuples are compared as Python compares them: equal elements are
skipped, a tie on the priority with equal payloads never compares them, and only unequal elements that Python
cannot order raise TypeError. A negative timeout on a queue call that has to wait is a Timeout already due:
Empty or Full after one pass. resize() keeps a negative size as given, so the queue stays full and a blocked
putter stays blocked. send_exception() with no argument still holds an exception: waits raise GreenletExit.
Sizes of Semaphore and GreenPool go through int(); GreenPool.resize takes any number. A pool member running
spawn_n inline in its own full pool never sees what the function raised, GreenletExit included.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event, greenpool, queue, semaphore  # noqa: E402
from greenlet import GreenletExit  # noqa: E402


def attempt(label, fn):
    try:
        log('%s -> %s' % (label, fn()))
    except Exception as e:
        log('%s -> %s' % (label, exc_text(e)))


def priorities():
    q = queue.PriorityQueue()
    for item in [(2, None), (1, None), (1, None), (0, 'z')]:
        q.put(item)
    log('pq: qsize=%d' % q.qsize())
    while not q.empty():
        log('pq: get %r' % (q.get(),))
    try:
        q.put((1, None))
        q.put((1, 2))
    except TypeError as e:
        log('pq: put (1, 2): %s' % exc_text(e))


def negative_timeouts():
    q = queue.Queue()
    try:
        q.get(timeout=-1)
    except queue.Empty as e:
        log('get(timeout=-1): %s' % exc_text(e))
    q2 = queue.Queue(1)
    q2.put('x', timeout=-1)
    try:
        q2.put('y', timeout=-0.5)
    except queue.Full as e:
        log('put(timeout=-0.5): %s qsize=%d' % (exc_text(e), q2.qsize()))


def putter(q, item):
    q.put(item)
    log('putter: %s in' % item)


def resize_negative():
    q = queue.LightQueue(1)
    q.put('a')
    eventlet.spawn_n(putter, q, 'b')
    eventlet.sleep(1)
    q.resize(-1)
    log('resize(-1): maxsize=%s full=%s putting=%d' % (q.maxsize, q.full(), q.putting()))
    log('get -> %s' % q.get())
    eventlet.sleep(1)
    log('after a get: qsize=%d putting=%d' % (q.qsize(), q.putting()))
    q.resize(None)
    eventlet.sleep(0)
    log('resize(None): qsize=%d putting=%d' % (q.qsize(), q.putting()))


def event_without_args():
    e = event.Event()
    e.send_exception()
    log('send_exception(): has_exception=%s has_result=%s' % (e.has_exception(), e.has_result()))
    try:
        e.wait()
    except GreenletExit as ex:
        log('wait raised %s' % exc_text(ex))


def child(kind):
    log('child %s: raising' % kind)
    if kind == 'exit':
        raise GreenletExit('bye')
    raise ValueError('bad')


def member(pool, kind):
    try:
        pool.spawn_n(child, kind)
        log('member: spawn_n(%s) returned' % kind)
    except BaseException as e:
        log('member: spawn_n(%s) raised %s' % (kind, exc_text(e)))


def sizes():
    attempt('Semaphore(2.5).counter', lambda: semaphore.Semaphore(2.5).counter)
    attempt("Semaphore('x')", lambda: semaphore.Semaphore('x'))
    attempt('GreenPool(1.5).size', lambda: greenpool.GreenPool(1.5).size)
    attempt('GreenPool(-1)', lambda: greenpool.GreenPool(-1))
    attempt('LightQueue(2.5).maxsize', lambda: queue.LightQueue(2.5).maxsize)
    attempt('LightQueue(-3).maxsize', lambda: queue.LightQueue(-3).maxsize)
    pool = greenpool.GreenPool(2)
    pool.resize(-1)
    log('resize(-1): size=%d free=%d' % (pool.size, pool.free()))


def main():
    priorities()
    negative_timeouts()
    resize_negative()
    event_without_args()
    pool = greenpool.GreenPool(1)
    for kind in ('exit', 'value'):
        pool.spawn(member, pool, kind)
        pool.waitall()
    log('pool: running=%d free=%d' % (pool.running(), pool.free()))
    sizes()


run(main)
