"""Kills and blocking calls from hub context; links that block or raise; chained tracebacks (G8, G9, H13, H14, H9).

kill() called from a timer callback throws into the thread at once and returns without scheduling a resume:
a sleeping thread dies there, an unstarted one runs its links there. In hub context, sleep() fails with
"do not call blocking functions from the mainloop" while Event.wait, Semaphore.acquire and Queue.get fail
in hub.switch() with "Cannot switch to MAINLOOP from MAINLOOP"; calls that need not block work. A link may
block: the dying thread is not dead until its links are done, wait() has already returned to others, and
later links wait their turn. A link raising in a thread that failed is printed with the thread's error as its
context; `raise ... from` prints the cause first; a message's further lines are printed as they are.
unlink compares arguments with ==.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import event, greenthread, hubs, queue, semaphore  # noqa: E402


def sleeper(name):
    try:
        eventlet.sleep(5)
    except BaseException as e:
        log('%s: caught %s' % (name, exc_text(e)))
        raise
    return name


def work(name):
    log('%s: running' % name)
    return name


def report(gt, tag):
    try:
        log('link %s: wait -> %s' % (tag, gt.wait()))
    except BaseException as e:
        log('link %s: wait raises %s' % (tag, exc_text(e)))


def hub_kill(gt, tag):
    log('timer %s: kill from hub' % tag)
    greenthread.kill(gt)
    log('timer %s: kill returned, dead=%s' % (tag, gt.dead))


def attempt(tag, fn):
    try:
        log('timer %s: returned %s' % (tag, fn()))
    except BaseException as e:
        log('timer %s: raised %s' % (tag, exc_text(e)))


def body():
    eventlet.sleep(1)
    return 'r'


def slow_link(gt, tag):
    log('%s: link sleeping, dead=%s' % (tag, gt.dead))
    eventlet.sleep(1)
    log('%s: link woke, dead=%s' % (tag, gt.dead))


def failing():
    eventlet.sleep(0)
    raise ValueError('body failed')


def bad_link(gt):
    log('bad link: raising')
    raise KeyError('link')


def multiline():
    raise ValueError('first line\nsecond line')


def chained():
    try:
        raise KeyError('inner')
    except KeyError as e:
        raise ValueError('outer') from e


def noop(gt, a):
    log('noop %s' % (a,))


def main():
    hub = hubs.get_hub()
    a = eventlet.spawn(sleeper, 'a')
    a.link(report, 'a')
    hub.schedule_call_global(1, hub_kill, a, 'a')
    b = eventlet.spawn_after(2, work, 'b')
    b.link(report, 'b')
    hub.schedule_call_global(1.5, hub_kill, b, 'b')
    eventlet.sleep(3)

    ev = event.Event()
    sem = semaphore.Semaphore(0)
    free = semaphore.Semaphore(1)
    q = queue.Queue()
    hub.schedule_call_global(0, attempt, 'sleep', lambda: eventlet.sleep(1))
    hub.schedule_call_global(0, attempt, 'ev.wait', lambda: ev.wait())
    hub.schedule_call_global(0, attempt, 'sem.acquire', lambda: sem.acquire())
    hub.schedule_call_global(0, attempt, 'free.acquire', lambda: free.acquire())
    hub.schedule_call_global(0, attempt, 'q.get', lambda: q.get())
    hub.schedule_call_global(0, attempt, 'ev.send', lambda: ev.send('x'))
    eventlet.sleep(1)

    g = eventlet.spawn(body)
    g.link(slow_link, 'L1')
    g.link(lambda gt: log('L2: dead=%s' % gt.dead))
    log('main: wait -> %s' % g.wait())
    log('main: dead=%s' % g.dead)
    eventlet.sleep(2)
    log('main: dead=%s' % g.dead)

    f = eventlet.spawn(failing)
    f.link(bad_link)
    f.link(lambda gt: log('second link'))
    eventlet.sleep(1)
    try:
        f.wait()
    except Exception as e:
        log('main: wait raises %s' % exc_text(e))

    eventlet.spawn_n(multiline)
    c = eventlet.spawn(chained)
    eventlet.sleep(0)
    try:
        c.wait()
    except Exception as e:
        log('main: wait raises %s cause=%s' % (exc_text(e), exc_text(e.__cause__)))

    u = eventlet.spawn(lambda: 'q')
    u.link(noop, [1, 2])
    log('main: unlink equal list -> %s' % u.unlink(noop, [1, 2]))


run(main)
