import { strict as assert } from 'node:assert';
import { Commands } from '../../src/shared/ids';
import { CssColorSchema, FromWebviewSchema, ToWebviewSchema } from '../../src/shared/messages';
import { parseSetting } from '../../src/shared/settings';

describe('shared/messages: the webview is an untrusted boundary', () => {
  const runId = '123e4567-e89b-42d3-a456-426614174000';

  it('accepts the handshake, allowlisted commands and every action the panel offers', () => {
    for (const good of [
      { type: 'ready' },
      { type: 'painted', ms: 42 },
      { type: 'runCommand', command: Commands.showOutput },
      { type: 'runCommand', command: Commands.copyRedacted },
      { type: 'runCommand', command: Commands.showAuditLog },
      { type: 'runTemplate', template: 'code-review' },
      { type: 'setProvider', provider: 'copy' },
      { type: 'setProvider', provider: 'azure-eu' },
      { type: 'setApiKey', provider: 'openai' },
      { type: 'openProviderSettings' },
      { type: 'rate', runId, rating: 5, minutesSaved: 15 },
      { type: 'rate', runId, rating: 1 },
      { type: 'rate', runId, minutesSaved: 0 },
      { type: 'skipFeedback', runId },
      { type: 'setTelemetry', enabled: false },
      { type: 'showTelemetryLog' },
      { type: 'openWalkthrough' },
    ]) {
      const parsed = FromWebviewSchema.safeParse(good);
      assert.ok(parsed.success, `${JSON.stringify(good)}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`);
    }
  });

  it('rejects commands outside the allowlist, unknown types, extra keys, bad values and non-objects', () => {
    for (const bad of [
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'runCommand', command: Commands.setApiKey },
      { type: 'runCommand', command: Commands.showOutput, args: ['rm -rf /'] },
      { type: 'ready', extra: true },
      { type: 'eval', code: 'x' },
      { type: 'runTemplate', template: '../../etc/passwd' },
      { type: 'runTemplate', template: 'Code Review' },
      { type: 'runTemplate' },
      { type: 'setProvider', provider: 'x'.repeat(200) },
      { type: 'setProvider', provider: 'copy', target: 'global' },
      { type: 'rate', runId, rating: 6 },
      { type: 'rate', runId, rating: 2.5 },
      { type: 'rate', runId, minutesSaved: -1 },
      { type: 'rate', runId, minutesSaved: 10_000 },
      { type: 'rate', runId: 'not-a-run', rating: 3 },
      { type: 'setTelemetry', enabled: 'yes' },
      { type: 'painted', ms: -1 },
      'ready',
      null,
      undefined,
    ]) {
      assert.equal(FromWebviewSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('validates what the host sends too: strings, and the view model down to its colours', () => {
    const init = { type: 'init', version: '0.1.0', strings: { title: 't', showOutput: 's' } };
    assert.ok(ToWebviewSchema.safeParse(init).success);
    assert.equal(ToWebviewSchema.safeParse({ ...init, strings: { title: 3 } }).success, false);
    assert.equal(ToWebviewSchema.safeParse({ ...init, extra: 1 }).success, false);
    assert.equal(ToWebviewSchema.safeParse({ type: 'state', model: {} }).success, false);
    assert.ok(CssColorSchema.safeParse('var(--vscode-charts-orange)').success);
    assert.ok(CssColorSchema.safeParse('#12ab9F').success);
    for (const css of ['red', 'url(https://evil.example)', 'var(--x);background:url(x)', '#1234567']) assert.equal(CssColorSchema.safeParse(css).success, false, css);
  });
});

describe('shared/settings', () => {
  it('parses valid values and falls back to the default on invalid ones', () => {
    assert.equal(parseSetting('revealOutputOnError', true), true);
    assert.equal(parseSetting('revealOutputOnError', undefined), false);
    assert.equal(parseSetting('revealOutputOnError', 'yes'), false);
  });

  it('reports a fallback, naming the setting and what is wrong, never for a valid or absent value', () => {
    const problems: string[] = [];
    assert.equal(
      parseSetting('context.maxCharacters', 10, (p) => problems.push(p)),
      200_000,
    );
    assert.equal(
      parseSetting('context.maxCharacters', 5_000, (p) => problems.push(p)),
      5_000,
    );
    assert.equal(
      parseSetting('context.maxCharacters', undefined, (p) => problems.push(p)),
      200_000,
    );
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.equal(problems[0], 'aiGuard.context.maxCharacters: must be at least 1000; the default applies');
  });
});
