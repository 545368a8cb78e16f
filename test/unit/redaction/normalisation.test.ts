import { strict as assert } from 'node:assert';
import { RedactionSession, redact, Scanner } from '../../../src/core/redaction';
import { foldForMatching, unfoldSpan } from '../../../src/core/redaction/fold';

/**
 * A secret written with characters that look the same to a reader but not to a pattern (a
 * zero-width space inside it, a Cyrillic letter, no-break spaces) is still found, and its mask
 * covers the original characters: nothing of the value is left in clear.
 */
const ANTHROPIC = `sk-ant-api03-${'aB3_dE5-fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW9xY1zA3bC5dE7fG9h'}AA`;
const scanner = new Scanner();

/** Every 6-character piece of `value` (its visible characters only) that survives in `text`. */
function fragmentsLeft(text: string, value: string): string[] {
  const visible = value.replace(/[\u200B-\u200D\u2060\uFEFF\u00A0\u202F]/g, '');
  const left: string[] = [];
  for (let i = 0; i + 6 <= visible.length; i++) if (text.includes(visible.slice(i, i + 6))) left.push(visible.slice(i, i + 6));
  return left;
}

async function check(before: string, value: string, after: string, kind: string): Promise<void> {
  const text = `${before}${value}${after}`;
  const findings = await scanner.scan(text);
  const finding = findings.find((candidate) => candidate.kind === kind);
  assert.ok(finding, `no ${kind} in ${JSON.stringify(text)}: ${JSON.stringify(findings)}`);
  assert.equal(finding.start, before.length, 'the mask starts where the value does');
  assert.equal(finding.end, before.length + value.length, 'the mask ends where the value does');
  const redacted = (await redact(scanner, new RedactionSession(), text)).text;
  assert.deepEqual(fragmentsLeft(redacted, value), [], redacted);
  assert.ok(redacted.startsWith(before) && redacted.endsWith(after), redacted);
}

describe('redaction: invisible characters, Unicode spaces and look-alike letters are folded before matching', () => {
  it('finds a token with a zero-width space inside', async () => {
    await check('key = ', `${ANTHROPIC.slice(0, 30)}\u200B${ANTHROPIC.slice(30)}`, '\n', 'anthropic-api-key');
  });

  it('finds a token with a Cyrillic letter and a word joiner inside', async () => {
    const value = `${ANTHROPIC.slice(0, 20)}\u043E${ANTHROPIC.slice(21, 50)}\u2060${ANTHROPIC.slice(50)}`;
    await check('Anthropic: ', value, ' (prod)', 'anthropic-api-key');
  });

  it('finds a token that starts after a byte-order mark and ends on a zero-width joiner', async () => {
    await check('\uFEFFtoken ', `${ANTHROPIC}`, '\u200D done', 'anthropic-api-key');
  });

  it('finds an IBAN written with no-break and narrow no-break spaces', async () => {
    await check('IBAN : ', 'FR76\u00A03000\u202F6000\u00A00112\u00A03456\u00A07890\u00A0189', ' merci', 'iban');
  });

  it('leaves text without such characters untouched, and maps offsets across removed ones', () => {
    assert.equal(foldForMatching('plain ASCII text, é and ü too'), undefined);
    const folded = foldForMatching('a\u200Bb\u00A0с');
    assert.ok(folded);
    assert.equal(folded.text, 'ab c');
    assert.deepEqual(unfoldSpan(folded, 0, 2), { start: 0, end: 3 });
    assert.deepEqual(unfoldSpan(folded, 1, 2), { start: 2, end: 3 });
    assert.deepEqual(unfoldSpan(folded, 3, 4), { start: 4, end: 5 });
    const twice = foldForMatching('\u200B\u200Bab\u2060\u2060\u2060c');
    assert.ok(twice);
    assert.equal(twice.text, 'abc');
    assert.deepEqual(unfoldSpan(twice, 0, 3), { start: 2, end: 8 });
    assert.deepEqual(unfoldSpan(twice, 2, 3), { start: 7, end: 8 });
  });

  it('finds each character it folds after text with accents and with characters of the same scripts it leaves alone', () => {
    // The search looks for whole stretches of code points, then checks each find: characters of
    // Greek, Cyrillic and general punctuation it does not fold must not hide one that it does.
    const before = `${'Réunion à Montréal, coût élevé : ça déçoit. '.repeat(200)}λ ж — ‐ ‘’ “” • … ‰ ω ѐ `;
    const folded = ['\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00A0', '\u1680', '\u2000', '\u2007', '\u200A', '\u202F', '\u205F', '\u3000', 'А', 'о', 'ӏ', 'ԁ', 'ԝ', 'Α', 'ρ', 'Χ'];
    for (const char of folded) {
      const result = foldForMatching(`${before}${char}x`);
      assert.ok(result, `U+${char.charCodeAt(0).toString(16)} is folded`);
      assert.notEqual(result.text, `${before}${char}x`);
    }
    assert.equal(foldForMatching(`${before}x`), undefined, 'nothing to fold');
  });
});
