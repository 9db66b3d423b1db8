"""kill() and cancel() of threads that never started (G10, G12, G9).

Killing a spawned thread before it starts: its function never runs, its
links run synchronously inside kill() in the killer, before the killer
yields; the killer still yields once and resumes after the other 0-timers
already due.  wait() raises GreenletExit.  The same for a spawn_after
thread whose timer has not fired and for cancel().  Killing a dead thread
returns at once without yielding; a link added after death runs at once.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def work(name):
    log('%s: running (not expected)' % name)
    return name


def on_exit(gt, name):
    try:
        gt.wait()
        log('link %s: returned' % name)
    except BaseException as e:
        log('link %s: %s' % (name, exc_text(e)))


def main():
    a = eventlet.spawn(work, 'a')
    a.link(on_exit, 'a')
    eventlet.spawn_n(log, 'other: ran')
    log('main: kill a')
    a.kill()
    log('main: kill a returned, dead=%s' % a.dead)
    try:
        a.wait()
    except BaseException as e:
        log('main: a.wait() raised %s' % exc_text(e))
    a.link(on_exit, 'a-late')
    eventlet.spawn_n(log, 'other2: ran')
    a.kill()
    log('main: second kill of a returned without yielding')
    eventlet.sleep(0)
    b = eventlet.spawn_after(1, work, 'b')
    b.link(on_exit, 'b')
    eventlet.sleep(0.5)
    log('main: kill b (timer pending)')
    eventlet.kill(b)
    log('main: kill b returned')
    eventlet.sleep(1)
    try:
        b.wait()
    except BaseException as e:
        log('main: b.wait() raised %s' % exc_text(e))
    c = eventlet.spawn(work, 'c')
    c.link(on_exit, 'c')
    eventlet.spawn_n(log, 'other3: ran')
    log('main: cancel c')
    c.cancel()
    log('main: cancel c returned')
    try:
        c.wait()
    except BaseException as e:
        log('main: c.wait() raised %s' % exc_text(e))


run(main)
