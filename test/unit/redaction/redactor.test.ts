import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { RedactionSession, Scanner, ScanError, redact } from '../../../src/core/redaction';
import { githubToken } from '../../support/redaction';

const token = githubToken('ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO');
/** Format-valid fake sensitive values, and text around them. */
const SENSITIVE = [
  'AKIAQYLPMN5HHHFPZAM2',
  token,
  'amelie.dufresne@ardoise-conseil.fr',
  '06 12 34 56 78',
  'FR14 2004 1010 0505 0001 3M02 606',
  '4111 1111 1111 1111',
  'postgres://admin:Pa55w0rd2024@db.internal:5432/app',
  'password = "q8#Lm2!vZr9@Tx4"',
  'sk_live_51HqLyjWDarjtT1zdp7dcXbUJk2aL0t',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
];
const NOISE = ['const x = 1;', 'version 1.2.3', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', '#a1b2c3', 'Hello, world.', '[[', ']]', '[', 'é', '😀', ''];
const textArbitrary = fc
  .array(fc.oneof(fc.constantFrom(...SENSITIVE), fc.constantFrom(...NOISE), fc.string({ maxLength: 12 })), { maxLength: 12 })
  .chain((parts) => fc.array(fc.constantFrom(' ', '\n', ' ; ', ', ', '\t'), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((part, i) => part + seps[i]).join('')));

const scanner = new Scanner({ secretlint: false });

describe('redaction: redactor', () => {
  it('replaces findings with stable, readable placeholders', async () => {
    const session = new RedactionSession();
    const text = `a=${token}\nb=${token}\nmail amelie.dufresne@ardoise-conseil.fr`;
    const result = await redact(scanner, session, text);
    assert.equal(result.text, 'a=[[GITHUB_TOKEN_1]]\nb=[[GITHUB_TOKEN_1]]\nmail [[EMAIL_1]]');
    assert.deepEqual(result.counts, { 'github-token': 2, email: 1 });
    const again = await redact(scanner, session, `c=${token} other bob.martin@ardoise-conseil.fr`);
    assert.equal(again.text, 'c=[[GITHUB_TOKEN_1]] other [[EMAIL_2]]', 'the same value keeps its placeholder in a session');
  });

  it('restores an answer, leaving unknown placeholders alone', async () => {
    const session = new RedactionSession();
    const { text } = await redact(scanner, session, `DB_PASSWORD=q8#Lm2!vZr9@Tx4`, { path: '.env' });
    assert.equal(session.restore(`Use ${text} and [[OTHER_9]].`), 'Use DB_PASSWORD=q8#Lm2!vZr9@Tx4 and [[OTHER_9]].');
  });

  it('restores a streamed answer whose placeholder is split across chunks', async () => {
    const session = new RedactionSession();
    await redact(scanner, session, `token ${token}`);
    const stream = session.restoreStream();
    const out = ['The token is [', '[GITHUB_TO', 'KEN_1]', '] and [[ not a placeholder', '.'].map((chunk) => stream.push(chunk)).join('') + stream.end();
    assert.equal(out, `The token is ${token} and [[ not a placeholder.`);
  });

  it('never gives a real value a placeholder the input already shows, and restores the literal as a literal', async () => {
    const session = new RedactionSession();
    const text = `// see [[SECRET_1]] and [[AWS_SECRET_KEY_1]] in the docs\npassword = "q8#Lm2!vZr9@Tx4"\naws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzRealKey01"\n`;
    const result = await redact(scanner, session, text, { path: 'app.py' });
    assert.match(result.text, /see \[\[SECRET_1\]\] and \[\[AWS_SECRET_KEY_1\]\] in the docs/, 'the literals are sent as they are');
    assert.ok(!result.text.includes('q8#Lm2') && !result.text.includes('RealKey01'));
    assert.match(result.text, /password = "\[\[SECRET_2\]\]"/, 'the real value takes a number the input did not show');
    // The answer echoes both the literals and the real placeholders.
    const answer = 'Keep [[SECRET_1]] and [[AWS_SECRET_KEY_1]] as they are; rotate [[SECRET_2]] and [[AWS_SECRET_KEY_2]].';
    assert.equal(session.restore(answer), 'Keep [[SECRET_1]] and [[AWS_SECRET_KEY_1]] as they are; rotate q8#Lm2!vZr9@Tx4 and wJalrXUtnFEMI/K7MDENG/bPxRfiCYzRealKey01.');
  });

  it('masks a look-alike of a placeholder it issued earlier, so the literal is restored as a literal', async () => {
    const session = new RedactionSession();
    const first = await redact(scanner, session, `token ${token}`);
    assert.equal(first.text, 'token [[GITHUB_TOKEN_1]]');
    // A later input (a hostile file, a pasted copy) quotes that placeholder: it is not the token.
    const second = await redact(scanner, session, 'fixture: "[[GITHUB_TOKEN_1]]"');
    assert.equal(second.text, 'fixture: "[[GITHUB_TOKEN_2]]"');
    assert.equal(session.restore(second.text), 'fixture: "[[GITHUB_TOKEN_1]]"');
    const stream = session.restoreStream(session.issuedIn(second.text));
    const streamed = stream.push('write [[GITHUB_TO') + stream.push('KEN_2]] and [[GITHUB_TOKEN_1]]') + stream.end();
    assert.equal(streamed, 'write [[GITHUB_TOKEN_1]] and [[GITHUB_TOKEN_1]]', 'a call restores only what its prompt carried');
    assert.ok(!streamed.includes(token));
  });

  it('keeps the reserved numbers of every text of a prompt before issuing any', async () => {
    const session = new RedactionSession();
    session.reserve('system: placeholders such as [[EMAIL_1]] stand for masked values');
    const user = await redact(scanner, session, 'mail amelie.dufresne@ardoise-conseil.fr');
    assert.equal(user.text, 'mail [[EMAIL_2]]');
    assert.equal(session.restore('[[EMAIL_1]] / [[EMAIL_2]]'), '[[EMAIL_1]] / amelie.dufresne@ardoise-conseil.fr');
  });

  it('fails closed: a scan that throws, times out or is cancelled releases no text', async () => {
    let clock = 0;
    const slow = new Scanner({ secretlint: false, now: () => (clock += 1_000), timeBudget: { baseMs: 1_500, perMegabyteMs: 0 } });
    await assert.rejects(
      () => redact(slow, new RedactionSession(), `token ${token}`),
      (error: unknown) => error instanceof ScanError && error.code === 'timeout' && /was not released/.test(error.message),
    );
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      () => redact(scanner, new RedactionSession(), 'x', { signal: controller.signal }),
      (error: unknown) => error instanceof ScanError && error.code === 'cancelled',
    );
    const tiny = new Scanner({ secretlint: false, maxLength: 10 });
    await assert.rejects(
      () => redact(tiny, new RedactionSession(), 'x'.repeat(11)),
      (error: unknown) => error instanceof ScanError && error.code === 'too-large',
    );
  });

  it('reports a failing detector as such', async () => {
    const broken = new Scanner({ secretlint: false, dictionary: { clients: ['Ardoise'] } });
    // A dictionary detector whose pattern throws stands in for any detector bug.
    (broken as unknown as { detectors: Array<{ id: string; detect: () => void }> }).detectors = [
      {
        id: 'boom',
        detect: () => {
          throw new Error('bug');
        },
      },
    ];
    await assert.rejects(
      () => broken.scan('x'),
      (error: unknown) => error instanceof ScanError && error.code === 'detector-failed' && /boom detector failed: bug/.test(error.message),
    );
  });

  it('clear() forgets every value', async () => {
    const session = new RedactionSession();
    await redact(scanner, session, `token ${token}`);
    assert.equal(session.size, 1);
    session.clear();
    assert.equal(session.restore('[[GITHUB_TOKEN_1]]'), '[[GITHUB_TOKEN_1]]');
  });
});

describe('redaction: properties (fast-check)', function () {
  this.timeout(60_000);

  it('never leaves a detected value in the output', async () => {
    await fc.assert(
      fc.asyncProperty(textArbitrary, async (text) => {
        const result = await redact(scanner, new RedactionSession(), text);
        for (const finding of result.findings) {
          const value = text.slice(finding.start, finding.end);
          if (value.length >= 8) assert.ok(!result.text.includes(value), `${finding.kind} ${JSON.stringify(value)} survived`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('restores exactly what it redacted', async () => {
    await fc.assert(
      fc.asyncProperty(textArbitrary, async (text) => {
        const session = new RedactionSession();
        const result = await redact(scanner, session, text);
        assert.equal(session.restore(result.text), text);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: redacting a redacted text in another session changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(textArbitrary, async (text) => {
        const once = await redact(scanner, new RedactionSession(), text);
        const twice = await redact(scanner, new RedactionSession(), once.text);
        assert.equal(twice.text, once.text);
      }),
      { numRuns: 300 },
    );
  });

  it('never restores a secret where an input had a literal look-alike, in the same session', async () => {
    const lookAlikes = fc.constantFrom('[[SECRET_1]]', '[[GITHUB_TOKEN_1]]', '[[EMAIL_1]]', '[[EMAIL_2]]', '[[AWS_SECRET_KEY_1]]', '[[JWT_1]]');
    await fc.assert(
      fc.asyncProperty(textArbitrary, fc.array(lookAlikes, { maxLength: 4 }), async (text, literals) => {
        const session = new RedactionSession();
        const once = await redact(scanner, session, text);
        // The session's own output, quoted back as input, restores to that output, never to the values.
        const quoted = `${literals.join(' ')}\n${once.text}`;
        const twice = await redact(scanner, session, quoted);
        assert.equal(session.restore(twice.text), quoted);
      }),
      { numRuns: 300 },
    );
  });

  it('reports offsets inside the text, ordered, with matching line and column', async () => {
    await fc.assert(
      fc.asyncProperty(textArbitrary, async (text) => {
        const found = await scanner.scan(text);
        let previousEnd = 0;
        for (const finding of found) {
          assert.ok(finding.start >= previousEnd && finding.start < finding.end && finding.end <= text.length);
          const before = text.slice(0, finding.start).split('\n');
          assert.equal(finding.line, before.length);
          assert.equal(finding.column, (before[before.length - 1] as string).length + 1);
          assert.ok(finding.confidence > 0 && finding.confidence <= 1);
          previousEnd = finding.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('restores a stream split anywhere like the whole answer', async () => {
    const session = new RedactionSession();
    const redacted = (await redact(scanner, session, SENSITIVE.join('\n'))).text;
    await fc.assert(
      fc.property(fc.array(fc.nat({ max: redacted.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const stream = session.restoreStream();
        let out = '';
        let previous = 0;
        for (const point of points) {
          out += stream.push(redacted.slice(previous, point));
          previous = point;
        }
        out += stream.push(redacted.slice(previous)) + stream.end();
        assert.equal(out, session.restore(redacted));
      }),
      { numRuns: 300 },
    );
  });
});

describe("redaction: the scanner's breakdown of its time", () => {
  it("adds each phase of every scan to the timings given, by name, with the scanner's clock", async () => {
    let clock = 0;
    const timings = new Map<string, number>();
    const scanner = new Scanner({ secretlint: false, now: () => (clock += 1), timings });
    const text = 'DB_PASSWORD="Hunter2-Secret!9"';
    const first = await scanner.scan(text);
    await scanner.scan(text);
    assert.deepEqual(
      first.map((finding) => finding.kind),
      ['generic-secret'],
      'timing changes nothing found',
    );
    for (const phase of ['literal pass and fold', 'tokens', 'assignments', 'pii', 'secretlint', 'repeated values', 'merge', 'positions']) {
      assert.ok((timings.get(phase) ?? 0) >= 2, `${phase}: timed in both scans`);
    }
    const total = [...timings.values()].reduce((sum, ms) => sum + ms, 0);
    assert.ok(total <= clock, 'no phase counted twice');
  });
});
