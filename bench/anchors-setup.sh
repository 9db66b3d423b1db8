#!/usr/bin/env bash
# Installs the real eventlet, gevent and oslo.service from Debian, so `npm run bench` can measure greenhub
# beside them (issue #6). Without them the bench skips those anchors with a note.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y python3-eventlet python3-gevent python3-oslo.service
