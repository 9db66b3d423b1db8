// Twin of 26_queue_join.py: taskDone/join count every item put in (Q4).
import { sleep, spawnN } from '../../src/greenthread/index.js';
import { Queue } from '../../src/greenthread/queue.js';
import { excText, log, py, run } from './oracle.js';
import { ValueError } from '../../src/greenthread/semaphore.js';

function* worker(q: Queue<string | null>) {
  for (;;) {
    const item = yield* q.get();
    if (item === null) {
      q.taskDone();
      log(py`w: stop marker, unfinished=${q.unfinishedTasks}`);
      return;
    }
    log(py`w: working on ${item}`);
    yield* sleep(1);
    q.taskDone();
    log(py`w: task_done ${item}, unfinished=${q.unfinishedTasks}`);
  }
}

function* main() {
  const q = new Queue<string | null>();
  log('main: join on fresh queue');
  yield* q.join();
  log('main: returned at once');
  for (const item of ['x', 'y', 'z']) yield* q.put(item);
  log(py`main: put 3, unfinished=${q.unfinishedTasks}`);
  spawnN(worker, q);
  yield* q.join();
  log(py`main: join returned, unfinished=${q.unfinishedTasks}`);
  yield* q.put(null);
  yield* q.join();
  log('main: second join returned');
  try {
    q.taskDone();
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    log(`main: extra task_done raised ${excText(e)}`);
  }
}

run(main);
