import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { RedactionSession, Scanner, applyFindings } from '../../src/core/redaction';
import { describeTruncation, parseTemplate, renderTemplate, type TemplateContext, type Template, truncateScanned } from '../../src/core/templates';

const lines = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1}`).join('\n');

const TEMPLATE = [
  '---',
  'id: t',
  'title: T',
  'description: D',
  'profile: test',
  'version: 1.0.0',
  'inputs: [selection?, file?, git-diff?, logs?]',
  'output: markdown',
  '---',
  '## System',
  'Review.',
  '## User',
  '{{#file.path}}File {{file.path}}:{{/file.path}}',
  '{{selection}}',
  '{{file.content}}',
  '{{diff}}',
  '{{logs}}',
  'End.',
].join('\n');
function template(): Template {
  const { template: parsed, problems } = parseTemplate('t.prompt.md', TEMPLATE, 'workspace');
  assert.ok(parsed, JSON.stringify(problems));
  return parsed;
}
const scanner = new Scanner({ secretlint: false });

/** Renders, scans and cuts as the pipeline does: the user text cut, and what was cut. */
async function cutPrompt(context: TemplateContext, max: number) {
  const rendered = renderTemplate(template(), context);
  const part = async (text: string, spans: typeof rendered.spans.user) => ({ text, spans, findings: await scanner.scan(text) });
  return truncateScanned({ system: await part(rendered.system, rendered.spans.system), user: await part(rendered.user, rendered.spans.user) }, context, max);
}

describe('templates: inputs too large for the prompt', () => {
  it('leaves inputs within the limit untouched, and reports nothing', async () => {
    const context = { selection: 'short', diff: 'small diff', logs: 'one log line' };
    const result = await cutPrompt(context, 1_000);
    assert.equal(result.user.text, renderTemplate(template(), context).user);
    assert.deepEqual(result.truncated, []);
  });

  it('keeps the start of code at a line boundary, with a marker saying how much was left out', async () => {
    const code = lines(200, 'code');
    const { user, truncated } = await cutPrompt({ selection: code }, 1_000);
    assert.equal(truncated.length, 1);
    assert.equal(truncated[0]?.input, 'selection');
    assert.equal(truncated[0]?.total, code.length);
    assert.ok((truncated[0]?.kept ?? 0) <= 1_000);
    assert.ok(user.text.trimStart().startsWith('code line 1\n'));
    const kept = user.text.split('\n').filter((line) => line.startsWith('code')) ?? [];
    assert.ok(
      kept.every((line) => /^code line \d+$/.test(line)),
      'no line is cut in half',
    );
    assert.match(user.text, new RegExp(`\\[… ${code.length - (truncated[0]?.kept ?? 0)} more characters were left out`));
  });

  it('keeps the end of logs and diagnostics, where the error is', async () => {
    const logs = lines(300, 'log');
    const { user, truncated } = await cutPrompt({ logs }, 500);
    assert.equal(truncated[0]?.input, 'logs');
    assert.ok(user.text.endsWith('log line 300\nEnd.'));
    assert.match(user.text, /\[… \d+ earlier characters were left out/);
  });

  it('cuts a whole-file selection and the file alike, and reports it once', async () => {
    const content = lines(500, 'x');
    const { user, truncated } = await cutPrompt({ selection: content, file: { path: 'a.ts', content } }, 800);
    assert.equal(truncated.length, 1);
    // Both copies are cut at the same line: the parts between the markers are the same.
    const parts = user.text.replace('File a.ts:\n', '').split(/\[… \d+ more characters were left out to fit the prompt …\]\n/);
    assert.equal(parts.length, 3);
    assert.equal(parts[0]?.trim(), parts[1]?.trim());
    const described = describeTruncation(truncated);
    assert.match(described, /the selection: \d{3} of [\d,]+ characters/);
    assert.match(described, /the answer did not see the rest/);
  });

  it('never cuts inside a secret that straddles the limit: none of it is sent, and no placeholder is split', async () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      ...Array.from({ length: 12 }, (_, i) => `MIIEowIBAAKCAQEA${String(i).padStart(2, '0')}x7Qd9k2LmZp4VbN8rT1sYwE6uJhG3fKaXcP0oI5`),
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const password = 'q8#Lm2!vZr9@Tx4Kp7';
    // The key starts before the limit and ends after it; the password's copy near the top is
    // masked only because the scan saw its assignment, which the cut leaves out.
    for (const max of [1_200, 1_350, 1_500]) {
      const head = `const copy = "${password}";\n${lines(200, 'code').slice(0, max - 300)}\n`;
      const selection = `${head}${key}\n${lines(40, 'more')}\npassword = "${password}"\n`;
      assert.ok(selection.indexOf(key) < max && selection.indexOf(key) + key.length > max, 'the key straddles the limit');
      const { user, truncated } = await cutPrompt({ selection }, max);
      assert.equal(truncated[0]?.input, 'selection');
      const session = new RedactionSession();
      const sent = applyFindings(session, user.text, user.findings).text;
      for (const line of key.split('\n').slice(1, -1)) assert.ok(!sent.includes(line.slice(0, 24)), `a line of the key was sent (limit ${max})`);
      assert.ok(!sent.includes('MIIEowIBAAKCAQEA'), `part of the key was sent (limit ${max})`);
      assert.ok(!sent.includes(password), `the password's copy was sent (limit ${max})`);
      assert.ok(!/\[\[[A-Z_]*$|^[A-Z_]*\d*\]\]/m.test(sent.replace(/\[\[[A-Z_]+_\d+\]\]/g, '')), 'no placeholder is split');
    }
  });

  it('never sends part of a value the whole-text scan found, wherever the limit falls (property)', async function () {
    this.timeout(60_000);
    const values = [
      'AKIAQYLPMN5HHHFPZAM2',
      'amelie.dufresne@ardoise-conseil.fr',
      'FR14 2004 1010 0505 0001 3M02 606',
      'password = "q8#Lm2!vZr9@Tx4"',
      'postgres://admin:Pa55w0rd2024@db.internal:5432/app',
    ];
    const part = fc.oneof(fc.constantFrom(...values), fc.constantFrom('code();', '// note', 'x = 1', ''), fc.string({ maxLength: 30 }));
    const selection = fc.array(fc.tuple(part, fc.constantFrom('\n', ' ', '\n\n')), { minLength: 1, maxLength: 40 }).map((parts) => parts.map(([text, sep]) => text + sep).join(''));
    await fc.assert(
      fc.asyncProperty(selection, fc.constantFrom<'selection' | 'logs'>('selection', 'logs'), fc.integer({ min: 1, max: 400 }), async (text, input, max) => {
        const context = { [input]: text };
        const full = await scanner.scan(renderTemplate(template(), context).user);
        const { user } = await cutPrompt(context, max);
        const sent = applyFindings(new RedactionSession(), user.text, user.findings).text;
        const rendered = renderTemplate(template(), context).user;
        // The text outside every finding: a piece that also occurs there may be sent.
        let outside = '';
        let cursor = 0;
        for (const finding of full) {
          outside += `${rendered.slice(cursor, finding.start)}\0`;
          cursor = finding.end;
        }
        outside += rendered.slice(cursor);
        for (const finding of full) {
          const value = rendered.slice(finding.start, finding.end);
          // No piece of a found value of 6 characters or more is sent.
          for (let i = 0; i + 6 <= value.length; i++) {
            const piece = value.slice(i, i + 6);
            assert.ok(!sent.includes(piece) || outside.includes(piece), `part of ${finding.kind} was sent (limit ${max})`);
          }
        }
        assert.ok(!/\[\[[A-Z][A-Z0-9_]*(?:_\d*)?$/m.test(sent.replace(/\[\[[A-Z][A-Z0-9_]*_\d+\]\]/g, '')), 'no placeholder is split');
      }),
      { numRuns: 200 },
    );
  });
});
