"""A raw throw into a GreenThread that has not started (G5, G10).

greenlet.throw() into a greenlet that never ran kills it before its first
line: GreenThread.main never runs, so the exit event is never sent, the
links never run and wait() blocks for good, while dead is True. A
GreenletExit ends it quietly; another exception goes on to the parent, the
hub, which prints it. kill() differs (G10): it runs main's exit path itself.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import greenthread, hubs  # noqa: E402


def work(name):
    log('%s: running' % name)
    return name


def waits(gt, name):
    try:
        with eventlet.Timeout(1):
            log('main: %s.wait() -> %s' % (name, gt.wait()))
    except BaseException as e:
        log('main: %s.wait() raises %s' % (name, exc_text(e)))


def main():
    hub = hubs.get_hub()
    b = eventlet.spawn_after(1, work, 'b')
    b.link(lambda gt: log('link b'))
    hub.schedule_call_global(0.5, b.throw)
    c = eventlet.spawn_after(1, work, 'c')
    c.link(lambda gt: log('link c'))
    hub.schedule_call_global(0.5, c.throw, KeyError('thrown'))
    k = eventlet.spawn_after(1, work, 'k')
    k.link(lambda gt: log('link k'))
    hub.schedule_call_global(0.5, greenthread.kill, k)
    eventlet.sleep(2)
    log('main: dead b=%s c=%s k=%s' % (b.dead, c.dead, k.dead))
    waits(b, 'b')
    waits(c, 'c')
    waits(k, 'k')


run(main)
