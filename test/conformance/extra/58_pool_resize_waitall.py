"""GreenPool.resize, negative free(), waitall (P4, P5).

Shrinking a full pool never kills: free() goes negative and a blocked
spawner waits until enough members finish.  Growing it adds slots to the
counter but does not wake a spawner already blocked: it is served only by
the next release.  waitall() with nothing running returns without
yielding; called from a member it raises AssertionError.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def member(name, delay):
    log('%s: start' % name)
    eventlet.sleep(delay)
    log('%s: done' % name)


def bad_member(pool):
    try:
        pool.waitall()
    except AssertionError as e:
        log('bad: %s' % exc_text(e))


def spawner(pool, name, delay):
    log('spawner: spawning %s, free=%d' % (name, pool.free()))
    pool.spawn(member, name, delay)
    log('spawner: spawned %s, free=%d' % (name, pool.free()))


def state(pool):
    return 'running=%d free=%d waiting=%d' % (pool.running(), pool.free(), pool.waiting())


def main():
    pool = eventlet.GreenPool(3)
    eventlet.spawn_n(log, 'other: ran')
    pool.waitall()
    log('main: waitall on idle pool returned without yielding')
    eventlet.sleep(0)
    pool.spawn(member, 'm1', 1)
    pool.spawn(member, 'm2', 2)
    pool.spawn(bad_member, pool)
    eventlet.sleep(0.5)
    log('main: %s' % state(pool))
    pool.resize(1)
    log('main: resize(1): %s' % state(pool))
    eventlet.spawn_n(spawner, pool, 'm3', 1)
    eventlet.sleep(1)
    log('main: %s' % state(pool))
    eventlet.sleep(1)
    log('main: %s' % state(pool))
    eventlet.sleep(0)
    log('main: %s' % state(pool))
    pool.spawn(member, 'm4', 2)
    eventlet.spawn_n(spawner, pool, 'm5', 1)
    eventlet.sleep(0.5)
    pool.resize(3)
    log('main: resize(3): %s' % state(pool))
    eventlet.sleep(1.5)
    log('main: %s' % state(pool))
    pool.waitall()
    log('main: waitall returned, %s' % state(pool))


run(main)
