// Twin of 12_unlink.py: unlink() matches callback plus curried args, removes the first match (G8).
import { type GreenThread, sleep, spawn } from '../../src/greenthread/index.js';
import { log, py, run } from './oracle.js';

function* body() {
  yield* sleep(1);
  log('t: done');
}

function cb(_gt: GreenThread<void>, tag: string): void {
  log(`link ${tag} runs`);
}

function other(_gt: GreenThread<void>, tag: string): void {
  log(`other ${tag} runs`);
}

function* main() {
  const t = spawn(body);
  log(py`main: unlink with no links -> ${t.unlink(cb, 'x')}`);
  t.link(cb, 'a');
  t.link(cb, 'b');
  t.link(cb, 'a');
  t.link(other, 'c');
  log(py`main: unlink(cb, "z") -> ${t.unlink(cb, 'z')}`);
  log(py`main: unlink(other, "a") -> ${t.unlink(other, 'a')}`);
  log(py`main: unlink(cb, "a") -> ${t.unlink(cb, 'a')}`);
  log(py`main: unlink(other, "c") -> ${t.unlink(other, 'c')}`);
  log(py`main: unlink(other, "c") again -> ${t.unlink(other, 'c')}`);
  yield* sleep(2);
  log(py`main: after death, unlink(cb, "b") -> ${t.unlink(cb, 'b')}`);
}

run(main);
