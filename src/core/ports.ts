/**
 * The small interfaces through which the core talks to the outside world. Callers (the editor
 * adapter, the CLI, tests) pass implementations in; the core never reaches for a global.
 * Later issues add Clock, SecretStore, KeyValueStore, Http and AuditSink here.
 */

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** A logger that drops everything, for callers that have nowhere to write. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
