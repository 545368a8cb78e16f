import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod/mini';
import { countLogRecords, describeIssue, OtlpLogsRequestSchema } from '../core/telemetry';
import type { CollectorConfig } from './config';
import { summaryCsv } from './dashboard/csv';
import { DASHBOARD_CSP, renderDashboard, renderDenied } from './dashboard/page';
import { type Lang, LANGS, t } from './dashboard/strings';
import { hasBearer, hasCredential, HttpError, mediaType, readBody, send, sendJson } from './http';
import { closedListsOf } from './lists';
import { decodeProtobufLogs, decodeProtobufMetrics, encodeAnswer, ProtobufError } from './protobuf';
import type { EnrolmentLimiter } from './signals/enrolment';
import type { IdentityKeys } from './signals/identity';
import { ingestLogs, ingestMetrics } from './signals/ingest';
import { countDataPoints, OtlpMetricsRequestSchema } from './signals/otlpMetrics';
import { currentMonth, parsePeriod, type Period } from './periods';
import { type ClosedLists, type Summary, summarize } from './queries';
import { isBusy, type TelemetryStore } from './store';
import { auditIngest } from './auditRoute';
import type { AuditChainStore } from './auditStore';
import { renderAuditSection } from './dashboard/audit';

/** What every route needs. */
export interface RouteContext {
  config: CollectorConfig;
  store: TelemetryStore;
  /** The collector's keys: enrolled ids and pseudonyms. */
  keys: IdentityKeys;
  enrolments: EnrolmentLimiter;
  now: () => number;
  log: (line: string) => void;
  /** Forwarded audit trails (`auditStore.ts`), when open. */
  audit?: AuditChainStore;
}

/** Events dated further ahead than this are refused: a clock that wrong would skew the weeks. */
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** OTLP answers failures with a `google.rpc.Status` (code, message) in the request's encoding. */
const RPC_CODES: Record<number, number> = { 400: 3, 401: 16, 413: 8, 415: 3, 429: 8, 503: 14 };

/** Dispatches one request; failures become answers, never an unhandled rejection. */
export async function handle(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://collector');
  const isOtlp = url.pathname === '/v1/logs' || url.pathname === '/v1/metrics';
  try {
    const route = ROUTES.get(url.pathname);
    if (route === undefined) throw new HttpError(404, `There is nothing at ${url.pathname}: OTLP logs and metrics go to POST /v1/logs and /v1/metrics, the dashboard is at /.`);
    const method = request.method === 'HEAD' && route.method === 'GET' ? 'GET' : request.method;
    if (method !== route.method) throw new HttpError(405, `${url.pathname} accepts ${route.method} only.`, { Allow: route.method });
    await route.run(request, response, context, url);
  } catch (error) {
    // A backup holds SQLite's lock for a moment: the sender retries, nothing is lost.
    const busy = !(error instanceof HttpError) && isBusy(error);
    const failure =
      error instanceof HttpError
        ? error
        : busy
          ? new HttpError(503, 'The database is busy for a moment (a backup is copying it); retry shortly.', { 'Retry-After': '1' })
          : new HttpError(503, 'The collector could not handle this request (see its log); retry later.', { 'Retry-After': '5' });
    if (!(error instanceof HttpError) && !busy) context.log(`error: ${request.method} ${url.pathname}: ${(error as Error).message}`);
    // A body left unread (too large, refused early) is never read: the connection is closed.
    const headers = { ...failure.headers, ...(request.complete ? {} : { Connection: 'close' }) };
    if (response.headersSent) response.destroy();
    else if (isOtlp) answerOtlp(request, response, failure.status, { code: RPC_CODES[failure.status] ?? 2, message: failure.message }, headers);
    else sendJson(response, failure.status, { error: failure.message }, headers);
  }
}

interface Route {
  method: 'GET' | 'POST';
  run(request: IncomingMessage, response: ServerResponse, context: RouteContext, url: URL): Promise<void> | void;
}

/** Looked up by the request's path: a Map, so `/__proto__` is just a path with no route. */
const ROUTES = new Map<string, Route>(
  Object.entries({
    '/v1/logs': { method: 'POST', run: ingest },
    '/v1/metrics': { method: 'POST', run: ingestMetricsRoute },
    '/v1/enrol': { method: 'POST', run: enrol },
    '/v1/audit': { method: 'POST', run: auditIngest },
    '/': { method: 'GET', run: (request, response, context, url) => (lead(request, response, context, url, true) ? dashboard(request, response, context, url) : undefined) },
    '/api/summary.csv': {
      method: 'GET',
      run: async (request, response, context, url) => (lead(request, response, context, url, false) ? summaryCsvRoute(request, response, context, url) : undefined),
    },
    '/api/summary': { method: 'GET', run: (request, response, context, url) => (lead(request, response, context, url, false) ? summary(request, response, context, url) : undefined) },
    '/healthz': { method: 'GET', run: (_request, response, context) => sendJson(response, context.store.isOpen ? 200 : 503, { status: context.store.isOpen ? 'ok' : 'closing' }) },
  } satisfies Record<string, Route>),
);

/** The ingest token, when one is configured; a 401 naming what is wrong otherwise. */
function requireIngestToken(request: IncomingMessage, context: RouteContext): void {
  const { token } = context.config;
  if (token !== undefined && !hasBearer(request, token)) {
    const said = request.headers.authorization === undefined ? 'This collector needs a bearer token' : 'The bearer token is not the one this collector expects';
    throw new HttpError(401, `${said}: send Authorization: Bearer <token>, the token given to the collector with --token.`, { 'WWW-Authenticate': 'Bearer realm="aiguard-telemetry"' });
  }
}

/**
 * An OTLP/HTTP body, JSON or protobuf, gzip or deflate, bounded in size and in records (counted
 * while decoding protobuf, and before any record is checked in JSON): as the JSON encoding's
 * shape, checked against `schema` for its structure only.
 */
async function otlpBody<T>(request: IncomingMessage, context: RouteContext, signal: 'logs' | 'metrics', schema: z.ZodMiniType<T>, count: (data: T) => number): Promise<T> {
  requireIngestToken(request, context);
  const { maxBodyBytes, maxRecords } = context.config;
  const type = mediaType(request);
  const protobuf = isProtobuf(request);
  if (type !== 'application/json' && !protobuf) {
    throw new HttpError(415, `Content-Type '${type || '(none)'}' is not accepted: send OTLP/HTTP ${signal} as application/json or application/x-protobuf.`);
  }
  const body = await readBody(request, maxBodyBytes);
  const what = signal === 'logs' ? 'log records' : 'data points';
  const tooMany = () => new HttpError(413, `The request holds more than ${maxRecords} ${what}: send smaller batches (send_batch_max_size in an OpenTelemetry Collector), or raise --max-records.`);
  let json: unknown;
  if (protobuf) {
    try {
      json = signal === 'logs' ? decodeProtobufLogs(body, maxRecords, tooMany) : decodeProtobufMetrics(body, maxRecords, tooMany);
    } catch (error) {
      if (error instanceof ProtobufError) throw new HttpError(400, `The body is not a protobuf ${signal === 'logs' ? 'ExportLogsServiceRequest' : 'ExportMetricsServiceRequest'}: ${error.message}.`);
      throw error;
    }
  } else {
    try {
      // An empty body is an empty request, as it is in protobuf: nothing to store.
      json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new HttpError(400, `The body is not valid JSON: ${(error as Error).message}.`);
    }
  }
  const envelope = schema.safeParse(json, { reportInput: true });
  if (!envelope.success) {
    const [first, ...others] = envelope.error.issues;
    throw new HttpError(
      400,
      `The body is not an OTLP ${signal} export request: ${first === undefined ? 'invalid' : describeIssue(first, '(body)')}${others.length > 0 ? ` (and ${others.length} more problems)` : ''}.`,
    );
  }
  // Counted before any record is checked: a small body of many empty records costs nothing more.
  if (count(envelope.data) > maxRecords) throw tooMany();
  return envelope.data;
}

async function ingest(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const envelope = await otlpBody(request, context, 'logs', OtlpLogsRequestSchema, countLogRecords);
  const records = countLogRecords(envelope);
  const ingested = ingestLogs(envelope, { keys: context.keys });
  const now = context.now();
  const events = ingested.events.filter((event) => event.time <= now + MAX_CLOCK_SKEW_MS);
  const signals = ingested.signals.filter((signal) => signal.time <= now + MAX_CLOCK_SKEW_MS);
  const future = ingested.events.length - events.length + (ingested.signals.length - signals.length > 0 ? 1 : 0);
  const rejected = ingested.rejected + future;
  await context.store.insert(events, now, { signals, enrolled: ingested.enrolled });
  if (rejected === 0) {
    answerOtlp(request, response, 200, {});
    return;
  }
  // Records that cannot be used never fail the batch (an OpenTelemetry Collector merges many
  // senders' records into one request): they are counted in an OTLP partial success.
  const first = ingested.firstProblem ?? `${future} events are dated more than a day ahead of the collector's clock`;
  answerOtlp(request, response, 200, {
    partialSuccess: { rejectedLogRecords: rejected, errorMessage: `${rejected} of ${records} log records are not events this collector reads and were not stored; the first problem: ${first}.` },
  });
}

async function ingestMetricsRoute(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const envelope = await otlpBody(request, context, 'metrics', OtlpMetricsRequestSchema, countDataPoints);
  const points = countDataPoints(envelope);
  const ingested = ingestMetrics(envelope, { keys: context.keys });
  const now = context.now();
  const signals = ingested.signals.filter((signal) => signal.time <= now + MAX_CLOCK_SKEW_MS);
  const future = ingested.signals.length - signals.length;
  await context.store.insert([], now, { signals });
  const rejected = ingested.rejected + future;
  if (rejected === 0) {
    answerOtlp(request, response, 200, {});
    return;
  }
  const first = ingested.firstProblem ?? `${future} data points are dated more than a day ahead of the collector's clock`;
  answerOtlp(request, response, 200, {
    partialSuccess: { rejectedDataPoints: rejected, errorMessage: `${rejected} of ${points} data points are not metrics this collector reads and were not stored; the first problem: ${first}.` },
  });
}

/**
 * `POST /v1/enrol`: a new installation id, issued by the collector (with the ingest token).
 * Only ids it issued count towards k-anonymity. Rate limited, per address and overall; each
 * day's count is kept, and the dashboard flags a burst.
 */
async function enrol(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  requireIngestToken(request, context);
  const now = context.now();
  const wait = context.enrolments.take(request.socket.remoteAddress ?? '', now);
  if (wait > 0) throw new HttpError(429, `Too many installation ids were asked for: retry in ${Math.ceil(wait / 1000)} s.`, { 'Retry-After': String(Math.ceil(wait / 1000)) });
  const installationId = context.keys.issue();
  await context.store.countEnrolment(now);
  sendJson(response, 200, { installationId });
}

function isProtobuf(request: IncomingMessage): boolean {
  const type = mediaType(request);
  return type === 'application/x-protobuf' || type === 'application/protobuf';
}

/** An OTLP answer in the request's encoding: JSON, or protobuf for a protobuf request. */
function answerOtlp(request: IncomingMessage, response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (isProtobuf(request)) send(response, status, 'application/x-protobuf', encodeAnswer(body), headers);
  else sendJson(response, status, body, headers);
}

/**
 * Whether the request carries the AI lead's credentials (the dashboard token, as a bearer token
 * or as the password of basic auth, so a browser can ask for it). Otherwise it answers 401, or
 * 403 when no dashboard token is configured: the figures are never served to anyone else.
 */
function lead(request: IncomingMessage, response: ServerResponse, context: RouteContext, url: URL, html: boolean): boolean {
  const token = context.config.dashboardToken;
  if (token !== undefined && hasCredential(request, token)) return true;
  const lang = preferredLang(request.headers['accept-language']);
  const status = token === undefined ? 403 : 401;
  const message = t(lang, token === undefined ? 'dashboardOff' : request.headers.authorization === undefined ? 'dashboardLogin' : 'dashboardWrongCredentials');
  const headers: Record<string, string> = token === undefined ? {} : { 'WWW-Authenticate': 'Basic realm="aiguard-dashboard", charset="UTF-8"' };
  if (html && url.pathname === '/')
    send(response, status, 'text/html; charset=utf-8', renderDenied(lang, message), {
      ...headers,
      'Content-Security-Policy': DASHBOARD_CSP,
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
  else sendJson(response, status, { error: message }, headers);
  return false;
}

/** `period` (an ISO week `2026-W11` or a month `2026-03`; default this month) and `lang`, strictly. */
const QuerySchema = z.strictObject({
  period: z.optional(z.string().check(z.regex(/^\d{4}-(?:W\d{2}|\d{2})$/, 'must be an ISO week (2026-W11) or a month (2026-03)'))),
  lang: z.optional(z.enum(LANGS)),
});

function queryOf(url: URL, now: number): { period: Period; lang: Lang | undefined } {
  // Keyed by what the client sent: an object without a prototype, so `__proto__` is just a key.
  const query = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams) query[name] = value;
  const parsed = QuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const text = issue?.code === 'invalid_format' ? `${String(issue.path[0])}: ${issue.message}` : issue === undefined ? 'invalid' : describeIssue(issue, 'query');
    throw new HttpError(400, `Invalid query parameter: ${text}.`);
  }
  const period = parsed.data.period === undefined ? currentMonth(now) : parsePeriod(parsed.data.period);
  if (period === undefined) throw new HttpError(400, 'Invalid query parameter: period: no such week or month.');
  return { period, lang: parsed.data.lang };
}

const listsOf = new WeakMap<RouteContext['config'], ClosedLists>();

function summaryFor(context: RouteContext, period: Period): Promise<Summary> {
  let lists = listsOf.get(context.config);
  if (lists === undefined) listsOf.set(context.config, (lists = closedListsOf(context.config)));
  return summarize(context.store, { period, now: context.now(), kAnonymity: context.config.kAnonymity, teamSize: context.config.teamSize, lists });
}

async function summary(_request: IncomingMessage, response: ServerResponse, context: RouteContext, url: URL): Promise<void> {
  const { period } = queryOf(url, context.now());
  sendJson(response, 200, { ...(await summaryFor(context, period)), ...(context.audit ? { audit: await context.audit.summary() } : {}) });
}

async function summaryCsvRoute(_request: IncomingMessage, response: ServerResponse, context: RouteContext, url: URL): Promise<void> {
  const { period } = queryOf(url, context.now());
  send(response, 200, 'text/csv; charset=utf-8', summaryCsv(await summaryFor(context, period)), { 'Content-Disposition': `attachment; filename="aiguard-${period.id}.csv"` });
}

async function dashboard(request: IncomingMessage, response: ServerResponse, context: RouteContext, url: URL): Promise<void> {
  const now = context.now();
  const { period, lang } = queryOf(url, now);
  const chosen = lang ?? preferredLang(request.headers['accept-language']);
  const page = renderDashboard(await summaryFor(context, period), chosen, now);
  // The forwarded audit trails' section goes last in the page (its own module).
  const html = context.audit ? page.replace('</main>', `${renderAuditSection(await context.audit.summary(), chosen)}</main>`) : page;
  send(response, 200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': DASHBOARD_CSP, 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
}

/** French or English from Accept-Language, by preference order; English otherwise. */
export function preferredLang(header: string | undefined): Lang {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked.find((entry) => (LANGS as readonly string[]).includes(entry.lang))?.lang as Lang | undefined) ?? 'en';
}
