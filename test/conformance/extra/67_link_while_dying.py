"""Links run while the thread is dying, not dead (G6, G8, G10).

Links run inside the green thread's main, after the result went to the exit
event: the thread is not dead yet, whether it returned, raised or was killed
while blocked. A thread killed before it started runs its links in the killer
while it is neither started nor dead; a link that raises there is discarded
with the links after it, and the kill returns normally. A link that raises in
a finishing thread is printed and stops the links after it.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402


def body(result='r'):
    eventlet.sleep(1)
    return result


def failing():
    eventlet.sleep(1)
    raise ValueError('body failed')


def report(gt, tag):
    log('%s: dead=%s started=%s' % (tag, gt.dead, bool(gt)))


def bad(gt, tag):
    log('%s: raising, dead=%s' % (tag, gt.dead))
    raise KeyError(tag)


def main():
    a = eventlet.spawn(body)
    a.link(report, 'a returns')
    f = eventlet.spawn(failing)
    f.link(report, 'f raises')
    k = eventlet.spawn(body)
    k.link(report, 'k killed while blocked')
    eventlet.sleep(0.5)
    k.kill()
    log('main: k dead=%s' % k.dead)
    eventlet.sleep(1)
    log('main: a dead=%s f dead=%s' % (a.dead, f.dead))

    u = eventlet.spawn(body)
    u.link(report, 'u killed unstarted')
    u.link(bad, 'u bad')
    u.link(report, 'u after bad')
    u.kill()
    log('main: u killed, dead=%s' % u.dead)
    try:
        log('main: u wait -> %s' % u.wait())
    except BaseException as e:
        log('main: u wait raises %s' % exc_text(e))

    b = eventlet.spawn(body)
    b.link(bad, 'b bad')
    b.link(report, 'b after bad')
    eventlet.sleep(2)
    log('main: b dead=%s wait -> %s' % (b.dead, b.wait()))


run(main)
