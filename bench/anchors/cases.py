#!/usr/bin/python3
"""greenhub bench anchors (issue #6): the same programs as bench/cases/*.ts, on the real eventlet and gevent.

Usage: /usr/bin/python3 bench/anchors/cases.py <task> <impl> '<json params>'
  task: switch | spawn | pool | memory | timers-virtual | timers-cancel | timers-storm | fairness-cpu |
        fairness-io
  impl: eventlet | gevent
Prints one line `RESULT <json>`: a list of {case, metric, unit, values} (see bench/lib/protocol.ts).
"""

import gc
import json
import os
import sys
import time

TASK, IMPL, PARAMS = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

if IMPL == 'eventlet':
    import eventlet
    import eventlet.hubs
    import eventlet.greenpool

    spawn = eventlet.spawn
    sleep = eventlet.sleep

    def wait(gt):
        return gt.wait()
elif IMPL == 'gevent':
    import gevent
    import gevent.pool

    spawn = gevent.spawn
    sleep = gevent.sleep

    def wait(g):
        return g.get()
else:
    raise SystemExit('unknown impl %r: use eventlet or gevent' % IMPL)


class Recorder:
    def __init__(self):
        self.samples = {}

    def add(self, case, metric, unit, value):
        # A latency of nothing measured (no echo got through the storm) is NaN, which JSON cannot carry:
        # the metric is left without that value, and the round-trip rate (0) tells the story.
        if value != value:
            return
        key = (case, metric)
        if key not in self.samples:
            self.samples[key] = {'case': case, 'metric': metric, 'unit': unit, 'values': []}
        self.samples[key]['values'].append(value)

    def report(self):
        sys.stdout.write('RESULT ' + json.dumps(list(self.samples.values())) + '\n')
        sys.stdout.flush()


REC = Recorder()
now_ns = time.perf_counter_ns


def delays(t, scale):
    """The same xorshift sequence as bench/cases/timers.ts, so both sides see the same load."""
    out = [0.0] * t
    x = 0x2545f491
    m = 0xFFFFFFFF
    for i in range(t):
        x ^= (x << 13) & m
        x ^= x >> 17
        x ^= (x << 5) & m
        out[i] = (x / 4294967296) * scale
    return out


def percentile(xs, p):
    s = sorted(xs)
    if not s:
        return float('nan')
    rank = -(-p * len(s) // 100)
    return s[min(len(s), max(1, int(rank))) - 1]


# --- switch ----------------------------------------------------------------------------------------------

def switch_once(n, k):
    def body():
        for _ in range(k):
            sleep(0)
    gts = [spawn(body) for _ in range(n)]
    t0 = now_ns()
    for gt in gts:
        wait(gt)
    return now_ns() - t0


def task_switch():
    n, k = PARAMS['n'], PARAMS['k']
    switch_once(n, max(1, k // 10))
    for _ in range(PARAMS['reps']):
        REC.add('N=%d' % n, 'switch', 'ns/switch', switch_once(n, k) / (n * k))


# --- spawn + wait, pool ----------------------------------------------------------------------------------

def spawn_once(m):
    def body(i):
        return i
    t0 = now_ns()
    gts = [spawn(body, i) for i in range(m)]
    total = 0
    for gt in gts:
        total += wait(gt)
    ns = now_ns() - t0
    assert total == m * (m - 1) // 2
    return ns


def task_spawn():
    m = PARAMS['m']
    spawn_once(max(1, m // 10))
    for _ in range(PARAMS['reps']):
        REC.add('M=%d' % m, 'spawn+wait', 'ns/thread', spawn_once(m) / m)


def pool_once(m, size):
    def job():
        sleep(0)
        return 1
    t0 = now_ns()
    if IMPL == 'eventlet':
        pool = eventlet.greenpool.GreenPool(size)
        for _ in range(m):
            pool.spawn(job)
        pool.waitall()
    else:
        pool = gevent.pool.Pool(size)
        for _ in range(m):
            pool.spawn(job)
        pool.join()
    return now_ns() - t0


def task_pool():
    m, size = PARAMS['m'], PARAMS.get('pool', 1000)
    pool_once(max(1, m // 10), size)
    for _ in range(PARAMS['reps']):
        REC.add('M=%d size=%d' % (m, size), 'pool job', 'ns/job', pool_once(m, size) / m)


# --- memory ----------------------------------------------------------------------------------------------

def rss():
    gc.collect()
    gc.collect()
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def task_memory():
    n = PARAMS['n']

    def body():
        sleep(3600)
    r0 = rss()
    for _ in range(n):
        spawn(body)
    sleep(0)
    sleep(0)
    r1 = rss()
    REC.add('N=%d' % n, 'memory', 'bytes/thread', (r1 - r0) / n)


# --- timers ----------------------------------------------------------------------------------------------

def virtual_eventlet_hub():
    """eventlet's hub on a virtual clock: the wait phase moves the clock instead of sleeping (H1)."""
    hub = eventlet.hubs.get_hub()
    vt = [0.0]
    hub.clock = lambda: vt[0]

    def wait(seconds=None):
        if seconds:
            vt[0] += seconds
    hub.wait = wait
    return hub


def task_timers_virtual():
    if IMPL != 'eventlet':
        raise SystemExit('timers-virtual: only eventlet lets its clock be replaced')
    t = PARAMS['t']
    hub = virtual_eventlet_hub()

    def once(t):
        d = delays(t, 100)
        fired = [0]

        def cb():
            fired[0] += 1
        base = hub.clock()
        t0 = now_ns()
        for i in range(t):
            hub.schedule_call_global(d[i], cb)
        t1 = now_ns()
        sleep(hub.clock() - base + 101)
        t2 = now_ns()
        assert fired[0] == t, (fired[0], t)
        return (t1 - t0) / t, (t2 - t1) / t
    once(max(1, t // 10))
    for _ in range(PARAMS['reps']):
        s, f = once(t)
        c = 'virtual T=%d' % t
        REC.add(c, 'schedule', 'ns/timer', s)
        REC.add(c, 'fire', 'ns/timer', f)
        REC.add(c, 'schedule+fire', 'ns/timer', s + f)


def task_timers_cancel():
    if IMPL != 'eventlet':
        raise SystemExit('timers-cancel: measured on eventlet only')
    t, w = PARAMS['t'], PARAMS.get('w', 100)
    hub = eventlet.hubs.get_hub()

    def noop():
        pass

    def once(t):
        d = delays(t, 100)
        ring = [None] * w
        max_held = 0
        t0 = now_ns()
        for i in range(t):
            old = ring[i % w]
            if old is not None:
                old.cancel()
            ring[i % w] = hub.schedule_call_global(10 + d[i], noop)
            if i & 1023 == 1023:
                held = len(hub.timers) + len(hub.next_timers)
                max_held = max(max_held, held)
                sleep(0)
        ns = (now_ns() - t0) / t
        for timer in ring:
            if timer is not None:
                timer.cancel()
        return ns, max_held
    once(max(1, t // 10))
    for _ in range(PARAMS['reps']):
        ns, held = once(t)
        c = 'cancel T=%d live=%d' % (t, w)
        REC.add(c, 'schedule+cancel', 'ns/timer', ns)
        REC.add(c, 'max held', 'entries', held)


def task_timers_storm():
    t, span = PARAMS['t'], PARAMS.get('spanMs', 500)

    def once(t, span_ms):
        d = delays(t, span_ms / 1000)
        late = [0.0] * t
        due = [0.0] * t
        fired = [0]
        clock = time.monotonic
        t0 = clock()

        # lateness from each timer's own deadline: clock when it was added plus its delay
        def cb(i):
            late[i] = (clock() - due[i]) * 1000
            fired[0] += 1
        if IMPL == 'eventlet':
            hub = eventlet.hubs.get_hub()
            for i in range(t):
                due[i] = clock() + d[i]
                hub.schedule_call_global(d[i], cb, i)
        else:
            loop = gevent.get_hub().loop
            timers = []
            for i in range(t):
                due[i] = clock() + d[i]
                tm = loop.timer(d[i])
                tm.start(cb, i)
                timers.append(tm)
        setup_ms = (clock() - t0) * 1000
        sleep(span_ms / 1000 + 0.05)
        assert fired[0] == t, (fired[0], t)
        return late, setup_ms
    once(max(1, t // 10), span / 5)
    for _ in range(PARAMS['reps']):
        late, setup_ms = once(t, span)
        c = 'storm T=%d over %d ms' % (t, span)
        REC.add(c, 'adding the timers', 'ms', setup_ms)
        REC.add(c, 'lateness p50', 'ms', percentile(late, 50))
        REC.add(c, 'lateness p99', 'ms', percentile(late, 99))
        REC.add(c, 'lateness max', 'ms', percentile(late, 100))


# --- fairness --------------------------------------------------------------------------------------------

def task_fairness_cpu():
    threads, unit_us, seconds, tick_ms = PARAMS['threads'], PARAMS['unitUs'], PARAMS['seconds'], PARAMS['tickMs']
    unit = unit_us / 1e6
    tick = tick_ms / 1000
    counts = [0] * threads
    late = []
    work = [0.0]
    stop = [False]
    clock = time.perf_counter

    def worker(i):
        while not stop[0]:
            a = clock()
            b = a
            while b - a < unit:
                b = clock()
            work[0] += b - a
            counts[i] += 1
            sleep(0)

    def ticker():
        start = clock()
        k = 0
        while not stop[0]:
            k += 1
            target = start + tick * k
            sleep(max(0.0, target - clock()))
            late.append((clock() - target) * 1000)
    t0 = clock()
    gts = [spawn(worker, i) for i in range(threads)] + [spawn(ticker)]
    sleep(seconds)
    stop[0] = True
    wall = clock() - t0
    for gt in gts:
        wait(gt)
    total = sum(counts)
    sq = sum(c * c for c in counts)
    c = 'cpu %dx%dus' % (threads, unit_us)
    REC.add(c, "Jain's index", 'index', total * total / (threads * sq))
    REC.add(c, 'max/min progress', 'ratio', max(counts) / min(counts) if min(counts) else float('inf'))
    REC.add(c, 'CPU in work units', '%', 100 * work[0] / wall)
    REC.add(c, '%d ms ticker p50 lateness' % tick_ms, 'ms', percentile(late, 50))
    REC.add(c, '%d ms ticker p99 lateness' % tick_ms, 'ms', percentile(late, 99))


def task_fairness_io():
    storm, seconds = PARAMS['storm'], PARAMS['seconds']
    import socket
    if IMPL == 'eventlet':
        server = eventlet.listen(('127.0.0.1', 0))
    else:
        import gevent.socket
        server = gevent.socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(('127.0.0.1', 0))
        server.listen(50)
    port = server.getsockname()[1]
    stop = [False]
    measuring = [False]
    rtts = []
    switches = [0]

    def serve():
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
        conn.close()

    def client():
        if IMPL == 'eventlet':
            s = eventlet.connect(('127.0.0.1', port))
        else:
            s = gevent.socket.create_connection(('127.0.0.1', port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        msg = b'x' * 64
        while not stop[0]:
            a = time.perf_counter()
            s.sendall(msg)
            got = 0
            while got < len(msg):
                got += len(s.recv(4096))
            if measuring[0]:
                rtts.append((time.perf_counter() - a) * 1000)
        s.close()

    def stormer():
        while not stop[0]:
            switches[0] += 1
            sleep(0)
    gts = [spawn(serve), spawn(client)] + [spawn(stormer) for _ in range(storm)]
    sleep(0.05)
    switches[0] = 0
    measuring[0] = True
    t0 = time.perf_counter()
    sleep(seconds)
    measuring[0] = False
    ms = (time.perf_counter() - t0) * 1000
    stop[0] = True
    for gt in gts[1:]:
        wait(gt)
    c = 'io echo beside %d-thread sleep(0) storm' % storm
    REC.add(c, 'echo round trips', '/s', 1000 * len(rtts) / ms)
    REC.add(c, 'echo rtt p50', 'ms', percentile(rtts, 50))
    REC.add(c, 'echo rtt p99', 'ms', percentile(rtts, 99))
    REC.add(c, 'storm switches', '/s', 1000 * switches[0] / ms)


TASKS = {
    'switch': task_switch,
    'spawn': task_spawn,
    'pool': task_pool,
    'memory': task_memory,
    'timers-virtual': task_timers_virtual,
    'timers-cancel': task_timers_cancel,
    'timers-storm': task_timers_storm,
    'fairness-cpu': task_fairness_cpu,
    'fairness-io': task_fairness_io,
}

if TASK not in TASKS:
    raise SystemExit('unknown task %r; one of %s' % (TASK, ', '.join(TASKS)))
TASKS[TASK]()
REC.report()
os._exit(0)  # parked threads (memory case) need no orderly shutdown
