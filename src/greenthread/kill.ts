/** Killing green threads (eventlet/greenthread.py `kill`, `cancel`; G9–G12). */
import { Timer } from '../hub/timer.js';
import { activeTracer } from '../hub/trace.js';
import { GreenletExit, raisable } from './errors.js';
import { blockingCaller, runningGreenlet, type Greenlet } from './greenlet.js';
import { SUSPEND, Switch, type Green } from './ops.js';

function resume(g: Greenlet): void {
  g.switch();
}

/**
 * G9: raises `exc` (default GreenletExit; a class is instantiated, as greenlet.throw does) in `g` at its
 * suspension point; its `finally` blocks run, also when they yield. The killer always yields: it is resumed
 * by a 0-timer of its own, after the victim has reacted. A dead thread is left alone, without yielding. From
 * hub context (a timer callback) the kill is done at once, without yielding: call `kill(gt).next()` there.
 * @example
 * const gt = spawn(function* () { yield* sleep(10); });
 * yield* sleep(1);
 * yield* kill(gt); // gt's sleep raises GreenletExit
 */
export function* kill(g: Greenlet, exc?: unknown): Green<void> {
  if (g.dead) return;
  const err = exc === undefined ? new GreenletExit() : raisable(exc, 'kill()');
  if (runningGreenlet() === undefined && g.hub.inLoop) {
    // G9: from the hub (a timer or listener callback) there is no killer to resume: the exception goes in at
    // once and kill returns without yielding, so `kill(gt).next()` does the whole kill there.
    if (!g.started) g.killUnstarted(err);
    else g.throw(err);
    return;
  }
  const killer = blockingCaller('kill');
  if (activeTracer !== undefined) {
    activeTracer.record('kill', killer.id, killer.label, g.label, { exc: String((err as Error)?.name ?? err) });
  }
  // G10: a thread that never ran never will; its exit is delivered here, links run in the killer.
  if (!g.started) g.killUnstarted(err);
  g.hub.addTimer(Timer.single(0, resume, killer));
  if (g.dead) yield SUSPEND;
  else yield new Switch(g, true, err);
}

/**
 * G12: kills `g` only if it has not started yet; a started thread is left alone, without yielding.
 * @example
 * const gt = spawn(worker);
 * yield* cancel(gt); // worker never runs; gt.wait() throws GreenletExit
 */
export function* cancel(g: Greenlet, exc?: unknown): Green<void> {
  if (!g.started || g.dead) yield* kill(g, exc);
}
