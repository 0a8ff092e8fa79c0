/**
 * restaurant-telemetry-app/testing: what a test of this app's telemetry needs, in one import. The
 * app's own tests use it on every run.
 */
export { type AccessRecord, parseAccessLine, unescapeField } from './access-log';
export { comparableLine } from './comparable';
export {
  type AnyRecord,
  JSON_LOG_FILES,
  type JsonLogFile,
  type JsonRecord,
  LOG_FILES,
  LogDirectory,
  type LogFile,
  parseJsonLine,
  type WaitOptions,
} from './log-files';
export { schemaProblems } from './schemas';
