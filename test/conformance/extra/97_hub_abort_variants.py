"""hub.abort() from main, a thread and a timer callback, with and without wait (H17, H13, H9).

abort() before the hub runs does nothing. From main with timers pending, the
current pass finishes, wait included, and main returns from its blocking
call; the timers are discarded. From a thread while main waits on an Event or
a Queue, main gets None; with wait the aborting thread is abandoned. From a
timer callback, abort() ends the loop after the pass; abort(wait=True) there
fails with "Can't abort with wait from inside the hub's greenlet." (printed),
the loop still ending.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402
import eventlet  # noqa: E402
from eventlet import hubs, event, queue  # noqa: E402


def sleeper(name, d):
    log('%s: sleep %s' % (name, d))
    eventlet.sleep(d)
    log('%s: woke' % name)


def tick(name):
    log('timer %s' % name)


def aborter(d, wait):
    eventlet.sleep(d)
    log('aborter: abort(wait=%s)' % wait)
    hubs.get_hub().abort(wait)
    log('aborter: after abort, sleep 0.25')
    eventlet.sleep(0.25)
    log('aborter: woke (after abort)')


def timer_abort(wait):
    log('timer: abort(wait=%s)' % wait)
    hubs.get_hub().abort(wait)
    log('timer: abort returned')


def attempt(name, fn):
    try:
        r = fn()
        log('main: %s returned %r' % (name, r))
    except BaseException as e:
        log('main: %s raised %s' % (name, exc_text(e)))


def main():
    hub = hubs.get_hub()
    log('main: abort() before the hub runs, running=%s' % hub.running)
    hub.abort()
    hub.schedule_call_global(0.5, tick, 'a')
    attempt('sleep(1)', lambda: eventlet.sleep(1))
    # (b) abort(wait=False) from main while running, timers pending
    eventlet.spawn_n(sleeper, 'x', 2)
    hub.schedule_call_global(0.5, tick, 'b')
    eventlet.sleep(0)
    log('main: running=%s; abort()' % hub.running)
    hub.abort()
    attempt('sleep(5)', lambda: eventlet.sleep(5))
    log('main: running=%s timers=%d' % (hub.running, len(hub.timers) + len(hub.next_timers)))
    # (c) abort(False) from a thread while main in ev.wait
    ev = event.Event()
    eventlet.spawn(aborter, 1, False)
    eventlet.spawn_n(sleeper, 'y', 3)
    attempt('ev.wait', ev.wait)
    # (d) abort(True) from a thread while main in q.get
    q = queue.Queue()
    eventlet.spawn(aborter, 1, True)
    eventlet.spawn_n(sleeper, 'z', 3)
    attempt('q.get', q.get)
    log('main: q.getting=%d' % q.getting())
    # (e) abort from a timer callback, wait False then True
    hub.schedule_call_global(1, timer_abort, False)
    hub.schedule_call_global(1, tick, 'c')
    hub.schedule_call_global(1.5, tick, 'd (discarded?)')
    attempt('sleep(3)', lambda: eventlet.sleep(3))
    hub.schedule_call_global(1, timer_abort, True)
    hub.schedule_call_global(1, tick, 'e')
    hub.schedule_call_global(1.5, tick, 'f (discarded?)')
    attempt('sleep(3) #2', lambda: eventlet.sleep(3))
    attempt('sleep(1) fresh', lambda: eventlet.sleep(1))
    log('main: done')


run(main)
