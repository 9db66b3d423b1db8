"""spawn_after_local: a local timer that dies with its spawner (G2, H3).

spawn_after_local(s, f) starts f after s seconds only if the thread that
called it is still alive then; otherwise the thread never starts and its
wait() blocks forever (here cut short by a Timeout).  spawn_after uses a
global timer and starts its thread even after the spawner died.  Both
return a GreenThread at once without yielding.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from eventlet import greenthread  # noqa: E402


def job(name):
    log('%s: started' % name)
    return name


def spawner(box, wait_first):
    box.append(greenthread.spawn_after_local(1, job, 'local'))
    box.append(greenthread.spawn_after(1, job, 'global'))
    log('spawner: scheduled two')
    if wait_first:
        eventlet.sleep(2)
    log('spawner: exiting')


def main():
    box = []
    eventlet.spawn(spawner, box, False)
    eventlet.sleep(0.5)
    local, glob = box
    eventlet.sleep(1)
    log('main: global.wait() -> %s' % glob.wait())
    try:
        with eventlet.Timeout(2):
            local.wait()
        log('main: local.wait() returned (not expected)')
    except eventlet.Timeout:
        log('main: local.wait() still blocked after 2 s, dead=%s' % local.dead)
    box = []
    eventlet.spawn(spawner, box, True)
    eventlet.sleep(0.5)
    local, glob = box
    log('main: local.wait() -> %s' % local.wait())
    log('main: global.wait() -> %s' % glob.wait())


run(main)
