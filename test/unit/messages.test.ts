import { strict as assert } from 'node:assert';
import { Commands } from '../../src/shared/ids';
import { FromWebviewSchema, ToWebviewSchema } from '../../src/shared/messages';
import { parseSetting } from '../../src/shared/settings';

describe('shared/messages: the webview is an untrusted boundary', () => {
  it('accepts the handshake and allowlisted commands', () => {
    assert.ok(FromWebviewSchema.safeParse({ type: 'ready' }).success);
    assert.ok(FromWebviewSchema.safeParse({ type: 'runCommand', command: Commands.showOutput }).success);
  });

  it('rejects commands outside the allowlist, unknown types, extra keys and non-objects', () => {
    for (const bad of [
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'runCommand', command: Commands.showOutput, args: ['rm -rf /'] },
      { type: 'ready', extra: true },
      { type: 'eval', code: 'x' },
      'ready',
      null,
      undefined,
    ]) {
      assert.equal(FromWebviewSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('validates what the host sends too', () => {
    const init = { type: 'init', version: '0.1.0', strings: { title: 't', intro: 'i', showOutput: 's', version: 'v' } };
    assert.ok(ToWebviewSchema.safeParse(init).success);
    assert.equal(ToWebviewSchema.safeParse({ ...init, strings: { title: 't' } }).success, false);
  });
});

describe('shared/settings', () => {
  it('parses valid values and falls back to the default on invalid ones', () => {
    assert.equal(parseSetting('revealOutputOnError', true), true);
    assert.equal(parseSetting('revealOutputOnError', undefined), false);
    assert.equal(parseSetting('revealOutputOnError', 'yes'), false);
  });
});
