import type { TelemetryHttp, TelemetryStorage } from '../core/telemetry';
import { withFileLock } from './fileLock';
import { appendText, readTextIfExists, replaceText } from './textFiles';

/**
 * The telemetry outbox in one file (the editor's global storage, shared by its windows):
 * a journal (see outbox.ts) appended to, and compacted through a temporary file and a rename,
 * under a `.lock` file.
 */
export function fileTelemetryStorage(path: string): TelemetryStorage {
  return {
    read: () => readTextIfExists(path),
    write: (text) => replaceText(path, text),
    append: (text) => appendText(path, text),
    withLock: (work) => withFileLock(`${path}.lock`, work, (cause) => new Error('the telemetry outbox is locked by another window', { cause })),
  };
}

/** POSTs with the runtime's `fetch`: a timeout, no redirects (a redirect is retried like a failure). */
export const fetchTelemetryHttp: TelemetryHttp = {
  post: async (url, body, { timeoutMs, headers }) => {
    const response = await fetch(url, { method: 'POST', body, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, text: await response.text(), ...(retryAfter !== undefined ? { retryAfter } : {}) };
  },
};
