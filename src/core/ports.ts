/**
 * The small interfaces through which the core talks to the outside world. Callers (the editor
 * adapter, the CLI, tests) pass implementations in; the core never reaches for a global.
 * Later issues add Clock, SecretStore and AuditSink here.
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

/** One entry of a folder listing. A symbolic link may be listed as `other` (the CLI does, so that walking a tree never follows a loop). */
export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory' | 'other';
}

/**
 * Read-only access to files, for loading policies and the ignore files of AI tools. Paths are
 * absolute, with `/` separators (`C:/work/x` on Windows). Both methods reject when the path
 * cannot be read; callers decide whether that matters.
 */
export interface FileReader {
  readFile(path: string): Promise<Uint8Array>;
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  /**
   * The path with every symbolic link resolved (absolute, `/` separators); it rejects when the
   * path does not exist. Without it, paths are classified as written.
   */
  realPath?(path: string): Promise<string>;
}

/** The answer to an HTTP GET: the status and the body as text. */
export interface HttpResponse {
  status: number;
  text: string;
}

/** Outgoing HTTPS, for the organisation policy. It rejects on network failure or timeout. */
export interface Http {
  get(url: string, options: { timeoutMs: number }): Promise<HttpResponse>;
}

/** The answer to an HTTP POST: the status, `Retry-After` if any, and the body as text. */
export interface HttpPostResponse {
  status: number;
  /** The `Retry-After` header, if any. */
  retryAfter?: string;
  text: string;
}

/**
 * Outgoing HTTP(S) POST, for telemetry and the audit trail's forwarding; rejects on a network
 * failure or after `timeoutMs`.
 */
export interface HttpPost {
  post(url: string, body: string, options: { timeoutMs: number; headers: Readonly<Record<string, string>> }): Promise<HttpPostResponse>;
}

/**
 * A small persistent key–value store of texts, so that what was fetched once (the organisation
 * policy) is still there offline. The editor backs it with its global state, the CLI with files.
 */
export interface TextCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/**
 * The operating system's keychain, for API keys: the editor backs it with SecretStorage. Keys
 * never go to settings files, logs or the audit trail; `get` resolves undefined for a key never
 * stored, and rejects when the keychain itself cannot be read.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
