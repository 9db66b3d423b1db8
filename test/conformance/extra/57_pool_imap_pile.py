"""GreenPool.imap/starmap and GreenPile: results in input order (P6, P2).

imap runs each item in its own thread, at most the pool size at once, and
gives results in input order whatever the completion order.  An item that
raises is printed by the hub when it dies and raised again when iteration
reaches it.  starmap(None, ...) gives back the argument tuples.  A GreenPile
blocks the spawner while its pool is full and returns results in spawn order.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def slow(name, delay):
    log('%s: start, sleep %s' % (name, delay))
    eventlet.sleep(delay)
    log('%s: done' % name)
    return name.upper()


def failing(name, delay):
    eventlet.sleep(delay)
    if name == 'c':
        log('c: raising')
        raise ValueError('bad item c')
    return name


def main():
    pool = eventlet.GreenPool(2)
    for r in pool.imap(slow, ['a', 'b', 'c'], [2, 1, 0.5]):
        log('main: imap -> %s' % r)
    try:
        for r in pool.imap(failing, ['a', 'b', 'c', 'd'], [1, 1, 0.5, 0.5]):
            log('main: imap2 -> %s' % r)
    except ValueError as e:
        log('main: imap2 raised %s' % exc_text(e))
    for x, y in pool.starmap(None, [(1, 'one'), (2, 'two')]):
        log('main: starmap(None) -> %s %s' % (x, y))
    pile = eventlet.GreenPile(2)
    for name, delay in [('p', 1), ('q', 0.5), ('r', 0.25)]:
        log('main: pile.spawn %s' % name)
        pile.spawn(slow, name, delay)
        log('main: pile.spawn %s returned' % name)
    for r in pile:
        log('main: pile -> %s' % r)
    log('main: done')


run(main)
