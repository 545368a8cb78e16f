/**
 * When to try a failed provider request again, and how long to wait first.
 *
 * The SDKs can retry on their own, but their wait cannot be cancelled and they obey any
 * `retry-after`, however long; the calls here run with the SDKs' retries off and use this policy
 * instead, the same for every provider.
 */

export const DEFAULT_MAX_RETRIES = 2;

/** The first backoff, doubled at each retry up to `MAX_BACKOFF_MS`. */
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * The longest `retry-after` honoured. A provider asking for more (a quota reset in an hour) is
 * not waited for: the call fails at once and the message says when to try again.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait before retry number `retry` (1 for the first): what the provider asked for when it
 * said, else an exponential backoff with up to 25 % jitter, so that clients that failed together
 * do not all come back at the same moment.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const backoff = Math.min(INITIAL_BACKOFF_MS * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return backoff * (1 - random() * 0.25);
}

/** The headers a failed response may carry, as the SDKs expose them. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The wait a response asks for: `retry-after-ms` (OpenAI's, precise), else `retry-after` in
 * seconds or as an HTTP date. Undefined when neither is present or readable.
 */
export function retryAfterMs(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or less when `signal` aborts; resolves false then, so the caller can stop. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
