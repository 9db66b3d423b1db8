"""hub.abort(wait=True) from main (H17).

The current pass finishes, including its wait (the clock jumps to the next
deadline without firing it), then the loop ends, discarding every timer,
and main continues.  Sleeping threads are never resumed.  A later blocking
call starts a fresh loop with an empty heap, in which new threads run.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
import eventlet.hubs  # noqa: E402


def sleeper(name, delay):
    log('%s: sleep %s' % (name, delay))
    eventlet.sleep(delay)
    log('%s: woke (not expected)' % name)


def main():
    eventlet.spawn_n(sleeper, 'x', 2)
    eventlet.spawn_n(sleeper, 'y', 3)
    eventlet.sleep(1)
    log('main: abort(wait=True)')
    eventlet.hubs.get_hub().abort(wait=True)
    log('main: back after abort')
    eventlet.spawn_n(log, 'z: ran')
    eventlet.sleep(1)
    log('main: slept 1 on a fresh loop')
    eventlet.sleep(3)
    log('main: done')


run(main)
