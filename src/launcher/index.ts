/**
 * greenhub/launcher: oslo.service's in-process layer (services, thread groups, looping calls, periodic tasks,
 * launchers, signals, configuration, logging) and the process launcher, on greenhub's green threads.
 */
export {
  TRACE,
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL,
  Logger,
  LogRecord,
  getLogger,
  addSink,
  silenceDebugSink,
  debugSink,
  levelName,
  formatException,
  pyFormat,
  pyStr,
  pyRepr,
  formatFixed,
  formatRecord,
  logToStderr,
  type LogSink,
} from './log.js';
export {
  ConfigOpts,
  StrOpt,
  IntOpt,
  FloatOpt,
  BoolOpt,
  ListOpt,
  serviceOpts,
  eventletBackdoorOpts,
  periodicOpts,
  ValueError,
  RuntimeError,
  ConfigError,
  NoSuchOptError,
  DuplicateOptError,
  ConfigFileParseError,
  ConfigFileValueError,
  ArgsError,
  type Opt,
  type OptType,
  type OptValue,
  type ParseOptions,
} from './conf.js';
export {
  SignalHandler,
  SignalExit,
  alarm,
  isDaemon,
  isSighupAndDaemon,
  signalNumber,
  nodeSignalName,
  type SignalCallback,
} from './signals.js';
export { ThreadGroup, Thread, type TimerOptions, type DynamicTimerOptions } from './threadgroup.js';
export {
  LoopingCallBase,
  FixedIntervalLoopingCall,
  FixedIntervalWithTimeoutLoopingCall,
  DynamicLoopingCall,
  BackOffLoopingCall,
  RetryDecorator,
  LoopingCallDone,
  LoopingCallTimeOut,
  setCallableName,
  callableName,
  systemRandom,
  type LoopingFunction,
  type IdleFor,
  type GaussSource,
  type FixedIntervalOptions,
  type FixedIntervalWithTimeoutOptions,
  type DynamicOptions,
  type BackOffOptions,
  type RetryOptions,
} from './loopingcall.js';
export {
  PeriodicTasks,
  periodicTask,
  periodicTaskInfo,
  nearestBoundary,
  setPeriodicClock,
  InvalidPeriodicTaskArg,
  DEFAULT_INTERVAL,
  type PeriodicTaskOptions,
  type PeriodicTaskInfo,
  type TaskFunction,
} from './periodic-task.js';
export {
  ServiceBase,
  Service,
  Services,
  checkServiceBase,
  callService,
  describeValue,
  LAUNCHER_RESTART_METHODS,
  type ServiceResult,
} from './service.js';
export { Launcher, ServiceLauncher, launch, type ExitStatus } from './launcher.js';
export { ProcessLauncher, ServiceWrapper, type ProcessLauncherOptions } from './process-launcher.js';
export { openListeningSocket, isWorker, workerIndex, ListeningSocket } from './worker.js';
export { notify, notifyOnce, onready, sdNotify, abstractify } from './systemd.js';
export { initializeIfEnabled, startBackdoor, EventletBackdoorConfigValueError } from './backdoor.js';
