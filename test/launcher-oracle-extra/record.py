"""Launcher cases beyond the shared oracle, recorded from the real oslo.service.

Uses the shared runner (../../../shared/launcher-oracle/run_cases.py) and its
driver unchanged; only the case list is ours.  Run with Debian's interpreter:

    /usr/bin/python3 test/launcher-oracle-extra/record.py            # all
    /usr/bin/python3 test/launcher-oracle-extra/record.py d_process_sighup_reload --runs 1

Never edit a transcript by hand.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, '..', '..', '..', 'shared', 'launcher-oracle')
sys.path.insert(0, ORACLE)

from run_cases import (Case, READY, Send, Sleep, WaitExit, WaitGone,  # noqa: E402
                       WaitLog, main)

EXTRA_CASES = [
    Case('d_process_sighup_reload',
         'ProcessLauncher, 2 workers, daemon SIGHUP with reload (children '
         'replaced), then SIGTERM',
         ['--workers', '2'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(2.5),
          Send('P', 'SIGHUP', mark='hup'),
          WaitLog(READY, count=2, who=r'C[34]', timeout=8.0),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)]),
    Case('d2_process_sighup_mutate',
         'ProcessLauncher, 2 workers, daemon SIGHUP with mutate (children '
         'reset in place), then SIGTERM',
         ['--workers', '2', '--restart-method', 'mutate'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGHUP', mark='hup'),
          WaitLog(r'^service reset\(\) called', count=2, who=r'C\d+',
                  timeout=5.0),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)]),
    Case('e_process_stop_hangs',
         'ProcessLauncher, 2 workers, stop() hangs past '
         'graceful_shutdown_timeout: the parent dies by SIGALRM',
         ['--workers', '2', '--hang-in-stop', '30',
          '--graceful-shutdown-timeout', '2'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(5.0)]),
    Case('g_process_children_ignore_sigterm',
         'ProcessLauncher, 2 workers whose start() ignores SIGTERM; SIGTERM '
         'to the parent: it dies by SIGALRM, the children through the pipe',
         ['--workers', '2', '--ignore-sigterm', 'true',
          '--graceful-shutdown-timeout', '2'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(5.0)]),
    Case('h5_service_sighup_foreground',
         'ServiceLauncher on a terminal, SIGHUP: logged, handlers cleared, '
         'the service keeps running; a second SIGHUP kills by default action',
         ['--launcher', 'service'],
         [WaitLog(READY, count=1, mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGHUP', mark='hup'),
          Sleep(1.5),
          Send('P', 'SIGHUP', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)],
         tty=True),
    Case('d3_process_sighup_foreground',
         'ProcessLauncher on a terminal, 2 workers, SIGHUP: a full shutdown',
         ['--workers', '2'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGHUP', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)],
         tty=True),
    Case('h6_service_stop_hangs',
         'ServiceLauncher, stop() hangs past graceful_shutdown_timeout: '
         'killed by SIGALRM without a log line',
         ['--launcher', 'service', '--hang-in-stop', '30',
          '--graceful-shutdown-timeout', '2'],
         [WaitLog(READY, count=1, mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)]),
    Case('h7_service_second_sigterm',
         'ServiceLauncher, a second SIGTERM while stop() hangs kills by '
         'default action',
         ['--launcher', 'service', '--hang-in-stop', '30',
          '--graceful-shutdown-timeout', '10'],
         [WaitLog(READY, count=1, mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='first'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)]),
    Case('h8_service_crash_at_start',
         'ServiceLauncher, start() raises: "Error starting thread.", exit 1',
         ['--launcher', 'service', '--crash-at-start', '3',
          '--crash-mode', 'raise'],
         [WaitExit(10.0),
          WaitGone(3.0)]),
    Case('c3_crash_os_exit',
         'ProcessLauncher, 2 workers, start() always does os._exit(3)',
         ['--workers', '2', '--crash-at-start', '3', '--crash-mode',
          'os_exit'],
         [WaitLog(r'^Started child', count=1, who='P'),
          Sleep(5.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(3.0)]),
    Case('e2_process_stop_blocks',
         'ProcessLauncher, 2 workers, stop() blocks the process (time.sleep) '
         'past graceful_shutdown_timeout',
         ['--workers', '2', '--hang-in-stop', '3', '--hang-blocking', 'true',
          '--graceful-shutdown-timeout', '2'],
         [WaitLog(READY, count=2, who=r'C\d+', mark='ready'),
          Sleep(1.0),
          Send('P', 'SIGTERM', mark='final'),
          WaitExit(10.0),
          WaitGone(6.0)]),
]

if __name__ == '__main__':
    sys.exit(main(EXTRA_CASES, os.path.join(HERE, 'transcripts')))
