import { strict as assert } from 'node:assert';
import { ALL_KINDS, type Kind, categoryOf } from '../../src/core/redaction/kinds';
import { corpusDictionary, crc32, generateCorpus, generateLogFile, hardNegativeFiles, hardNegatives, type Label, type LabelledFile } from '../corpus';

/*
 * The checks below are written independently of the generator's own helpers (only CRC32 is shared,
 * after being verified against the reference vector), so that a bug in a helper cannot hide itself.
 */

const digitsOf = (text: string) => text.replace(/[\s-]/g, '');

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  const numeric = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n === 1n;
}

function nirValid(nir: string): boolean {
  const compact = nir.replace(/ /g, '');
  if (!/^[12]\d{4}(\d{2}|2A|2B)\d{8}$/.test(compact)) return false;
  const body = compact.slice(0, 13).replace(/2A/, '19').replace(/2B/, '18');
  return 97n - (BigInt(body) % 97n) === BigInt(compact.slice(13));
}

function base62Decode(text: string): number {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...text].reduce((n, c) => n * 62 + alphabet.indexOf(c), 0);
}

/** A GitHub classic or npm token: 30 random characters, then the base62 CRC32 of them on 6 characters. */
function tokenChecksumValid(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength, prefixLength + 30);
  return token.length === prefixLength + 36 && crc32(body) === base62Decode(token.slice(prefixLength + 30));
}

/** Accents off, lower case, one character for one (so offsets still match the original text). */
function fold(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => c.normalize('NFD').charAt(0)).toLowerCase();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function occurrences(text: string, pattern: RegExp): Array<{ start: number; end: number; value: string }> {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] }));
}

const within = (span: { start: number; end: number }, labels: readonly Label[], kinds?: readonly Kind[]) =>
  labels.some((l) => l.start <= span.start && l.end >= span.end && (!kinds || kinds.includes(l.kind)));

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Whether `offset` is inside the user-info of a URL (`scheme://user:password@host`), which looks like an address. */
const inUrlUserInfo = (text: string, offset: number) => /:\/\/[^\s/"'@]*$/.test(text.slice(Math.max(0, offset - 300), offset + 1));
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const utf8 = (files: readonly LabelledFile[]) => files.reduce((n, f) => n + Buffer.byteLength(f.content, 'utf8'), 0);

describe('test corpus', function () {
  this.timeout(60_000);
  const corpus = generateCorpus({ seed: 42, targetBytes: 300_000 });
  const all = corpus.flatMap((file) => file.labels.map((label) => ({ file, label })));
  const ofKind = (kind: Kind) => all.filter(({ label }) => label.kind === kind).map(({ label }) => label.value);

  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(generateCorpus({ seed: 42, targetBytes: 300_000 }), corpus);
    assert.deepEqual(generateLogFile({ seed: 3, targetBytes: 50_000 }), generateLogFile({ seed: 3, targetBytes: 50_000 }));
    assert.notDeepEqual(generateCorpus({ seed: 43, targetBytes: 50_000 }), generateCorpus({ seed: 42, targetBytes: 50_000 }));
  });

  it('gives each label the slice of the content it names, in order, without overlap', () => {
    for (const file of corpus) {
      let previousEnd = 0;
      for (const label of file.labels) {
        assert.equal(file.content.slice(label.start, label.end), label.value, `${file.path} ${label.kind}`);
        assert.equal(label.category, categoryOf(label.kind));
        assert.ok(label.start >= previousEnd, `${file.path}: labels overlap at ${label.start}`);
        assert.ok(label.value.length > 0 && label.value.trim() === label.value, `${file.path}: ${label.kind} has blank edges`);
        previousEnd = label.end;
      }
    }
    assert.equal(new Set(corpus.map((f) => f.path)).size, corpus.length, 'paths are unique');
  });

  it('has every kind in a 300 KB corpus', () => {
    const missing = ALL_KINDS.filter((kind) => ofKind(kind).length === 0);
    assert.deepEqual(missing, []);
  });

  it('comes close to the requested size (within 20 %)', () => {
    for (const target of [50_000, 300_000, 2_000_000]) {
      const size = utf8(target === 300_000 ? corpus : generateCorpus({ seed: 5, targetBytes: target }));
      assert.ok(Math.abs(size - target) <= target * 0.2, `${size} bytes for ${target}`);
    }
  });

  it('computes CRC32 as zlib does', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32(''), 0);
    assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
  });

  it('writes identifiers with valid checksums', () => {
    for (const value of ofKind('iban')) {
      assert.match(value, /^(FR\d{2}( ?\d{4}){5} ?\d{3}|DE\d{2}( ?\d{4}){4} ?\d{2}|ES\d{2}( ?\d{4}){5}|IT\d{2} ?[A-Z]\d{3}( ?\d{4}){4} ?\d{3}|BE\d{2}( ?\d{4}){3})$/, value);
      assert.ok(ibanValid(value), `IBAN ${value}`);
    }
    for (const value of ofKind('payment-card')) {
      const digits = digitsOf(value);
      assert.match(digits, /^(4\d{15}|5[1-5]\d{14}|2(2[2-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|3[47]\d{13})$/, value);
      assert.ok(luhnValid(digits), `card ${value}`);
    }
    for (const value of ofKind('siren')) assert.ok(/^\d{9}$/.test(digitsOf(value)) && luhnValid(digitsOf(value)), `SIREN ${value}`);
    for (const value of ofKind('siret')) {
      const digits = digitsOf(value);
      assert.ok(/^\d{14}$/.test(digits) && luhnValid(digits) && luhnValid(digits.slice(0, 9)), `SIRET ${value}`);
    }
    for (const value of ofKind('nir')) assert.ok(nirValid(value), `NIR ${value}`);
    for (const value of ofKind('github-token')) assert.ok(tokenChecksumValid(value, 4), `GitHub token ${value}`);
    for (const value of ofKind('npm-token')) assert.ok(tokenChecksumValid(value, 4), `npm token ${value}`);
    assert.ok(
      ofKind('nir').some((v) => /2[AB]/.test(v)) || generateCorpus({ seed: 1, targetBytes: 1_000_000 }).some((f) => f.labels.some((l) => l.kind === 'nir' && /2[AB]/.test(l.value))),
      'Corsican NIRs appear',
    );
  });

  it('writes tokens and keys in their documented shapes', () => {
    const shapes: Partial<Record<Kind, RegExp>> = {
      'aws-access-key-id': /^(AKIA|ASIA)[A-Z2-7]{16}$/,
      'aws-secret-access-key': /^[A-Za-z0-9/+]{40}$/,
      'gcp-service-account-key': /^-----BEGIN PRIVATE KEY-----\\n([A-Za-z0-9+/=]{1,64}\\n)+-----END PRIVATE KEY-----\\n$/,
      'gcp-api-key': /^AIza[A-Za-z0-9_-]{35}$/,
      'azure-storage-key': /^[A-Za-z0-9+/]{86}==$/,
      'azure-openai-key': /^[0-9a-f]{32}$/,
      'openai-api-key': /^(sk-(proj|svcacct)-[A-Za-z0-9_-]{140,160}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})$/,
      'anthropic-api-key': /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/,
      'github-token': /^gh[pousr]_[A-Za-z0-9]{36}$/,
      'github-fine-grained-token': /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/,
      'gitlab-token': /^glpat-[A-Za-z0-9_-]{20}$/,
      'npm-token': /^npm_[A-Za-z0-9]{36}$/,
      'slack-token': /^xox[bp]-\d+-\d+(-\d+)?-[A-Za-z0-9]{24,32}$/,
      'slack-webhook': /^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,10}\/B[A-Z0-9]{8,10}\/[A-Za-z0-9]{24}$/,
      'stripe-key': /^(sk_live|rk_live|sk_test)_[A-Za-z0-9]{24,99}$/,
      'sendgrid-key': /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
      'twilio-key': /^SK[0-9a-f]{32}$/,
      jwt: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43,342}$/,
      'private-key': /^-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----(\n|\\n)[\s\S]+(\n|\\n)\s*-----END (RSA |EC |OPENSSH )?PRIVATE KEY-----$/,
      'docker-auth': /^[A-Za-z0-9+/]+={0,2}$/,
      'kubernetes-secret': /^[A-Za-z0-9+/]+={0,2}$/,
      email: /^[a-z0-9._-]+@([a-z0-9-]+\.)+[a-z]{2,}$/,
      ipv4: /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/,
      ipv6: /^[0-9a-f:]+$/,
    };
    for (const [kind, shape] of Object.entries(shapes) as Array<[Kind, RegExp]>) {
      for (const value of ofKind(kind)) assert.match(value, shape, kind);
    }
    for (const value of ofKind('docker-auth')) assert.match(Buffer.from(value, 'base64').toString('utf8'), /^[^:]+:.+$/);
    for (const value of ofKind('jwt')) {
      const [header, payload] = value
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
      assert.equal(header?.typ, 'JWT');
      assert.ok(payload && Object.keys(payload).length > 0);
    }
    for (const value of ofKind('generic-secret')) assert.ok(value.length >= 10 && value.length <= 44, `generic secret length ${value.length}`);
  });

  it('labels every e-mail address, IPv4 address, internal host and dictionary term in the text', () => {
    const terms = [...corpusDictionary.clients, ...corpusDictionary.codenames, ...corpusDictionary.people].map(fold);
    for (const file of [...corpus, generateLogFile({ seed: 9, targetBytes: 300_000 })]) {
      for (const m of occurrences(file.content, EMAIL)) {
        if (inUrlUserInfo(file.content, m.start)) continue;
        assert.ok(within(m, file.labels), `${file.path}: unlabelled e-mail ${m.value}`);
      }
      for (const m of occurrences(file.content, IPV4)) assert.ok(within(m, file.labels), `${file.path}: unlabelled IPv4 ${m.value}`);
      for (const host of corpusDictionary.internalHosts) {
        for (const m of occurrences(file.content, new RegExp(escapeRegExp(host), 'g'))) assert.ok(within(m, file.labels, ['internal-host']), `${file.path}: unlabelled host ${host}`);
      }
      const folded = fold(file.content);
      for (const term of terms) {
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, 'gu');
        for (const m of occurrences(folded, pattern)) {
          assert.ok(within(m, file.labels, ['client-name', 'project-codename', 'person-name']), `${file.path}: unlabelled term ${file.content.slice(m.start, m.end)}`);
        }
      }
    }
  });

  it('writes a large log quickly, mostly made of ordinary lines', () => {
    const started = performance.now();
    const log = generateLogFile({ seed: 1, targetBytes: 2 * 1024 * 1024 });
    const elapsed = performance.now() - started;
    // A guard against a generator gone quadratic, not a speed target (those live in `npm run bench`).
    assert.ok(elapsed < 20_000, `${elapsed.toFixed(0)} ms for 2 MB`);
    const size = Buffer.byteLength(log.content, 'utf8');
    assert.ok(size >= 2 * 1024 * 1024 && size < 2 * 1024 * 1024 + 10_000, `${size} bytes`);
    const lines = log.content.split('\n').length;
    const linesWithLabels = new Set(log.labels.map((l) => log.content.slice(0, l.start).split('\n').length)).size;
    assert.ok(linesWithLabels > 0 && linesWithLabels < lines * 0.1, `${linesWithLabels} of ${lines} lines carry labels`);
    for (const label of log.labels) assert.equal(log.content.slice(label.start, label.end), label.value);
  });

  describe('hard negatives', () => {
    const negatives = hardNegatives({ seed: 42, count: 1000 });
    const text = negatives.map((n) => n.content).join('\n\n');

    it('are deterministic, as many as asked, and described', () => {
      assert.deepEqual(hardNegatives({ seed: 42, count: 1000 }), negatives);
      assert.equal(negatives.length, 1000);
      assert.ok(negatives.every((n) => n.description.length > 0 && n.content.length > 0));
      assert.ok(new Set(negatives.map((n) => n.description)).size >= 40, 'many sorts of negatives');
    });

    it('contain none of the corpus values, e-mails, IPv4 addresses or dictionary terms', () => {
      for (const { label } of all) assert.ok(!text.includes(label.value), `negatives contain ${label.kind} ${label.value}`);
      assert.deepEqual(
        occurrences(text, EMAIL)
          .map((m) => m.value)
          .filter((v) => !/^git@github\.com$|@2x\.png$/.test(v)),
        [],
      );
      assert.deepEqual(occurrences(text, IPV4), []);
      const folded = fold(text);
      for (const term of [...corpusDictionary.clients, ...corpusDictionary.codenames, ...corpusDictionary.people, ...corpusDictionary.internalHosts]) {
        assert.ok(!folded.includes(fold(term)), `negatives mention ${term}`);
      }
    });

    it('contain no identifier that passes its checksum', () => {
      for (const m of occurrences(text, /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g)) {
        const digits = digitsOf(m.value);
        if (/^(4\d{15}|5[1-5]\d{14}|2[2-7]\d{14}|3[47]\d{13})$/.test(digits)) assert.ok(!luhnValid(digits), `card-like ${m.value}`);
        if (digits.length === 14) assert.ok(!luhnValid(digits), `SIRET-like ${m.value}`);
      }
      for (const m of occurrences(text, /\b\d{3} ?\d{3} ?\d{3}\b/g)) assert.ok(!luhnValid(digitsOf(m.value)), `SIREN-like ${m.value}`);
      for (const m of occurrences(text, /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g)) assert.ok(!ibanValid(m.value), `IBAN-like ${m.value}`);
      for (const m of occurrences(text, /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/g)) assert.ok(!nirValid(m.value), `NIR-like ${m.value}`);
      for (const m of occurrences(text, /\bgh[pousr]_[A-Za-z0-9]{36}\b/g)) assert.ok(!tokenChecksumValid(m.value, 4), `GitHub-like ${m.value}`);
    });

    it('also come as files with no labels, close to the requested size', () => {
      const files = hardNegativeFiles({ seed: 42, targetBytes: 200_000 });
      assert.ok(files.every((f) => f.labels.length === 0 && f.content.length > 0));
      assert.ok(Math.abs(utf8(files) - 200_000) <= 40_000, `${utf8(files)} bytes`);
      assert.equal(new Set(files.map((f) => f.path)).size, files.length);
      const joined = files.map((f) => f.content).join('\n');
      for (const { label } of all) assert.ok(!joined.includes(label.value), `negative files contain ${label.kind} ${label.value}`);
    });
  });
});
