"""Periodic tasks added mid-pass or on another instance; ThreadGroup removals (O3, O6, O17, O18).

run_periodic_tasks walks the class's live list, so a task that a running task adds runs in the same pass.
add_periodic_task puts the task in the class's list but stamps only the calling instance, so an instance made
before it fails with KeyError when its pass reaches the task. periodic_task(ticks_between_runs=...) raises
InvalidPeriodicTaskArg with a keyword argument, which Exception refuses: TypeError. timer_done and
thread_done of an element no longer in the group raise list.remove's ValueError; a thread removed by hand
raises it from its own link when it finishes.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import eventlet  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import periodic_task, threadgroup  # noqa: E402
import oracle  # noqa: E402


def work():
    log('work: run')
    eventlet.sleep(0.5)
    log('work: end')
    return 7


def tick():
    log('tick')


def main():
    periodic_task.now = oracle.now

    @periodic_task.periodic_task(spacing=3, run_immediately=True)
    def late(self, context):
        log('late task on %s' % self.tag)

    class M(periodic_task.PeriodicTasks):
        @periodic_task.periodic_task(spacing=1, run_immediately=True)
        def adder(self, context):
            log('adder on %s (%s)' % (self.tag, context))
            if context == 'add':
                self.add_periodic_task(late)

    conf = cfg.ConfigOpts()
    conf([])
    older = M(conf)
    older.tag = 'older'
    m = M(conf)
    m.tag = 'm'
    for ctx in ('add', 'plain'):
        log('m: idle %.3f' % m.run_periodic_tasks(ctx))
        eventlet.sleep(1)
    try:
        older.run_periodic_tasks('plain')
        log('older: ok')
    except Exception as e:
        log('older: raised %s' % exc_text(e))
    try:
        periodic_task.periodic_task(ticks_between_runs=3)(lambda self, c: None)
    except Exception as e:
        log('ticks_between_runs: %s' % exc_text(e))

    tg = threadgroup.ThreadGroup()
    t = tg.add_timer(1, tick)
    tg.timer_done(t)
    try:
        tg.timer_done(t)
    except Exception as e:
        log('timer_done twice: %s' % exc_text(e))
    th = tg.add_thread(work)
    tg.thread_done(th)
    log('threads=%d' % len(tg.threads))
    log('th.wait -> %s' % th.wait())
    eventlet.sleep(0)
    log('after: threads=%d' % len(tg.threads))
    t.stop()
    tg.wait()
    log('done')


run(main)
