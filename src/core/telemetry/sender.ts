import * as z from 'zod/mini';
import { parseJsonAs } from '../json';
import type { HttpPost, HttpPostResponse, Logger } from '../ports';
import { type TelemetryResource, TelemetryResourceSchema } from './events';
import { encodeOtlpLogs } from './otlp';
import type { Outbox } from './outbox';

/**
 * Sends the outbox to an OTLP/HTTP endpoint in batches. It never throws into its caller and
 * never waits between attempts: a failed batch stays queued, and the next attempt is scheduled
 * after an exponential backoff with jitter (or the endpoint's `Retry-After` on 429 and 503), so
 * the editor is never held up. A 4xx other than 408 and 429 means retrying cannot help: the
 * batch is dropped and the telemetry log says why (the status, never the content).
 */

/** The answer to a POST (the `HttpPost` port's). */
export type TelemetryHttpResponse = HttpPostResponse;

/** Outgoing HTTP(S) POST for telemetry: the `HttpPost` port, which the audit trail's forwarding shares. */
export type TelemetryHttp = HttpPost;

/** Where to send and as whom, when telemetry is allowed right now; undefined when it is not. */
export interface SendTarget {
  logsUrl: string;
  /** The collector's ingest token, sent as `Authorization: Bearer` (never logged). */
  token?: string;
  resource: Omit<TelemetryResource, 'installationId'>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SenderOptions {
  outbox: Outbox;
  http: TelemetryHttp;
  target: () => SendTarget | undefined;
  /** This window's id, for the outbox's sending lease. */
  owner: string;
  logger: Logger;
  batchSize?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured (default one hour). */
  maxRetryAfterMs?: number;
  /** How often queued events are flushed (default 60 s). */
  periodMs?: number;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
}

export type FlushResult = { status: 'idle' | 'not-allowed' | 'busy' | 'backing-off'; sent: number } | { status: 'retry'; sent: number; delayMs: number; reason: string };

/** The delay before retry number `failures` (1-based): exponential, capped, with jitter in [50 %, 100 %]. */
export function backoffDelay(failures: number, random: () => number, baseMs: number, maxMs: number): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}

/** A `Retry-After` value (seconds, or an HTTP date) in milliseconds from `now`, or undefined when unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * An OTLP answer's partial success (OTLP/JSON writes 64-bit counts as strings or numbers). Only
 * what the note needs is read; an answer of another shape says nothing.
 */
const PartialSuccessSchema = z.object({
  partialSuccess: z.optional(z.object({ rejectedLogRecords: z.optional(z.union([z.number(), z.string()])), errorMessage: z.optional(z.string()) })),
});

function partialSuccessNote(text: string): string | undefined {
  const partial = parseJsonAs(text, PartialSuccessSchema)?.partialSuccess;
  const rejected = Number(partial?.rejectedLogRecords ?? 0);
  if (!Number.isFinite(rejected) || rejected <= 0) return undefined;
  const message = partial?.errorMessage !== undefined ? `: ${partial.errorMessage.slice(0, 300)}` : '';
  return `${rejected} rejected by the endpoint${message}`;
}

const EnrolmentSchema = z.object({ installationId: z.string() });

export class TelemetrySender {
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly periodMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private failures = 0;
  private notBefore = 0;
  private running: Promise<FlushResult> | undefined;
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private started = false;

  constructor(private readonly options: SenderOptions) {
    this.batchSize = options.batchSize ?? 50;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60 * 60_000;
    this.periodMs = options.periodMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
  }

  /** How many failed attempts in a row, and when the next may start (for the log and tests). */
  get backoff(): { failures: number; notBefore: number } {
    return { failures: this.failures, notBefore: this.notBefore };
  }

  /** Starts flushing every `periodMs` (and after backoffs). */
  start(): void {
    this.started = true;
    this.schedule(this.periodMs);
  }

  /** Stops every timer; a flush under way finishes on its own. */
  stop(): void {
    this.started = false;
    this.cancelTimer();
  }

  /** Asks for a flush after `delayMs` (sooner than a later one already planned), unless backing off. */
  soon(delayMs = 2_000): void {
    if (!this.started) return;
    this.schedule(Math.max(delayMs, this.notBefore - this.now()));
  }

  /**
   * Sends queued events, batch after batch, until the queue is empty or an attempt fails. Never
   * rejects. While a backoff runs, returns at once unless `force` (the last flush on shutdown).
   */
  flush(force = false): Promise<FlushResult> {
    if (this.running) return Promise.resolve({ status: 'busy', sent: 0 });
    if (!force && this.now() < this.notBefore) return Promise.resolve({ status: 'backing-off', sent: 0 });
    const run = this.sendAll()
      .catch((error: unknown): FlushResult => {
        // Only the storage can fail here (a full disk, a lock held too long): try again later.
        this.options.logger.warn(`Telemetry: the outbox could not be read or written (${error instanceof Error ? error.name : 'error'}); will retry.`);
        return this.failed('outbox unavailable', undefined, 0);
      })
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }

  /** Collectors that answered that they issue no ids (an older collector), and when to ask again one that failed. */
  private readonly enrolment = new Map<string, number>();

  /**
   * Asks the collector for an installation id it issued, once (`POST /v1/enrol`): it counts only
   * those towards its anonymity threshold, so that invented ids cannot lift a small group into
   * view. A collector without enrolment (404, 405) is not asked again; any other failure is asked
   * again ten minutes later, and meanwhile events go out under the id drawn at random.
   */
  private async enrol(target: SendTarget): Promise<void> {
    const collector = target.logsUrl.replace(/\/v1\/logs\/?$/, '');
    if ((this.enrolment.get(collector) ?? 0) > this.now()) return;
    if ((await this.options.outbox.enrolledId(collector)) !== undefined) return;
    try {
      const response = await this.options.http.post(`${collector}/v1/enrol`, '{}', {
        timeoutMs: this.timeoutMs,
        headers: { 'content-type': 'application/json', ...(target.token !== undefined ? { authorization: `Bearer ${target.token}` } : {}) },
      });
      if (response.status === 404 || response.status === 405) {
        this.enrolment.set(collector, Number.POSITIVE_INFINITY);
        return;
      }
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      const id = parseJsonAs(response.text, EnrolmentSchema)?.installationId;
      if (id === undefined) throw new Error('no installation id in the answer');
      await this.options.outbox.adoptEnrolledId(id, collector);
    } catch (error) {
      this.enrolment.set(collector, this.now() + 10 * 60_000);
      this.options.logger.warn(
        `Telemetry: the collector did not issue an installation id (${error instanceof Error ? error.message : String(error)}); events go out under a random one, which it does not count towards its threshold.`,
      );
    }
  }

  private async sendAll(): Promise<FlushResult> {
    let sent = 0;
    for (;;) {
      const target = this.options.target();
      if (target === undefined) return { status: 'not-allowed', sent };
      await this.enrol(target);
      const leased = await this.options.outbox.lease(this.options.owner, this.timeoutMs + 5_000, this.batchSize);
      if (leased === undefined) {
        this.failures = 0;
        this.notBefore = 0;
        return { status: 'idle', sent };
      }
      const { installationId, batch } = leased;
      const resource = TelemetryResourceSchema.safeParse({ ...target.resource, installationId });
      if (!resource.success) {
        await this.options.outbox.settle(this.options.owner, undefined);
        this.options.logger.warn('Telemetry: the installation description is not valid; nothing was sent.');
        return { status: 'not-allowed', sent };
      }
      const body = JSON.stringify(encodeOtlpLogs(resource.data, batch, this.now()));
      const ids = batch.map((event) => event.id);
      let response: TelemetryHttpResponse;
      try {
        response = await this.options.http.post(target.logsUrl, body, {
          timeoutMs: this.timeoutMs,
          headers: { 'content-type': 'application/json', ...(target.token !== undefined ? { authorization: `Bearer ${target.token}` } : {}) },
        });
      } catch (error) {
        await this.options.outbox.settle(this.options.owner, undefined);
        const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network error';
        return this.failed(reason, undefined, sent);
      }
      const { status } = response;
      if (status >= 200 && status < 300) {
        const note = partialSuccessNote(response.text);
        await this.options.outbox.settle(this.options.owner, ids, { kind: 'sent', count: batch.length, status, body, ...(note !== undefined ? { note } : {}) });
        this.options.logger.info(`Telemetry: sent ${batch.length} event(s) (HTTP ${status})${note !== undefined ? `; ${note.split(':')[0]}` : ''}.`);
        sent += batch.length;
        this.failures = 0;
        this.notBefore = 0;
        continue;
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        const note = `the endpoint answered HTTP ${status}; retrying cannot fix that, so the batch was dropped`;
        await this.options.outbox.settle(this.options.owner, ids, { kind: 'refused', count: batch.length, status, body, note });
        this.options.logger.warn(`Telemetry: the endpoint refused a batch of ${batch.length} event(s) (HTTP ${status}); it was dropped.`);
        continue;
      }
      await this.options.outbox.settle(this.options.owner, undefined);
      const honoured = status === 429 || status === 503 ? retryAfterMs(response.retryAfter, this.now()) : undefined;
      return this.failed(`HTTP ${status}`, honoured, sent);
    }
  }

  private failed(reason: string, retryAfter: number | undefined, sent: number): FlushResult {
    this.failures += 1;
    const delayMs = retryAfter !== undefined ? Math.min(retryAfter, this.maxRetryAfterMs) : backoffDelay(this.failures, this.random, this.baseDelayMs, this.maxDelayMs);
    this.notBefore = this.now() + delayMs;
    this.options.logger.info(`Telemetry: sending failed (${reason}); events stay queued, next attempt in ${Math.round(delayMs / 1_000)} s.`);
    if (this.started) this.schedule(delayMs);
    return { status: 'retry', sent, delayMs, reason };
  }

  private schedule(delayMs: number): void {
    const at = this.now() + delayMs;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        void this.flush().then(() => {
          if (this.started && this.timer === undefined) this.schedule(Math.max(this.periodMs, this.notBefore - this.now()));
        });
      },
      Math.max(0, delayMs),
    );
    // A pending flush must not keep a Node process (the CLI, a test run) alive.
    (this.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
