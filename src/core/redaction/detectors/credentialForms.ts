import { type Detector, emitMatches, type RawFinding, tick } from '../detector';
import { isPlaceholderValue } from '../filters';
import type { Kind } from '../kinds';

/**
 * Secrets in the fixed forms of tools, where no `name = value` says what they are: command-line
 * flags (`--requirepass …`, also as items of a YAML or JSON exec-form array), a password piped
 * into `--password-stdin`, `sshpass -p`, `docker login -p`, `mysql -p…`, `curl -u user:pass`,
 * SQL `IDENTIFIED BY '…'`, `.netrc` and `.pgpass` lines, and the signature of an Azure SAS URL.
 *
 * Each form names the word it cannot occur without, found by the scanner's literal pass; forms
 * whose only fixed part is made of separators (`--`, `-u`) look with `includes` instead, since a
 * separator literal would match every space. Every repetition is bounded, so each form costs at
 * most a few hundred characters per occurrence of its word.
 */
interface Form {
  rule: string;
  kind: Kind;
  /** A literal of LITERALS, or a plain string looked for with `includes` when it is only separators. */
  guard: { literal: string; also?: readonly string[] } | { includes: string };
  pattern: RegExp;
  /**
   * A part every match holds, with the pattern's own flags, tested first when the guard passes:
   * where the guard is a common word (`password`, `-u`), a search for it costs less than the
   * pattern, which is then run only over texts that hold it.
   */
  holds?: RegExp;
  group: number;
  confidence: number;
}

/** A value after a flag: quoted, or bare up to a space, a quote, a comma or a closing bracket. */
const FLAG_VALUE = `(["']?)([^\\s"',\\]]{4,256})\\1`;
const FLAG_NAMES = 'requirepass|masterauth|password|passwd|pass|token|api[-_]?key|secret|auth[-_]token|access[-_]token|client[-_]secret|db[-_]password|admin[-_]password';

const FORMS: readonly Form[] = [
  {
    rule: 'cli-flag',
    kind: 'generic-secret',
    guard: { includes: '--' },
    // `--password=…`, `--password …`, and `"--requirepass", "…"` in an exec-form array.
    pattern: new RegExp(`--(?:${FLAG_NAMES})(?:=|[ \\t]+|["']?[ \\t]*,[ \\t]*)${FLAG_VALUE}`, 'gid'),
    group: 2,
    confidence: 0.85,
  },
  {
    rule: 'password-stdin',
    kind: 'generic-secret',
    guard: { literal: 'password-stdin' },
    // `echo "…" | docker login … --password-stdin` (also helm, podman, oras, buildah).
    pattern: /\b(?:echo|printf(?:[ \t]+'%s')?)[ \t]+(?:-n[ \t]+)?(["']?)([^\s"'|]{3,256})\1[ \t]*\|[^\n|]{0,256}?--password-stdin/dg,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'sshpass',
    kind: 'generic-secret',
    guard: { literal: 'sshpass' },
    pattern: /\bsshpass[ \t]+-p[ \t]*(["']?)([^\s"']{3,256})\1/dg,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'docker-login',
    kind: 'generic-secret',
    guard: { literal: 'docker login', also: ['podman login', 'nerdctl login', 'oras login', 'buildah login', 'skopeo login', 'registry login'] },
    // `docker login -u admin -p …` (podman, helm registry, oras, skopeo alike).
    pattern: /\b(?:docker|podman|nerdctl|oras|buildah|skopeo|helm[ \t]+registry)[ \t]+login\b[^\n|;&]{0,256}?[ \t](?:-p|--password)(?:[ \t]+|=)?(["']?)([^\s"'-][^\s"']{2,255})\1/dg,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'redis-cli-password',
    kind: 'generic-secret',
    guard: { literal: 'redis-cli' },
    // `redis-cli -a … ping`, `redis-cli --pass …` (`--requirepass` is the server's, under cli-flag).
    pattern: /\bredis-cli\b[^\n|;&]{0,256}?[ \t](?:-a|--pass)[ \t]+(["']?)([^\s"'-][^\s"']{2,255})\1/dg,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'mysql-password-flag',
    kind: 'generic-secret',
    guard: { literal: 'mysql' },
    pattern: /\bmysql(?:dump|admin|sh|import)?\b[^\n]{0,512}?\s-p(["']?)([^\s"']{4,256})\1/dg,
    group: 2,
    confidence: 0.85,
  },
  {
    rule: 'cli-basic-auth',
    kind: 'basic-auth-password',
    guard: { includes: '-u' },
    // `curl -u user:password`, `wget --user … --password …`.
    pattern: /\b(?:curl|wget|http|https)\b[^\n]{0,512}?\s(?:-u|--user)[ =]?(["']?)[^:\s"']{1,256}:([^\s"']{1,256})\1/dg,
    holds: /\s(?:-u|--user)/,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'sql-identified-by',
    kind: 'generic-secret',
    guard: { literal: 'identified' },
    // `CREATE USER … IDENTIFIED BY '…'`, `ALTER USER … IDENTIFIED WITH mysql_native_password BY '…'`, Oracle's bare form.
    pattern: /\bIDENTIFIED[ \t]+(?:WITH[ \t]+[A-Za-z0-9_]{1,64}[ \t]+)?BY[ \t]+(?:PASSWORD[ \t]+)?(?:(['"])([^'"\n]{1,256})\1|([A-Za-z0-9_#$!@%^&*+=-]{4,128})(?=[ \t;]|$))/dgim,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'sql-with-password',
    kind: 'generic-secret',
    guard: { literal: 'password' },
    // PostgreSQL `CREATE ROLE app WITH LOGIN PASSWORD '…'`, `ALTER USER x WITH ENCRYPTED PASSWORD '…'`.
    pattern: /\b(?:ROLE|USER)[ \t]+[^\s;]{1,128}[ \t]+(?:WITH[ \t]+)?(?:[A-Z]{2,16}[ \t]+){0,4}?(?:ENCRYPTED[ \t]+)?PASSWORD[ \t]+(['"])([^'"\n]{1,256})\1/dgi,
    holds: /PASSWORD[ \t]+['"]/i,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'npmrc-auth',
    kind: 'basic-auth-password',
    guard: { literal: '_auth' },
    // `.npmrc`: `_auth=` (base64 of user:password) and `//registry/:_password=` (base64 of the password).
    pattern: /(?:^|[\s:])_(?:auth|password)[ \t]*=[ \t]*(["']?)([A-Za-z0-9+/]{8,1024}={0,2})\1(?![A-Za-z0-9+/=])/dgm,
    // The guard literal `_auth` stands for any separator before `auth` (` auth`, `-auth`).
    holds: /_(?:auth|password)/,
    group: 2,
    confidence: 0.9,
  },
  {
    rule: 'oracle-connect',
    kind: 'connection-string-password',
    guard: { literal: '@//', also: ['sqlplus', 'oracle:thin'] },
    // Oracle's `user/password@//host:1521/service` and `user/password@host:1521:SID` (sqlplus, JDBC thin).
    pattern: /(?<![\w/.-])[A-Za-z_][\w$#]{0,29}\/([^\s/@"':;]{1,128})@(?:\/\/|[A-Za-z0-9.-]{1,253}:\d{2,5}[:/])/dg,
    group: 1,
    confidence: 0.85,
  },
  {
    rule: 'base64-private-key',
    kind: 'private-key',
    guard: { literal: 'LS0tLS1CRUdJTi' },
    // A PEM block in base64, as kubeconfig (`client-key-data:`) and Secrets hold one: base64 of `-----BEGIN`.
    pattern: /[:=][ \t]*(["']?)(LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,16384}={0,2})\1(?![A-Za-z0-9+/=])/dg,
    group: 2,
    confidence: 0.95,
  },
  {
    rule: 'netrc',
    kind: 'generic-secret',
    guard: { literal: 'machine' },
    // `.netrc` and `_netrc`: `machine host login user password …`, on one line or several.
    pattern: /\bmachine\s+\S{1,256}\s+(?:login\s+\S{1,256}\s+)?password\s+(\S{1,256})/dg,
    group: 1,
    confidence: 0.9,
  },
  {
    rule: 'azure-sas-signature',
    kind: 'azure-storage-key',
    guard: { literal: 'sig=' },
    // A shared access signature: `…?sv=…&se=…&sp=…&sig=<url-encoded base64 HMAC>`; Logic Apps and
    // Power Automate (Teams workflows) sign their trigger URLs with base64url.
    pattern: /[?&]sig=([A-Za-z0-9%+/_-]{20,256}(?:=|%3D){0,2})(?=[&"'\s<]|$)/dgi,
    group: 1,
    confidence: 0.9,
  },
];

/**
 * `.pgpass` lines: `hostname:port:database:username:password`, one per line, a `*` for any
 * field but the password. The host must look like one and the port be a number, so times and
 * other colon-separated records do not match.
 */
export const PGPASS_LINE =
  /^((?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*|\*|\d{1,3}(?:\.\d{1,3}){3}):(\d{2,5}|\*):([A-Za-z_*][\w*-]{0,63}):([A-Za-z_*][\w*.@-]{0,63}):([^\s:][^\n]{2,255}?)[ \t]*\r?$/dgm;

const PGPASS_PORT = /:(?:\d{2,5}|\*):[^\s:]+:[^\s:]+:\S/g;
/** PGPASS_LINE tried at one line's start. */
const PGPASS_LINE_AT = new RegExp(PGPASS_LINE.source, 'myd');
/** What ends a line for `^` and `$` in a multiline pattern. */
const isLineTerminator = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

/**
 * The `.pgpass` lines of a text, found as PGPASS_LINE over the whole text would find them, but
 * tried only at the start of the lines that hold PGPASS_PORT (which every such line does): the
 * multiline pattern, tried at every offset of a log full of `hh:mm:ss` times, cost more than the
 * other forms together. A match never leaves its line, and starts at the line's start, so each
 * line is tried once and in order, as the global pattern would.
 */
function detectPgpass(text: string, emit: (finding: RawFinding) => void): void {
  PGPASS_PORT.lastIndex = 0;
  let triedLine = -1;
  // Where the line of the last port found starts, and how far back the text was walked for it:
  // each walk stops where the one before began, so one long line is not walked once per port.
  let lineStart = 0;
  let walked = 0;
  for (let port = PGPASS_PORT.exec(text); port !== null; port = PGPASS_PORT.exec(text)) {
    tick();
    for (let i = port.index - 1; i >= walked; i--) {
      if (isLineTerminator(text.charCodeAt(i))) {
        lineStart = i + 1;
        break;
      }
    }
    walked = port.index;
    // The port pattern never crosses a line, so the next search starts on this line or a later one.
    PGPASS_PORT.lastIndex = port.index + 1;
    if (lineStart === triedLine) continue;
    triedLine = lineStart;
    PGPASS_LINE_AT.lastIndex = lineStart;
    const match = PGPASS_LINE_AT.exec(text);
    const range = match?.indices?.[5];
    const value = match?.[5];
    if (!range || value === undefined || value.length === 0) continue;
    if (isPlaceholderValue(value) || /^\d+$/.test(value)) continue;
    emit({ kind: 'connection-string-password', start: range[0], end: range[1], rule: 'aiguard/pgpass', confidence: 0.8 });
  }
}

const LITERAL_GUARDS = [...new Set(FORMS.flatMap((form) => ('literal' in form.guard ? [form.guard.literal, ...(form.guard.also ?? [])] : [])))];
/** Each form's guard literals as indices into LITERAL_GUARDS, listed once rather than on every scan. */
const GUARD_INDICES: ReadonlyArray<readonly number[] | undefined> = FORMS.map((form) =>
  'literal' in form.guard ? [form.guard.literal, ...(form.guard.also ?? [])].map((literal) => LITERAL_GUARDS.indexOf(literal)) : undefined,
);

export const credentialFormDetector: Detector = {
  id: 'credential-forms',
  categories: ['secret'],
  literals: LITERAL_GUARDS,
  detect({ text, hits }, emit) {
    const present = new Uint8Array(LITERAL_GUARDS.length);
    for (const hit of hits) present[hit.literal] = 1;
    for (const [index, form] of FORMS.entries()) {
      const guard = form.guard;
      const literals = GUARD_INDICES[index];
      const guarded = literals !== undefined ? literals.some((literal) => present[literal] === 1) : 'includes' in guard && text.includes(guard.includes);
      if (!guarded || (form.holds !== undefined && !form.holds.test(text))) continue;
      emitForm(text, form, emit);
    }
    // A .pgpass line has a port (or `*`) between colons; most texts have none.
    detectPgpass(text, emit);
  },
};

/** Whether base64 decodes to a private key's PEM header (a certificate's is public). */
function privateKeyBlock(value: string): boolean {
  return /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/.test(Buffer.from(value.slice(0, 80), 'base64').toString('latin1'));
}

function emitForm(text: string, form: Form, emit: (finding: RawFinding) => void): void {
  emitMatches(text, form.pattern, emit, {
    kind: form.kind,
    rule: `aiguard/${form.rule}`,
    confidence: form.confidence,
    group: form.group,
    accept: (value) => !isPlaceholderValue(value) && !/^\$/.test(value) && (form.rule !== 'base64-private-key' || privateKeyBlock(value)),
  });
  // Oracle's unquoted `IDENTIFIED BY secret` is in a third group.
  if (form.rule === 'sql-identified-by') {
    emitMatches(text, form.pattern, emit, {
      kind: form.kind,
      rule: `aiguard/${form.rule}`,
      confidence: form.confidence,
      group: 3,
      accept: (value) => !isPlaceholderValue(value) && !/^(?:values|password|externally|globally)$/i.test(value),
    });
  }
}
