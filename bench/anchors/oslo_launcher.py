#!/usr/bin/python3
"""The real oslo.service ProcessLauncher as a launcher-bench anchor (issue #6).

Usage: /usr/bin/python3 bench/anchors/oslo_launcher.py <workers>
Prints `T0 <monotonic ns>` just before launch_service, and every worker prints `READY <pid> <monotonic ns>`
from its service's start(); the bench runner (bench/lib/launcher.ts) reads these lines, kills a worker with
SIGKILL and times its replacement. Both sides read CLOCK_MONOTONIC (time.monotonic_ns, process.hrtime).
"""
import os
import sys
import time

import eventlet
eventlet.monkey_patch()

from oslo_config import cfg  # noqa: E402
from oslo_service import service  # noqa: E402


class ReadyService(service.Service):
    def start(self):
        super().start()
        os.write(1, ('READY %d %d\n' % (os.getpid(), time.monotonic_ns())).encode())


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    conf = cfg.ConfigOpts()
    conf([], project='greenhub-bench')
    launcher = service.ProcessLauncher(conf, restart_method='mutate')
    os.write(1, ('T0 %d\n' % time.monotonic_ns()).encode())
    launcher.launch_service(ReadyService(), workers=workers)
    launcher.wait()


if __name__ == '__main__':
    main()
