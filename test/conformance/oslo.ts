/**
 * What the oslo twins add to oracle.ts: oslo log records of level WARNING and above become trace lines
 * `LOG <LEVEL> <logger>: <message>` (plus ` [<ExcType: message>]` when the record carries an exception),
 * stamped with the oracle's virtual clock, exactly as oracle.py's logging handler writes them. Importing
 * this module installs the sink.
 */
import { addSink, silenceDebugSink, WARNING, type LogRecord } from '../../src/launcher/log.js';
import { setCallableName } from '../../src/launcher/loopingcall.js';
import { excText, log, QUALNAMES } from './oracle.js';

QUALNAMES.LoopingCallTimeOut = 'oslo_service.loopingcall.LoopingCallTimeOut';

function toTrace(record: LogRecord): void {
  let text = `LOG ${record.levelname} ${record.name}: ${record.getMessage()}`;
  if (record.hasExc) text += ` [${excText(record.exc)}]`;
  log(text);
}

silenceDebugSink();
addSink(toTrace, WARNING);

/** Names a scenario function as oslo names a function of the scenario's own module: '__main__.<name>'. */
export function mainFn<F extends (...args: any[]) => unknown>(f: F): F {
  return setCallableName(f, `__main__.${f.name}`);
}
