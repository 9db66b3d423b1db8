"""GreenPool.spawn from a member of a full pool runs inline (P2, P3).

When the pool is full and the caller is itself one of the pool's threads,
spawn() runs the function in the caller and returns an already finished
GreenThread; an exception is raised in the caller.  With free slots it
spawns normally.  spawn_n on the pool prints an exception and frees the
slot.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def leaf(name):
    log('%s: running' % name)
    return name + '!'


def boom(name):
    log('%s: raising' % name)
    raise ValueError('leaf %s failed' % name)


def parent(pool, name):
    log('%s: free=%d' % (name, pool.free()))
    gt = pool.spawn(leaf, name + '.child')
    log('%s: spawn returned' % name)
    log('%s: child.wait() -> %s' % (name, gt.wait()))
    try:
        pool.spawn(boom, name + '.bad')
        log('%s: spawn of boom returned' % name)
    except ValueError as e:
        log('%s: spawn raised %s' % (name, exc_text(e)))


def main():
    pool = eventlet.GreenPool(1)
    pool.spawn(parent, pool, 'p1')
    pool.waitall()
    log('main: pool idle, free=%d' % pool.free())
    big = eventlet.GreenPool(3)
    big.spawn(parent, big, 'p2')
    big.waitall()
    log('main: big idle, free=%d' % big.free())
    pool.spawn_n(boom, 'n1')
    pool.spawn_n(leaf, 'n2')
    log('main: spawn_n n2 returned, free=%d' % pool.free())
    pool.waitall()
    log('main: done, free=%d' % pool.free())


run(main)
