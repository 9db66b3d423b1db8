"""Negative sleeps and sleep(0) fairness with spawns inside a pass (G3, H1, H7).

sleep(-s) is a timer already due s seconds ago: it costs one pass like
sleep(0), but in that next pass it fires before the 0-timers scheduled
with it (deadlines are compared, then scheduling order).  A thread spawned
inside a pass starts in the next pass, after timers scheduled before its
spawn.  The clock does not move.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def child(name):
    log('%s: started' % name)
    eventlet.sleep(0)
    log('%s: after sleep(0)' % name)


def a():
    log('a: spawn a1, sleep(0)')
    eventlet.spawn(child, 'a1')
    eventlet.sleep(0)
    log('a: back')


def b():
    log('b: sleep(-1)')
    eventlet.sleep(-1)
    log('b: back')


def c():
    log('c: sleep(-0.5)')
    eventlet.sleep(-0.5)
    log('c: back')


def main():
    eventlet.spawn(a)
    eventlet.spawn(b)
    eventlet.spawn(c)
    log('main: sleep(0)')
    eventlet.sleep(0)
    log('main: back, sleep(1)')
    eventlet.sleep(1)
    eventlet.spawn(child, 'late')
    eventlet.spawn_n(log, 'n: ran')
    log('main: sleep(-5)')
    eventlet.sleep(-5)
    log('main: back from sleep(-5)')
    eventlet.sleep(0)
    log('main: back from sleep(0)')
    eventlet.sleep(0)
    log('main: done')


run(main)
