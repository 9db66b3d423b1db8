"""A Timeout outliving its thread, and a raising link (T2, G8, H9).

A Timeout that is never cancelled fires even after the thread that made it
has finished; it is thrown into a dead thread.  A Timeout left pending
fires at the creator's next suspension, after the block it guarded.  A link
that raises is printed as a traceback and the links after it do not run;
wait() still gives the thread's result.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet.timeout import Timeout  # noqa: E402


def leaver():
    Timeout(1)
    log('leaver: returning with a pending Timeout')
    return 'left'


def forgetful():
    t = Timeout(1)
    log('forgetful: made Timeout(1), pending=%s' % t.pending)
    try:
        eventlet.sleep(2)
    except Timeout as e:
        log('forgetful: caught %s' % (e is t))
    Timeout(0.5)
    log('forgetful: sleep 1 with another stray Timeout(0.5)')
    try:
        eventlet.sleep(1)
    except Timeout:
        log('forgetful: stray Timeout fired in a later sleep')


def bad_link(gt):
    log('bad_link: raising')
    raise ValueError('link broke')


def good_link(gt):
    log('good_link: ran (not expected)')


def main():
    lv = eventlet.spawn(leaver)
    eventlet.sleep(2)
    log('main: leaver.wait() -> %s' % lv.wait())
    f = eventlet.spawn(forgetful)
    f.wait()
    log('main: forgetful done')
    g = eventlet.spawn(lambda: 'g result')
    g.link(bad_link)
    g.link(good_link)
    eventlet.sleep(1)
    log('main: g.wait() -> %s' % g.wait())


run(main)
