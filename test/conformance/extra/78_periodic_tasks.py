"""Periodic tasks: spacing, run_immediately, skipped tasks, errors, idle time.

The scenario points periodic_task's monotonic clock at the virtual clock.
A task's last run is stamped when the class body runs, not when an
instance is made, so a task with spacing 1 is first due one second after
class creation.  run_immediately tasks run at the first pass.  Disabled
and negative-spacing tasks are skipped with an INFO line at class
creation.  A failing task is logged "Error during Class.task" and the
others still run.  run_periodic_tasks returns how long the caller may
idle: the smallest remaining time, at most the smallest spacing.
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'shared', 'conformance'))
from oracle import exc_text, log, run  # noqa: E402

import logging  # noqa: E402

import eventlet  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_service import periodic_task  # noqa: E402
import oracle  # noqa: E402


class _InfoToTrace(logging.Handler):
    def emit(self, record):
        if record.levelno == logging.INFO:
            log('INFO %s' % record.getMessage())


def main():
    periodic_task.now = oracle.now
    plog = logging.getLogger('oslo_service.periodic_task')
    plog.setLevel(logging.INFO)
    plog.addHandler(_InfoToTrace())

    class Manager(periodic_task.PeriodicTasks):
        @periodic_task.periodic_task(spacing=1)
        def every_second(self, context):
            log('task: every_second (%s)' % context)

        @periodic_task.periodic_task(spacing=1.5, run_immediately=True)
        def eager(self, context):
            log('task: eager')
            eventlet.sleep(0.125)

        @periodic_task.periodic_task(spacing=2)
        def broken(self, context):
            log('task: broken')
            raise ValueError('broken task')

        @periodic_task.periodic_task(spacing=-1)
        def negative(self, context):
            log('task: negative (never)')

        @periodic_task.periodic_task(spacing=1, enabled=False)
        def disabled(self, context):
            log('task: disabled (never)')

        @periodic_task.periodic_task(spacing=0.5, name='renamed',
                                     external_process_ok=True)
        def external(self, context):
            log('task: external')

    conf = cfg.ConfigOpts()
    conf([])
    eventlet.sleep(0.75)
    mgr = Manager(conf)
    log('main: tasks %s' % ', '.join(name for name, _ in mgr._periodic_tasks))
    for _ in range(7):
        idle = mgr.run_periodic_tasks('ctx')
        log('main: idle %.3f' % idle)
        eventlet.sleep(idle)
    conf.set_override('run_external_periodic_tasks', False)
    idle = mgr.run_periodic_tasks('ctx')
    log('main: without external, idle %.3f' % idle)


run(main)
