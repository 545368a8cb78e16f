/**
 * Application log lines: mostly ordinary ones (requests, jobs, timings, trace ids), some carrying a
 * value the engine must find, as logs leak them in real life (a logged header, a connection URL in
 * a start-up message, an e-mail in a login line).
 */
import { type Fragment, f, mapText, mark } from './builder';
import { basicAuthUrl, connectionUrl, gitRemoteWithToken, marked, namedSecretAssignments } from './contexts';
import { uuid } from './noise';
import { ALPHABET, type Random } from './random';
import { awsAccessKeyId, slackWebhook, stripeKey } from './values';
import { ENTITIES, SERVICE_NAMES, VERBS, capitalize } from './words';

export type LogStyle = 'logback' | 'json' | 'python' | 'nginx';

/** Time moving forward by random steps from a random day of 2024 (UTC). */
export class LogClock {
  private ms: number;

  constructor(r: Random) {
    this.ms = Date.UTC(2024, 0, 1) + r.int(0, 330) * 86_400_000 + r.int(0, 86_399_999);
  }

  tick(r: Random): Date {
    this.ms += r.int(1, 1500);
    return new Date(this.ms);
  }
}

const path = (r: Random) => `/api/v${r.int(1, 3)}/${r.pick(ENTITIES)}s${r.bool() ? `/${r.int(1, 99999)}` : ''}`;

/** Messages with nothing to find. */
const ORDINARY: Array<(r: Random) => Fragment> = [
  (r) => `${r.pick(['GET', 'POST', 'PUT', 'DELETE'])} ${path(r)} -> ${r.pick([200, 200, 200, 201, 204, 304, 400, 404, 500])} in ${r.int(1, 900)} ms`,
  (r) => `Request completed requestId=${uuid(r)} status=${r.pick([200, 201, 404])} duration=${r.int(1, 400)}ms`,
  (r) => `Scheduled job export-${r.pick(ENTITIES)}s finished in ${r.int(20, 9000)} ms (${r.int(0, 5000)} items)`,
  (r) => `HikariPool-1 - Pool stats (total=${r.int(5, 20)}, active=${r.int(0, 5)}, idle=${r.int(0, 15)}, waiting=0)`,
  (r) => `Health check OK (db=UP, cache=UP, queue=${r.pick(['UP', 'DEGRADED'])})`,
  (r) => `Retrying call to partner API (attempt ${r.int(2, 5)}/5) after ${r.int(100, 3000)} ms`,
  (r) => `Cache ${r.pick(['hit', 'miss'])} for ${r.pick(ENTITIES)}:${r.int(1, 99999)} (ratio ${(r.int(50, 99) / 100).toFixed(2)})`,
  (r) => `Processed batch ${r.int(1, 40)}/40 of ${r.pick(ENTITIES)} import`,
  (r) => `Consumer ${r.pick(SERVICE_NAMES)}-events lag=${r.int(0, 2000)} partition=${r.int(0, 11)}`,
  (r) => `Feature flag newCheckout evaluated to ${r.bool()} for tenant t-${r.int(100, 999)}`,
  (r) => `Slow query (${r.int(500, 4000)} ms): SELECT id, status FROM ${r.pick(ENTITIES)}s WHERE owner_id = ? LIMIT 50`,
  (r) => `Upload accepted: ${r.int(1, 900)} KB, content-type=application/pdf, traceId=${r.chars(ALPHABET.hex, 32)}`,
  (r) => `Token refreshed for client_id=${r.pick(SERVICE_NAMES)}-backend, expires_in=3600`,
  (r) => `Payment declined for order ${r.int(10000, 99999)}: card ending in ${r.digits(4)} (masked **** **** **** ${r.digits(4)})`,
];

/** Messages carrying values the engine must find. */
const SENSITIVE: Array<(r: Random) => Fragment> = [
  (r) => f`User login succeeded for ${marked.email(r)}`,
  (r) => f`Login failed for ${marked.email(r)} from ${marked.ipv4(r)} (reason=bad_password)`,
  (r) => f`SMS de confirmation envoyé au ${marked.phone(r)}`,
  (r) => f`Outgoing request headers: Authorization=Bearer ${marked.jwt(r)}; Accept=application/json`,
  (r) => f`Connecting to ${connectionUrl(r)}`,
  (r) => f`IBAN rejeté par la validation : ${marked.iban(r)} (client ${marked.client(r)})`,
  (r) => f`DEBUG payment payload card_number=${marked.card(r)} exp=${String(r.int(1, 12)).padStart(2, '0')}/${r.int(25, 30)}`,
  (r) => f`Loaded configuration: ${namedSecretAssignments(r, 'json', 1)}`,
  (r) => f`git clone ${gitRemoteWithToken(r)} failed: exit code 128`,
  (r) => f`Slack notification failed: POST ${mark('slack-webhook', slackWebhook(r))} returned 404`,
  (r) => f`Stripe error: Invalid API Key provided: ${mark('stripe-key', stripeKey(r))}`,
  (r) => f`Upstream ${marked.host(r)} timed out after 30000 ms`,
  (r) => f`Import terminé pour le client ${marked.client(r)} (projet ${marked.codename(r)})`,
  (r) => f`Ticket ${marked.ticket(r)} assigné à ${marked.person(r)}`,
  (r) => f`Client connected from ${marked.ipv6(r)}`,
  (r) => f`Dossier créé : NIR=${marked.nir(r)} SIRET=${marked.siret(r)}`,
  (r) => f`Fournisseur vérifié, SIREN ${marked.siren(r)}`,
  (r) => f`Using AWS credentials AccessKeyId=${mark('aws-access-key-id', awsAccessKeyId(r))} from environment`,
  (r) => f`Fetching artifacts from ${basicAuthUrl(r)}`,
  (r) => f`Proxy forwarded request from ${marked.ipv4(r)} to ${marked.host(r)}`,
];

function timestamp(date: Date, style: LogStyle): string {
  const iso = date.toISOString();
  switch (style) {
    case 'logback':
      return iso.replace('T', ' ').slice(0, 23);
    case 'python':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
    default:
      return iso;
  }
}

const LEVELS: ReadonlyArray<readonly [string, number]> = [
  ['INFO', 70],
  ['DEBUG', 15],
  ['WARN', 10],
  ['ERROR', 5],
];

/** One log line (newline included); a sensitive one with probability `sensitiveRate`. */
export function logLine(r: Random, style: LogStyle, clock: LogClock, sensitiveRate: number): Fragment {
  const date = clock.tick(r);
  const message = r.bool(sensitiveRate) ? r.pick(SENSITIVE)(r) : r.pick(ORDINARY)(r);
  const level = r.weighted(LEVELS);
  const service = r.pick(SERVICE_NAMES);
  switch (style) {
    case 'logback': {
      const line = f`${timestamp(date, style)} ${level.padStart(5)} ${r.int(1000, 65000)} --- [nio-8080-exec-${r.int(1, 12)}] f.e.${service}.${r.pick(ENTITIES)}.Controller : ${message}\n`;
      return level === 'ERROR' && r.bool(0.5) ? [line, stackTrace(r, service)] : line;
    }
    case 'python':
      return f`${timestamp(date, style)} ${level} [${service}.worker] ${message}\n`;
    case 'json': {
      const escaped = mapText(message, (text) => JSON.stringify(text).slice(1, -1));
      return f`{"timestamp":"${timestamp(date, style)}","level":"${level.toLowerCase()}","service":"${service}","message":"${escaped}","trace_id":"${r.chars(ALPHABET.hex, 32)}","span_id":"${r.chars(ALPHABET.hex, 16)}"}\n`;
    }
    case 'nginx':
      return accessLogLine(r, date);
  }
}

/** A Java stack trace, as Logback prints it under an ERROR line. */
function stackTrace(r: Random, service: string): string {
  const frames = [
    `${r.pick(['java.net.SocketTimeoutException: Read timed out', 'java.lang.IllegalStateException: no current transaction', 'org.springframework.dao.DataIntegrityViolationException: duplicate key value'])}\n`,
  ];
  for (let i = r.int(4, 10); i > 0; i--) {
    const entity = capitalize(r.pick(ENTITIES));
    frames.push(
      `\tat fr.etech.${service}.${entity.toLowerCase()}.${entity}${r.pick(['Service', 'Repository', 'Controller'])}.${r.pick(VERBS)}(${entity}${r.pick(['Service', 'Repository', 'Controller'])}.java:${r.int(20, 600)})\n`,
    );
  }
  frames.push(`\t... ${r.int(10, 80)} common frames omitted\n`);
  return frames.join('');
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.94 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'curl/8.5.0',
  'okhttp/4.12.0',
  'kube-probe/1.29',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An nginx "combined" access log line: it always starts with the client's address. */
function accessLogLine(r: Random, date: Date): Fragment {
  const iso = date.toISOString();
  const when = `${iso.slice(8, 10)}/${MONTHS[date.getUTCMonth()] ?? 'Jan'}/${iso.slice(0, 4)}:${iso.slice(11, 19)} +0000`;
  const client = r.bool(0.9) ? marked.ipv4(r) : marked.ipv6(r);
  return f`${client} - - [${when}] "${r.pick(['GET', 'GET', 'POST'])} ${path(r)} HTTP/1.1" ${r.pick([200, 200, 304, 404])} ${r.int(120, 90000)} "-" "${r.pick(USER_AGENTS)}"\n`;
}
