"""ThreadGroup.wait(): errors logged, GreenletExit swallowed, timers first.

wait() waits for the timers, then for the threads.  A timer that ends with
an exception is logged "Error waiting on timer."; a thread killed while
wait() waits on it raises GreenletExit there, which is swallowed; a thread
that raises while waited on is logged "Error waiting on thread." after the
hub's traceback; a thread that failed before wait() began has already left
the group and shows only in the traceback.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_service import threadgroup  # noqa: E402


def early():
    log('early: raising')
    raise ValueError('early')


def sleeper(name, secs, fail=False):
    log('%s: start' % name)
    eventlet.sleep(secs)
    if fail:
        log('%s: raising' % name)
        raise RuntimeError(name)
    log('%s: end' % name)


def bad_tick():
    log('timer: tick')
    raise OSError('tick broke')


def killer(th, at):
    eventlet.sleep(at)
    log('killer: kill')
    th.stop()
    log('killer: done')


def main():
    tg = threadgroup.ThreadGroup()
    tg.add_timer(0.5, bad_tick, 0.25)
    tg.add_thread(early)
    victim = tg.add_thread(sleeper, 'victim', 5)
    tg.add_thread(sleeper, 'late', 1.5, True)
    tg.add_thread(sleeper, 'ok', 2)
    eventlet.spawn_n(killer, victim, 1)
    log('main: wait, threads=%d timers=%d' % (len(tg.threads), len(tg.timers)))
    tg.wait()
    log('main: wait returned, threads=%d timers=%d'
        % (len(tg.threads), len(tg.timers)))


run(main)
