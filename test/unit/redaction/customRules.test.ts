import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ExitCode, runCli } from '../../../src/cli/main';
import { PolicyStore } from '../../../src/core/classification';
import { useLocale } from '../../../src/core/localeBundles';
import { parsePolicyText } from '../../../src/core/policy/parse';
import { Scanner } from '../../../src/core/redaction';
import { customPatternProblem } from '../../../src/core/redaction/customRules';
import { RedactionService } from '../../../src/vscode/redaction/redactionService';
import { MemoryFiles, runCliOn } from '../../support/ports';

/**
 * `detectors.custom`: an organisation's own rules, validated with the policy (patterns outside
 * the linear-safe subset are errors), masking in the engine, the CLI and the editor.
 */
const RULE = { id: 'etech-ticket-key', pattern: '\\bETK-([A-Z0-9]{24})\\b', keywords: ['ETK-'] };
const body = (n: number) => 'Q7W2E9R4T6Y1U3I8O5P0A2S4'.slice(0, n);
const SECRET = `ETK-${body(24)}`;
const policyWith = (custom: unknown) => JSON.stringify({ version: 1, detectors: { custom } });
const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('redaction: custom rules of the policy', function () {
  this.timeout(60_000);
  before(() => useLocale('en'));

  it('accepts bounded patterns in the linear-safe subset', () => {
    for (const pattern of [RULE.pattern, '\\bacme_(?:live|test)_([a-f0-9]{40})\\b', '(?:x-acme-key|acme_key)[:=] ?([A-Za-z0-9]{20,40})', 'INT-[0-9]{4}-[A-Z]{2}(?:-v2)?', '[\\]a-z]{8}']) {
      assert.equal(customPatternProblem(pattern), undefined, pattern);
    }
  });

  it('refuses patterns that could backtrack without bound, naming why', () => {
    const cases: Array<[string, string]> = [
      ['ETK-[A-Z0-9]+', 'unbounded'],
      ['ETK-.*', 'unbounded'],
      ['ETK-[A-Z]{4,}', 'unbounded'],
      ['(a|aa){1,10}', 'nested-repetition'],
      ['(?:a{1,3}){1,3}', 'nested-repetition'],
      ['\\w{1,100}\\w{1,100}', 'too-much-backtracking'],
      ['(?=ETK)ETK-[A-Z]{4}', 'lookaround-or-backreference'],
      ['(ETK)-\\1', 'lookaround-or-backreference'],
      ['(?<key>ETK)', 'lookaround-or-backreference'],
      ['ETK-[A-Z', 'invalid'],
      ['(?:ETK)?', 'empty-match'],
      [`ETK-${'a'.repeat(600)}`, 'too-long'],
    ];
    for (const [pattern, problem] of cases) assert.equal(customPatternProblem(pattern), problem, pattern);
  });

  it('validates detectors.custom with the rest of the policy: an unsafe pattern is an error, with its reason', () => {
    assert.deepEqual(parsePolicyText('/p.json', policyWith([RULE])).problems, []);
    const unsafe = parsePolicyText('/p.json', policyWith([{ ...RULE, pattern: 'ETK-[A-Z0-9]+' }]));
    assert.equal(unsafe.document, undefined, 'a policy with an unsafe pattern is not used');
    assert.match(unsafe.problems.map((problem) => problem.message).join('\n'), /upper bound/);
    for (const rule of [
      { ...RULE, keywords: [] },
      { ...RULE, keywords: ['ET'] },
      { ...RULE, id: 'Bad Id' },
      { id: 'x', pattern: 'x{3}' },
    ]) {
      assert.equal(parsePolicyText('/p.json', policyWith([rule])).document, undefined, JSON.stringify(rule));
    }
  });

  it('masks what a rule finds near its keyword (its first group), never a placeholder', async () => {
    const scanner = new Scanner({ secretlint: false, dictionary: { custom: [RULE] } });
    const text = `ticket key ${SECRET} and ETK-XXXXXXXXXXXXXXXXXXXXXXXX\n`;
    const findings = await scanner.scan(text);
    assert.deepEqual(
      findings.map((finding) => [finding.rule, text.slice(finding.start, finding.end)]),
      [['custom/etech-ticket-key', body(24)]],
    );
    assert.deepEqual(await new Scanner({ secretlint: false }).scan(text), [], 'without the rule nothing is found');
  });

  it('stays linear on a hostile text of repeated keywords (time for 1× and 8×)', async () => {
    // The budget is the scan's, not this test's: a loaded machine must not turn the timing into a ScanError.
    const scanner = new Scanner({
      secretlint: false,
      categories: new Set(['secret']),
      timeBudget: { baseMs: 60_000, perMegabyteMs: 0 },
      dictionary: { custom: [{ id: 'wide', pattern: 'ETK-[A-Z0-9]{1,16}[A-Z0-9]{1,16}x', keywords: ['ETK-'] }] },
    });
    const unit = 'ETK-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA '.repeat(700);
    const time = async (text: string) => {
      const started = performance.now();
      await scanner.scan(text);
      return performance.now() - started;
    };
    let ratio = Infinity;
    for (let attempt = 0; attempt < 3 && ratio >= 20; attempt++) {
      await time(unit);
      const one = await time(unit);
      const eight = await time(unit.repeat(8));
      ratio = eight / Math.max(one, 1);
    }
    assert.ok(ratio < 20, `8× the input took ${ratio.toFixed(1)}× the time`);
  });

  it('reaches every scanner of the files the policy governs, and the union of two policies', () => {
    const store = new PolicyStore();
    store.setRoots(['/repo']);
    const other = { id: 'other', pattern: 'OTH-[0-9]{8}', keywords: ['OTH-'] };
    store.apply([
      { path: '/repo/.aiguard/policy.json', text: policyWith([RULE]) },
      { path: '/repo/client/.aiguard/policy.json', text: policyWith([other, RULE]) },
    ]);
    assert.deepEqual(store.at('/repo/a.txt').dictionary().custom, [RULE]);
    assert.deepEqual(
      store
        .at('/repo/client/a.txt')
        .dictionary()
        .custom?.map((rule) => rule.id),
      ['etech-ticket-key', 'other'],
    );
  });

  it('redacts in the CLI: ai-guard redact and scan under a policy with a custom rule', async () => {
    const files = new MemoryFiles({
      '/repo/.git/HEAD': 'ref: refs/heads/main\n',
      '/repo/.aiguard/policy.json': policyWith([RULE]),
      '/repo/notes.txt': `clé du ticket : ${SECRET}\n`,
    });
    const redacted = await runCliOn(runCli, ['redact', '/repo/notes.txt'], files, { cwd: '/repo' });
    assert.equal(redacted.code, ExitCode.ok, redacted.stderr);
    assert.equal(redacted.stdout, 'clé du ticket : ETK-[[SECRET_1]]\n');
    const scanned = await runCliOn(runCli, ['scan', '--json', '/repo/notes.txt'], files, { cwd: '/repo' });
    assert.equal(scanned.code, ExitCode.findings);
    assert.match(scanned.stdout, /"rule": "custom\/etech-ticket-key"/);
    assert.doesNotMatch(scanned.stdout + scanned.stderr, new RegExp(body(24)));
  });

  it('redacts in the editor: the redaction service builds its scanners with the policy in force', async () => {
    const store = new PolicyStore();
    store.setRoots(['/repo']);
    store.apply([{ path: '/repo/.aiguard/policy.json', text: policyWith([RULE]) }]);
    const service = new RedactionService(silentLogger as never);
    try {
      service.useScanSettings((uri) => (uri ? store.at(uri.fsPath).scanSettings() : undefined));
      const uri = vscode.Uri.file('/repo/notes.txt');
      const text = `ticket ${SECRET}\n`;
      const findings = await (await service.scanner(uri)).scan(text, { path: uri.fsPath });
      assert.deepEqual(
        findings.map((finding) => text.slice(finding.start, finding.end)),
        [body(24)],
      );
      const forCall = await service.scannerWith([uri], new Set(['secret']));
      assert.equal((await forCall.scan(text)).length, 1);
    } finally {
      service.dispose();
    }
  });
});
