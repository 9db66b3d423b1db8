/** LightQueue, Queue, PriorityQueue, LifoQueue: Q1–Q5, D2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHub } from '../src/hub/index.js';
import { sleep, spawn, spawnN } from '../src/greenthread/index.js';
import { Empty, Full, LifoQueue, LightQueue, PriorityQueue, pythonLess, Queue } from '../src/greenthread/queue.js';
import { ValueError } from '../src/greenthread/semaphore.js';
import { vrun } from './helpers.js';

test('Q1: maxsize null or negative is unbounded; 0 is a channel, both empty and full; a non-number maxsize is a TypeError', async () => {
  const { result } = await vrun(function* (r) {
    const unbounded = new LightQueue<number>(-5);
    for (let i = 0; i < 50; i++) yield* unbounded.put(i);
    const ch = new Queue<string>(0);
    const out: unknown[] = [unbounded.maxsize, unbounded.full(), unbounded.qsize(), ch.empty(), ch.full()];
    spawnN(function* () {
      yield* sleep(1);
      r.log(`getter got ${yield* ch.get()}`);
    });
    yield* ch.put('x'); // waits until the getter takes it
    out.push(r.hub.clock(), ch.qsize(), ch.unfinishedTasks);
    return out;
  });
  assert.deepEqual(result, [null, false, 50, true, true, 1, 0, 1]);
  assert.throws(() => new Queue('3' as unknown as number), (e: unknown) => e instanceof TypeError && /Queue\(\) expects maxsize :: int or null/.test(e.message));
  assert.throws(() => new LightQueue(Number.NaN), TypeError);
  // As in eventlet, a fractional size is kept as given: room while qsize() < 1.5.
  const { result: frac } = await vrun(function* () {
    const q = new LightQueue<number>(1.5);
    yield* q.put(1);
    yield* q.put(2);
    return [q.maxsize, q.qsize(), q.full()];
  });
  assert.deepEqual(frac, [1.5, 2, true]);
});

test('Q5: resize keeps a negative size as given (always full), unlike the constructor; growing wakes putters', async () => {
  const { result, trace } = await vrun(function* (r) {
    const q = new LightQueue<string>(1);
    yield* q.put('a');
    spawnN(function* () {
      yield* q.put('b');
      r.log('putter done');
    });
    yield* sleep(1);
    q.resize(-1);
    const shrunk = [q.maxsize, q.full(), q.qsize()];
    r.log(`got ${yield* q.get()}`);
    yield* sleep(1); // a slot was freed, but -1 leaves no room: the putter stays blocked
    const stuck = [q.qsize(), q.putting()];
    let full = '';
    try {
      yield* q.put('c', false);
    } catch (e) {
      full = e instanceof Full ? 'Full' : String(e);
    }
    q.resize(null);
    yield* sleep(0);
    return [shrunk, stuck, full, q.qsize(), q.putting()];
  });
  assert.deepEqual(result, [[-1, true, 1], [0, 1], 'Full', 1, 0]);
  assert.deepEqual(trace, ['1.000 got a', '2.000 putter done']);
});

test('Q2: put and get on a queue with room/items never yield; one shared 0-timer unlock pass serves parked getters', async () => {
  const { result, trace } = await vrun(function* (r) {
    const q = new LightQueue<number>(5);
    const before = r.hub.iterations;
    yield* q.put(1);
    yield* q.put(2);
    const a = yield* q.get();
    const b = yield* q.get();
    const noYield = r.hub.iterations === before;
    for (const name of ['g1', 'g2', 'g3']) spawnN(function* () { r.log(`${name} got ${yield* q.get()}`); });
    yield* sleep(0);
    const timersBefore = r.hub.schedule.size;
    yield* q.put(10);
    yield* q.put(20);
    yield* q.put(30);
    const unlockTimers = r.hub.schedule.size - timersBefore;
    r.log('main put three');
    yield* sleep(0);
    return [a, b, noYield, unlockTimers];
  });
  assert.deepEqual(result, [1, 2, true, 1]);
  // D2: parked getters are served in arrival order (eventlet: set order).
  assert.deepEqual(trace.map((l) => l.slice(6)), ['main put three', 'g1 got 10', 'g2 got 20', 'g3 got 30']);
});

test('Q3: block false raises Empty/Full at once; a timeout raises them after t seconds', async () => {
  const { result } = await vrun(function* (r) {
    const q = new Queue<string>(1);
    const out: unknown[] = [];
    const attempt = function* (label: string, op: () => Generator<any, unknown, any> | unknown) {
      try {
        let v = op();
        if (v !== null && typeof v === 'object' && 'next' in (v as object)) v = yield* v as Generator<any, unknown, any>;
        out.push(`${label} -> ${String(v)} @${r.hub.clock()}`);
      } catch (e) {
        out.push(`${label} ${e instanceof Empty ? 'Empty' : e instanceof Full ? 'Full' : String(e)} @${r.hub.clock()}`);
      }
    };
    yield* attempt('getNowait', () => q.getNowait());
    yield* attempt('get(false)', () => q.get(false));
    yield* attempt('get 1.5', () => q.get({ timeout: 1.5 }));
    yield* attempt('putNowait a', () => q.putNowait('a'));
    yield* attempt('putNowait b', () => q.putNowait('b'));
    yield* attempt('put c 2', () => q.put('c', { timeout: 2 }));
    yield* attempt('put d block false', () => q.put('d', { block: false }));
    yield* attempt('getNowait', () => q.getNowait());
    spawnN(function* () {
      yield* sleep(1);
      yield* q.put('e');
    });
    yield* attempt('get 3', () => q.get(true, 3));
    return [out, q.getting(), q.putting()];
  });
  assert.deepEqual(result, [
    [
      'getNowait Empty @0',
      'get(false) Empty @0',
      'get 1.5 Empty @1.5',
      'putNowait a -> undefined @1.5',
      'putNowait b Full @1.5',
      'put c 2 Full @3.5',
      'put d block false Full @3.5',
      'getNowait -> a @3.5',
      'get 3 -> e @4.5',
    ],
    0,
    0,
  ]);
});

test('Q3: a negative timeout is a Timeout already due (H1): a call that must wait gives up after one pass', async () => {
  const { result } = await vrun(function* (r) {
    const q = new Queue<number>(1);
    const out: unknown[] = [];
    for (const op of [() => q.get({ timeout: -1 }), () => q.get(true, -0.5)]) {
      const before = r.hub.iterations;
      try {
        yield* op();
      } catch (e) {
        out.push(e instanceof Empty ? 'Empty' : String(e), r.hub.iterations - before, r.hub.clock());
      }
    }
    yield* q.put(7, { timeout: -2 }); // room: no wait, so no Timeout to fire
    try {
      yield* q.put(8, { timeout: -2 });
    } catch (e) {
      out.push(e instanceof Full ? 'Full' : String(e), q.qsize());
    }
    try {
      yield* q.get({ timeout: 'later' as unknown as number });
    } catch (e) {
      out.push(e instanceof TypeError && /timeout in seconds as a number/.test(e.message));
    }
    return out;
  });
  assert.deepEqual(result, ['Empty', 1, 0, 'Empty', 1, 0, 'Full', 1, true]);
});

test('Q3: a channel putNowait hands over to a parked getter, else Full; a killed getter passes its item on', async () => {
  const { result, trace } = await vrun(function* (r) {
    const ch = new LightQueue<string>(0);
    spawnN(function* () { r.log(`g got ${yield* ch.get()}`); });
    yield* sleep(0);
    yield* ch.putNowait('handed');
    r.log('putNowait returned');
    let full = false;
    try {
      yield* ch.putNowait('nobody');
    } catch (e) {
      full = e instanceof Full;
    }
    const q = new LightQueue<string>();
    const a = spawn(function* () { r.log(`a got ${yield* q.get()}`); });
    spawnN(function* () { r.log(`b got ${yield* q.get()}`); });
    yield* sleep(0);
    yield* q.put('only');
    yield* a.kill(); // a is killed before the unlock pass hands it the item
    yield* sleep(0);
    return [full, q.qsize(), q.getting()];
  });
  assert.deepEqual(result, [true, 0, 0]);
  assert.deepEqual(trace.map((l) => l.slice(6)), ['g got handed', 'putNowait returned', 'b got only']);
});

test('Q3: from hub context (a timer callback) putNowait and getNowait deal with parked threads directly', async () => {
  const { trace } = await vrun(function* (r) {
    const q = new Queue<string>(0);
    spawnN(function* () { r.log(`g got ${yield* q.get()}`); });
    yield* sleep(0);
    getHub().scheduleCallGlobal(0, () => {
      q.putNowait('from hub').next(); // never suspends in hub context
      r.log(`hub put, unfinished=${q.unfinishedTasks}`);
      try {
        q.putNowait('again').next();
      } catch (e) {
        r.log(e instanceof Full ? 'hub put again: Full' : String(e));
      }
    });
    yield* sleep(0);
    spawnN(function* () {
      yield* q.put('p1');
      r.log('putter returned');
    });
    yield* sleep(0);
    getHub().scheduleCallGlobal(0, () => {
      r.log(`hub got ${q.getNowait()}`);
      try {
        q.getNowait();
      } catch (e) {
        r.log(e instanceof Empty ? 'hub get again: Empty' : String(e));
      }
    });
    yield* sleep(0);
  });
  // The same lines, in the same order, as the real eventlet.
  assert.deepEqual(trace.map((l) => l.slice(6)), [
    'g got from hub',
    'hub put, unfinished=1',
    'hub put again: Full',
    'putter returned',
    'hub got p1',
    'hub get again: Empty',
  ]);
});

test('Q4: every enqueue counts, channel hand-offs too; join waits for taskDone; too many taskDone is a ValueError', async () => {
  const { result, trace } = await vrun(function* (r) {
    const q = new Queue<string>();
    const before = r.hub.iterations;
    yield* q.join();
    const joinIdleYielded = r.hub.iterations !== before;
    for (const item of ['x', 'y']) yield* q.put(item);
    spawnN(function* () {
      for (;;) {
        const item = yield* q.get();
        yield* sleep(1);
        q.taskDone();
        r.log(`done ${item}`);
      }
    });
    yield* q.join();
    r.log('joined');
    let tooMany = '';
    try {
      q.taskDone();
    } catch (e) {
      tooMany = e instanceof ValueError ? e.message : String(e);
    }
    const ch = new Queue<number>(0);
    spawnN(function* () { yield* ch.get(); });
    yield* ch.put(1);
    return [joinIdleYielded, tooMany, ch.unfinishedTasks, 'taskDone' in new LightQueue()];
  });
  assert.deepEqual(result, [false, 'task_done() called too many times', 1, false]);
  assert.deepEqual(trace, ['1.000 done x', '2.000 done y', '2.000 joined']);
});

test('Q5: PriorityQueue pops the smallest (ties as heapq orders them), LifoQueue the newest', async () => {
  const { result } = await vrun(function* () {
    const drain = function* (q: LightQueue<any>) {
      const out: unknown[] = [];
      while (!q.empty()) out.push(yield* q.get());
      return out;
    };
    const pq = new PriorityQueue<[number, string]>();
    for (const e of [[3, 'c'], [1, 'a'], [2, 'b'], [1, 'A'], [10, 'z'], [9, 'y']] as [number, string][]) yield* pq.put(e);
    const lifo = new LifoQueue<number>();
    for (const n of [1, 2, 3]) yield* lifo.put(n);
    // Equal priorities: the same order as Python's heapq for this sequence of pushes and pops.
    const ties = new PriorityQueue<[number, string]>(null, (a, b) => a[0] - b[0]);
    for (const e of [[2, 'a'], [1, 'b'], [2, 'c'], [1, 'd'], [2, 'e'], [1, 'f'], [0, 'g'], [2, 'h'], [1, 'i']] as [number, string][]) {
      yield* ties.put(e);
    }
    const tieOrder = [(yield* ties.get())[1], (yield* ties.get())[1]];
    yield* ties.put([1, 'j']);
    while (!ties.empty()) tieOrder.push((yield* ties.get())[1]);
    return [(yield* drain(pq)).map((e: any) => `${e[0]}${e[1]}`), yield* drain(lifo), tieOrder, pq.unfinishedTasks];
  });
  assert.deepEqual(result, [
    ['1A', '1a', '2b', '3c', '9y', '10z'],
    [3, 2, 1],
    ['g', 'b', 'f', 'd', 'i', 'j', 'a', 'c', 'e', 'h'],
    6,
  ]);
});

test("Q5: items are ordered by Python's <: tuples skip equal elements first; what Python cannot compare is its TypeError", async () => {
  assert.equal(pythonLess([1, 'b'], [1, 'c']), true);
  assert.equal(pythonLess([1, 2], [1, 2, 0]), true);
  assert.equal(pythonLess('B', 'a'), true);
  assert.equal(pythonLess(false, 1), true);
  // (1, None) < (1, None) is False in Python: equal elements are skipped, None is never compared.
  assert.equal(pythonLess([1, null], [1, null]), false);
  assert.equal(pythonLess([1, { k: [2] }], [1, { k: [2] }, 0]), true);
  assert.throws(() => pythonLess(1, 'a'), (e: unknown) => e instanceof TypeError && e.message === "'<' not supported between instances of 'int' and 'str'");
  assert.throws(() => pythonLess([1, null], [1, 2]), (e: unknown) => e instanceof TypeError && e.message === "'<' not supported between instances of 'NoneType' and 'int'");
  const { result } = await vrun(function* () {
    const q = new PriorityQueue<unknown>();
    yield* q.put([2, null]);
    yield* q.put([1, null]);
    yield* q.put([1, null]); // a tie on priority with an equal payload, the usual (priority, data) pattern
    const order = [yield* q.get(), yield* q.get(), yield* q.get()];
    yield* q.put({ a: 1 });
    let err = '';
    try {
      yield* q.put({ b: 2 });
    } catch (e) {
      err = e instanceof TypeError ? e.message : String(e);
    }
    return [order, err];
  });
  assert.deepEqual(result, [[[1, null], [1, null], [2, null]], "'<' not supported between instances of 'dict' and 'dict'"]);
  assert.throws(() => new PriorityQueue(null, 'desc' as unknown as () => number), TypeError);
});

test('Q5: qsize/putting/getting; resize growing wakes parked putters in the next pass', async () => {
  const { result, trace } = await vrun(function* (r) {
    const q = new LightQueue<number>(1);
    yield* q.put(1);
    for (const v of [2, 3]) {
      spawnN(function* () {
        yield* q.put(v);
        r.log(`putter ${v} in, qsize=${q.qsize()}`);
      });
    }
    yield* sleep(0.1);
    const parked = [q.putting(), q.getting(), q.qsize()];
    q.resize(3);
    r.log('resized');
    yield* sleep(0);
    const after = [q.putting(), q.qsize(), q.maxsize];
    q.resize(null);
    const grown = q.full();
    q.resize(1); // shrinking drops nothing
    return [parked, after, grown, q.qsize(), q.full()];
  });
  assert.deepEqual(result, [[2, 0, 1], [0, 3, 3], false, 3, true]);
  // D2: FIFO (eventlet's set order varies from run to run).
  assert.deepEqual(trace.map((l) => l.slice(6)), ['resized', 'putter 2 in, qsize=2', 'putter 3 in, qsize=3']);
});
