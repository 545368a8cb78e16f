import { type Detector, type RawFinding, emitMatches, tick } from '../detector';
import { decodedBase64 } from '../checks';
import { isPlaceholderValue, notPlaceholder } from '../filters';
import type { LiteralHit } from '../literalIndex';

/**
 * Secrets whose format needs a little parsing: key blocks, URLs with passwords, JWTs, and
 * secrets that live in known fields of known files (Docker, Kubernetes, GCP, Azure).
 */

/** How far to look for the END line of a key block before treating it as truncated. */
const MAX_KEY_BLOCK = 64 * 1024;

/**
 * The whole PEM or OpenSSH private-key block, from BEGIN to the end of END, not just its header.
 * Public keys and certificates do not match: only `… PRIVATE KEY` labels do (`SSH2 ENCRYPTED
 * PRIVATE KEY` with its four dashes too). A block with no END (truncated in a log or a prompt) is
 * masked up to the end of its base64 body; a block whose body is a stand-in (`...`, `<your key>`,
 * nothing) is an example, not a key. Lines quoted with `> ` (a mail, a Markdown quote) are read
 * through, since the END marker is found wherever it is.
 */
function detectPrivateKeys(text: string, emit: (finding: RawFinding) => void): void {
  const begin = /(-{4,5}) ?BEGIN ((?:[A-Z0-9]{2,10} ){0,3}PRIVATE KEY(?: BLOCK)?) ?-{4,5}/g;
  // Where each END marker next occurs, searched again only once passed: a search per BEGIN over
  // the rest of the text was quadratic in a text of many BEGIN lines.
  const nextEnd = new Map<string, number>();
  for (let match = begin.exec(text); match !== null; match = begin.exec(text)) {
    tick();
    const dashes = match[1] as string;
    const endMarker = dashes === '----' ? `---- END ${match[2]} ----` : `-----END ${match[2]}-----`;
    const limit = Math.min(text.length, match.index + MAX_KEY_BLOCK);
    let endIndex = nextEnd.get(endMarker) ?? -2;
    if (endIndex !== -1 && endIndex < begin.lastIndex) {
      endIndex = text.indexOf(endMarker, begin.lastIndex);
      nextEnd.set(endMarker, endIndex);
    }
    let end: number;
    let bodyEnd: number;
    if (endIndex !== -1 && endIndex < limit) {
      end = endIndex + endMarker.length;
      bodyEnd = endIndex;
    } else {
      const body = /^(?:[A-Za-z0-9+/=:,\- \t\r\n>]|\\n)*/.exec(text.slice(begin.lastIndex, limit));
      end = begin.lastIndex + (body?.[0].length ?? 0);
      bodyEnd = end;
    }
    if (base64Characters(text, begin.lastIndex, bodyEnd) < MIN_KEY_BODY) {
      begin.lastIndex = Math.max(begin.lastIndex, Math.min(end, begin.lastIndex + 1));
      continue;
    }
    emit({ kind: 'private-key', start: match.index, end, rule: 'aiguard/private-key', confidence: 0.99 });
    begin.lastIndex = end;
  }
}

/** The shortest body of a real key block, in base64 characters (an Ed25519 OpenSSH key has about 300). */
const MIN_KEY_BODY = 64;

function base64Characters(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to && count < MIN_KEY_BODY; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47) count++;
  }
  return count;
}

/**
 * PuTTY private keys (`.ppk`, versions 2 and 3): from the `PuTTY-User-Key-File-` header to the
 * end of the `Private-MAC:` line, the private lines being in the middle.
 */
function detectPuttyKeys(text: string, emit: (finding: RawFinding) => void): void {
  const header = /PuTTY-User-Key-File-[23]:[^\n]{0,128}/g;
  // The next `Private-MAC:` is looked for again only once a header is past it: a search from
  // every header of a text without one read the rest of the text each time (quadratic).
  let mac = -2;
  for (let match = header.exec(text); match !== null; match = header.exec(text)) {
    tick();
    if (mac !== -1 && mac < header.lastIndex) mac = text.indexOf('Private-MAC:', header.lastIndex);
    if (mac === -1) return;
    if (mac - match.index > MAX_KEY_BLOCK) continue;
    const lineEnd = text.indexOf('\n', mac);
    const end = lineEnd === -1 ? text.length : lineEnd;
    emit({ kind: 'private-key', start: match.index, end, rule: 'aiguard/putty-private-key', confidence: 0.99 });
    header.lastIndex = end;
  }
}

/** A JWT's header must decode to JSON naming an algorithm; random dotted base64 does not. */
function jwtHeaderValid(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && ('alg' in header || 'typ' in header || 'enc' in header);
  } catch {
    return false;
  }
}

const BASE64URL = charTable('A-Za-z0-9_-');
/** A JWT's header is a few dozen characters; a longer run is not one, and is not decoded. */
const MAX_JWT_HEADER = 1024;
/** Starts tried in one run of base64url characters (`eyJ-eyJ-…` has one every four characters). */
const MAX_JWT_STARTS_PER_RUN = 4;

/** Where the run of base64url characters that contains `from` ends. */
function base64urlRunEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && inTable(BASE64URL, text.charCodeAt(end))) end++;
  return end;
}

/**
 * JWTs (`eyJ….eyJ….…`), from each `eyJ` the literal pass found. Three runs of base64url
 * characters separated by dots; the header must decode to a JOSE header. Each run is measured
 * once, whichever start it holds, and only its first starts are tried: a regex tried at every
 * `eyJ` of one long run measured it again each time, which was quadratic.
 */
function detectJwts(text: string, hits: readonly LiteralHit[], emit: (finding: RawFinding) => void): void {
  let coveredTo = 0;
  let runStart = -1;
  let runEnd = -1;
  let startsInRun = 0;
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    tick();
    const start = hit.start;
    if (start < coveredTo || !text.startsWith('eyJ', start) || inTable(BASE64URL_WORD, text.charCodeAt(start - 1))) continue;
    if (start >= runEnd) {
      runStart = start;
      runEnd = base64urlRunEnd(text, start);
      startsInRun = 0;
    }
    if (++startsInRun > MAX_JWT_STARTS_PER_RUN && start > runStart) continue;
    const headerEnd = runEnd;
    if (headerEnd - start < 11 || headerEnd - start > MAX_JWT_HEADER || text[headerEnd] !== '.' || !text.startsWith('eyJ', headerEnd + 1)) continue;
    const payloadEnd = base64urlRunEnd(text, headerEnd + 1);
    if (payloadEnd - headerEnd - 1 < 11 || text[payloadEnd] !== '.') continue;
    const signatureEnd = base64urlRunEnd(text, payloadEnd + 1);
    if (signatureEnd - payloadEnd - 1 < 16 || !jwtHeaderValid(text.slice(start, signatureEnd))) continue;
    emit({ kind: 'jwt', start, end: signatureEnd, rule: 'aiguard/jwt', confidence: 0.95 });
    coveredTo = signatureEnd;
  }
}

/** Word characters, for the boundary before a JWT (`\b` in the regex it replaces). */
const BASE64URL_WORD = charTable('A-Za-z0-9_');

function charTable(ranges: string): Uint8Array {
  const table = new Uint8Array(128);
  const pattern = new RegExp(`[${ranges}]`);
  for (let code = 0; code < 128; code++) table[code] = pattern.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}

function inTable(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** Schemes whose URL password is a database or broker password. */
const DATABASE_SCHEME =
  /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|db2|clickhouse|cockroachdb|couchdb|couchbase|neo4j(?:\+s)?|bolt|cassandra|kafka|nats|mqtts?|ldaps?|elasticsearch|influxdb|memcached|(?:jdbc|r2dbc):[a-z0-9]+)$/;
/** Schemes whose URLs may carry `user:password@`. */
const CREDENTIAL_SCHEME = /^(?:https?|ftps?|sftp|ssh|git|svn|smtps?|imaps?|wss?)$/;
const SCHEME_CHAR = /[a-z0-9+.:]/i;
const USERINFO_STOP = /[\s/'"`]/;

/**
 * The password in `scheme://user:password@host`, found from each `://` (a regex that tries every
 * scheme at every word boundary was one of the slowest parts of a scan). Database and broker
 * schemes give a database password, web and transfer schemes a password in a URL.
 */
function detectUrlCredentials(text: string, emit: (finding: RawFinding) => void): void {
  for (let marker = text.indexOf('://'); marker !== -1; marker = text.indexOf('://', marker + 3)) {
    tick();
    let schemeStart = marker;
    while (schemeStart > 0 && marker - schemeStart < 32 && SCHEME_CHAR.test(text[schemeStart - 1] as string)) schemeStart--;
    const scheme = text.slice(schemeStart, marker).toLowerCase();
    const database = DATABASE_SCHEME.test(scheme);
    if (!database && !CREDENTIAL_SCHEME.test(scheme)) continue;
    // userinfo runs to the last @ before any slash, space or quote: people write a password
    // holding an @ as it is (`svc:Velo@21@cluster0…`), where the URL syntax wants %40.
    let at = -1;
    for (let cursor = marker + 3; cursor < text.length && cursor - marker < 512 && !USERINFO_STOP.test(text[cursor] as string); cursor++) {
      if (text[cursor] === '@') at = cursor;
    }
    if (at === -1) continue;
    const userinfo = text.slice(marker + 3, at);
    const colon = userinfo.indexOf(':');
    if (colon === -1 || (!database && colon === 0)) continue;
    const password = userinfo.slice(colon + 1);
    if (password.length === 0 || !notPlaceholder(password) || !/[A-Za-z0-9.-]/.test(text[at + 1] ?? '')) continue;
    const start = marker + 3 + colon + 1;
    emit(
      database
        ? { kind: 'connection-string-password', start, end: at, rule: 'aiguard/connection-string', confidence: 0.95 }
        : { kind: 'basic-auth-password', start, end: at, rule: 'aiguard/basic-auth-url', confidence: 0.9 },
    );
  }
}

function detectDockerAuths(text: string, emit: (finding: RawFinding) => void): void {
  emitMatches(text, /"(?:auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=_-]{8,})"/dg, emit, {
    kind: 'docker-auth',
    rule: 'aiguard/docker-auth',
    confidence: 0.9,
    group: 1,
    accept: (value, match) => {
      if (!/identitytoken|registrytoken/.test(match[0])) {
        // A Docker `auth` is base64("user:password").
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        return /^[^:\s]+:\S+$/.test(decoded);
      }
      return !isPlaceholderValue(value);
    },
  });
}

/**
 * A value of a Secret's data is named after the Secret, even where another rule also sees it (a
 * base64 Docker config or credentials JSON inside the Secret): the most specific name wins a merge.
 */
const KUBERNETES_CONFIDENCE = 0.96;

/** `kind: Secret`, also quoted, as a list item (`- kind: Secret` in a `kind: List`) or in a diff (`+kind: Secret`). */
const SECRET_KIND = /^[+\- ]?[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*,?[ \t]*$/m;
/** A unified diff: its lines carry one column of `+`, `-` or space before the file's text. */
const UNIFIED_DIFF = /^(?:@@ -\d|\+\+\+ |diff --git )/m;

/**
 * The values under `data:` and `stringData:` of every Kubernetes manifest whose `kind` is
 * Secret (several documents may share one file, a `kind: List` holds several items, a diff
 * holds them behind its `+`/`-` column), and the same in JSON (`"kind": "Secret"`). A `data:`
 * value that decodes to a stand-in (`changeme` in base64) is not a secret.
 */
function detectKubernetesSecrets(text: string, emit: (finding: RawFinding) => void): void {
  if (/"kind"[ \t]*:[ \t]*"Secret"/.test(text)) detectKubernetesJsonSecrets(text, emit);
  if (!SECRET_KIND.test(text)) return;
  const diff = UNIFIED_DIFF.test(text);
  for (const document of splitYamlDocuments(text).flatMap(splitListItems)) {
    if (!SECRET_KIND.test(document.text)) continue;
    const lines = document.text.split('\n');
    let offset = document.start;
    let inData = false;
    let dataIndent = 0;
    for (const rawLine of lines) {
      tick();
      // In a diff, the first column is the diff's, not the file's.
      const margin = diff && /^[+\- ]/.test(rawLine) ? 1 : 0;
      const line = rawLine.slice(margin);
      const indent = line.length - line.trimStart().length;
      const trimmed = line.trim();
      if (/^(?:-[ \t]+)?(?:data|stringData):\s*$/.test(trimmed)) {
        inData = true;
        dataIndent = indent + (trimmed.startsWith('-') ? 2 : 0);
      } else if (inData && trimmed !== '' && !trimmed.startsWith('#')) {
        if (indent <= dataIndent) {
          inData = false;
        } else {
          const entry = /^(\s*[A-Za-z0-9._-]+:\s*)(["']?)([^"'\s#]+)\2\s*(?:#.*)?$/.exec(line);
          const value = entry?.[3];
          if (entry && value && kubernetesValueSecret(value)) {
            const start = offset + margin + (entry[1] as string).length + (entry[2] as string).length;
            emit({ kind: 'kubernetes-secret', start, end: start + value.length, rule: 'aiguard/kubernetes-secret', confidence: KUBERNETES_CONFIDENCE });
          }
        }
      }
      offset += rawLine.length + 1;
    }
  }
}

/** A Secret's value, unless it is a stand-in (isPlaceholderValue also reads what short base64 decodes to). */
function kubernetesValueSecret(value: string): boolean {
  return !isPlaceholderValue(value);
}

/** `"data": { "password": "…" }` and `"stringData"` in a Secret written as JSON (`kubectl get -o json`). */
function detectKubernetesJsonSecrets(text: string, emit: (finding: RawFinding) => void): void {
  const block = /"(?:data|stringData)"[ \t]*:[ \t]*\{([^{}]{0,65536})\}/dg;
  for (let match = block.exec(text); match !== null; match = block.exec(text)) {
    tick();
    const bodyStart = (match.indices?.[1] as [number, number])[0];
    const entry = /"[^"\n]{1,253}"[ \t\r\n]*:[ \t\r\n]*"([^"\n]{1,65536})"/dg;
    const body = match[1] as string;
    for (let pair = entry.exec(body); pair !== null; pair = entry.exec(body)) {
      tick();
      const value = pair[1] as string;
      const range = pair.indices?.[1] as [number, number];
      if (kubernetesValueSecret(value))
        emit({ kind: 'kubernetes-secret', start: bodyStart + range[0], end: bodyStart + range[1], rule: 'aiguard/kubernetes-secret', confidence: KUBERNETES_CONFIDENCE });
    }
  }
}

/**
 * Credentials wrapped in base64: a `.dockerconfigjson` or `.dockercfg` value (a Docker config
 * whose `auths` hold passwords), and any base64 JSON (found from its `eyJ`, as JWTs are) that
 * holds a password, a token or registry credentials. Masked whole: part of a base64 value would
 * still decode to part of the secret.
 */
const DOCKER_CONFIG_VALUE = /\.docker(?:configjson|cfg)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{16,262144}={0,2})/dg;
const CREDENTIAL_KEY = /^(?:auths?|password|passwd|secret|token|access_?token|refresh_?token|api_?key|client_?secret|private_?key|identitytoken|credentials?)$/i;

function detectDockerConfigValues(text: string, emit: (finding: RawFinding) => void): void {
  emitMatches(text, DOCKER_CONFIG_VALUE, emit, {
    kind: 'docker-auth',
    rule: 'aiguard/docker-config-base64',
    confidence: 0.95,
    group: 1,
    accept: (value) => /"auths?"|"credsStore"|"identitytoken"/.test(decodedBase64(value) ?? ''),
  });
}

/** Whether a JSON value holds a credential key with a real value, at any depth. */
function holdsCredential(value: unknown, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  return Object.entries(value as Record<string, unknown>).some(([key, inner]) =>
    CREDENTIAL_KEY.test(key.replace(/[-\s]/g, '_')) ? (typeof inner === 'string' && !isPlaceholderValue(inner)) || (typeof inner === 'object' && inner !== null) : holdsCredential(inner, depth + 1),
  );
}

function detectBase64Json(text: string, hits: readonly LiteralHit[], covered: (start: number) => boolean, emit: (finding: RawFinding) => void): void {
  let resumeAt = 0;
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    tick();
    const start = hit.start;
    if (start < resumeAt || covered(start) || !text.startsWith('eyJ', start) || inTable(BASE64URL_WORD, text.charCodeAt(start - 1))) continue;
    let end = start;
    while (end < text.length && end - start < MAX_BASE64_JSON && /[A-Za-z0-9+/_-]/.test(text[end] as string)) end++;
    while (text[end] === '=' && end - start < MAX_BASE64_JSON + 2) end++;
    resumeAt = end;
    if (end - start < 16 || text[end] === '.') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(text.slice(start, end).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    } catch {
      continue;
    }
    if (holdsCredential(parsed)) emit({ kind: 'generic-secret', start, end, rule: 'aiguard/base64-json-credentials', confidence: 0.9 });
  }
}

/** The longest base64 JSON decoded (a Docker config with a few registries is well under it). */
const MAX_BASE64_JSON = 16 * 1024;

/**
 * The items of a `kind: List` (each from its `- apiVersion:` or `- kind:` line), so that the
 * data of a ConfigMap beside a Secret is read as a ConfigMap's; a document without items is one.
 */
const LIST_ITEM = /^[+\- ]?[ \t]*-[ \t]+["']?(?:apiVersion|kind)["']?[ \t]*:/gm;

function splitListItems(document: { start: number; text: string }): Array<{ start: number; text: string }> {
  const items: Array<{ start: number; text: string }> = [];
  let start = 0;
  LIST_ITEM.lastIndex = 0;
  for (let match = LIST_ITEM.exec(document.text); match !== null; match = LIST_ITEM.exec(document.text)) {
    tick();
    if (match.index > start) items.push({ start: document.start + start, text: document.text.slice(start, match.index) });
    start = match.index;
  }
  items.push({ start: document.start + start, text: document.text.slice(start) });
  return items;
}

function splitYamlDocuments(text: string): Array<{ start: number; text: string }> {
  const documents: Array<{ start: number; text: string }> = [];
  const separator = /^---[ \t]*$/gm;
  let start = 0;
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    documents.push({ start, text: text.slice(start, match.index) });
    start = match.index + match[0].length + 1;
  }
  documents.push({ start, text: text.slice(start) });
  return documents;
}

/**
 * Words without which a form below cannot occur, found by the scanner's literal pass (ignoring
 * case and the kind of separator, so they only decide whether a form's regex runs at all).
 * Guards made only of separators (`--`, `-u`) stay `includes` calls: as literals they would
 * match every space.
 */
const GUARDS = [
  'PRIVATE KEY',
  'PuTTY-User-Key-File-',
  '.dockerconfigjson',
  '.dockercfg',
  '"private_key"',
  'eyJ',
  'password=',
  'pwd=',
  'AccountKey=',
  'SharedAccessKey=',
  '"auth',
  'kind:',
  '"kind"',
] as const;
type Guard = (typeof GUARDS)[number];

export const structuredDetector: Detector = {
  id: 'structured',
  categories: ['secret'],
  literals: GUARDS,
  detect({ text, hits }, emit) {
    const present = new Set<number>(hits.map((hit) => hit.literal));
    const has = (guard: Guard) => present.has(GUARDS.indexOf(guard));
    if (has('PRIVATE KEY')) detectPrivateKeys(text, emit);
    if (has('PuTTY-User-Key-File-')) detectPuttyKeys(text, emit);
    if (has('"private_key"')) {
      // A GCP service-account file: its private key is masked whole, escapes and all.
      emitMatches(text, /"private_key"\s*:\s*"(-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[^"\\]|\\.)*?-----END [A-Z ]*PRIVATE KEY-----(?:\\n)?)"/dg, emit, {
        kind: 'gcp-service-account-key',
        rule: 'aiguard/gcp-service-account-key',
        confidence: 0.99,
        group: 1,
      });
    }
    if (has('eyJ')) {
      const starts = hits.filter((hit) => hit.literal === GUARDS.indexOf('eyJ'));
      const jwts: Array<{ start: number; end: number }> = [];
      detectJwts(text, starts, (finding) => {
        jwts.push(finding);
        emit(finding);
      });
      // Starts come in increasing order, so one cursor over the JWTs (in order too) tells which are inside one.
      let cursor = 0;
      const insideJwt = (start: number) => {
        while (cursor < jwts.length && (jwts[cursor] as { end: number }).end <= start) cursor++;
        return cursor < jwts.length && (jwts[cursor] as { start: number }).start <= start;
      };
      detectBase64Json(text, starts, insideJwt, emit);
    }
    if (has('.dockerconfigjson') || has('.dockercfg')) detectDockerConfigValues(text, emit);
    detectUrlCredentials(text, emit);
    if (has('password=') || has('pwd=')) {
      // ADO.NET, ODBC and JDBC keyword strings: `User ID=api;Password=…;`, `?user=app&password=…`.
      // The keyword comes first and what precedes it is checked after: the regex engine then skips
      // ahead to the keyword instead of trying the look-behind at every position.
      emitMatches(text, /(?:Password|Pwd)(?<=(?:^|[;"'\s])(?:Password|Pwd))[ \t]*=[ \t]*([^;"'\s]{3,})(?=;|"|'|\s|$)/dgim, emit, {
        kind: 'connection-string-password',
        rule: 'aiguard/connection-string-keyword',
        confidence: 0.9,
        group: 1,
        accept: notPlaceholder,
      });
      emitMatches(text, /[?&](?:password|pwd|passwd)=([^&\s"'#;]{3,})/dgi, emit, {
        kind: 'connection-string-password',
        rule: 'aiguard/connection-string-parameter',
        confidence: 0.9,
        group: 1,
        accept: notPlaceholder,
      });
    }
    if (has('AccountKey=')) {
      emitMatches(text, /AccountKey=([A-Za-z0-9+/]{86}==)/dg, emit, { kind: 'azure-storage-key', rule: 'aiguard/azure-storage-key', confidence: 0.99, group: 1 });
    }
    if (has('SharedAccessKey=')) {
      emitMatches(text, /SharedAccessKey=([A-Za-z0-9+/]{43}=)/dg, emit, { kind: 'azure-storage-key', rule: 'aiguard/azure-shared-access-key', confidence: 0.95, group: 1 });
    }
    if (has('"auth')) detectDockerAuths(text, emit);
    if (has('kind:') || has('"kind"')) detectKubernetesSecrets(text, emit);
  },
};
