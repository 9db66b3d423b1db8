// Twin of 27_priority_lifo_queue.py: PriorityQueue pops the smallest, LifoQueue the newest (Q5).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { LifoQueue, LightQueue, PriorityQueue, Queue } from '../../src/greenthread/queue.js';
import { log, py, run } from './oracle.js';

type Item = string | [number, string];

function show(item: Item): string {
  if (Array.isArray(item)) return py`${item[0]}${item[1]}`;
  return item;
}

function* drain(label: string, q: LightQueue<Item>) {
  const items: string[] = [];
  while (!q.empty()) items.push(show(yield* q.get()));
  log(py`${label}: ${items.join(' ')}`);
}

function* blockedGetter(q: PriorityQueue<Item>) {
  log('g: get on empty priority queue');
  log(py`g: got ${show(yield* q.get())}`);
}

function* main() {
  const entries: [number, string][] = [[3, 'c'], [1, 'a'], [2, 'b'], [1, 'A']];
  const kinds: [string, new () => LightQueue<Item>][] = [
    ['priority', PriorityQueue],
    ['lifo', LifoQueue],
    ['fifo', Queue],
    ['light', LightQueue],
  ];
  for (const [label, Cls] of kinds) {
    const q = new Cls();
    for (const [prio, name] of entries) yield* q.put(py`${prio}${name}`);
    yield* drain(label, q);
  }

  const pq = new PriorityQueue<Item>();
  spawnN(blockedGetter, pq);
  yield* sleep(0);
  for (const [prio, name] of entries) {
    yield* pq.put([prio, name]);
    log(py`main: put (${prio}, ${name})`);
  }
  yield* sleep(0);
  yield* drain('main: rest', pq);
  log(py`main: LightQueue has task_done: ${'taskDone' in new LightQueue()}`);
}

run(main);
