import { strict as assert } from 'node:assert';
import { commandParts, hookCommandOf, planToolSync, toolStates } from '../../src/core/tools/sync';

const none = { 'claude-code': [], cursor: [], copilot: [], 'gemini-cli': [] };

describe('tools sync plan, shared by the CLI and the editor', () => {
  it('says each tool is missing, governed or stale from what its files hold', async function () {
    this.timeout(20_000);
    const files = new Map<string, string>();
    const command = hookCommandOf('/usr/bin/node', '/opt/ai guard/dist/hook.js');
    const plan = () => planToolSync({ dir: '/repo', forbidden: none, command, read: async (at) => files.get(at), keepRecordedCommands: true });
    assert.deepEqual(toolStates(await plan()), { 'claude-code': 'missing', cursor: 'missing', copilot: 'missing', 'gemini-cli': 'missing' });
    for (const file of await plan()) files.set(file.at, file.after);
    assert.deepEqual(toolStates(await plan()), { 'claude-code': 'governed', cursor: 'governed', copilot: 'governed', 'gemini-cli': 'governed' });
    // The policy now forbids Cursor a folder: only Cursor's files are out of date.
    const stale = await planToolSync({ dir: '/repo', forbidden: { ...none, cursor: ['clients/'] }, command, read: async (at) => files.get(at), keepRecordedCommands: true });
    assert.deepEqual(toolStates(stale), { 'claude-code': 'governed', cursor: 'stale', copilot: 'governed', 'gemini-cli': 'governed' });
    assert.deepEqual(
      stale.filter((file) => file.after !== file.before).map((file) => file.path),
      ['.cursorignore'],
    );
  });

  it('reads back the program and script of a hook command it wrote, quotes included', () => {
    const command = hookCommandOf('/usr/bin/node', '/home/a b/.vscode/extensions/etech.ai-guard-0.1.0/dist/hook.js')('cursor');
    assert.equal(command, '/usr/bin/node "/home/a b/.vscode/extensions/etech.ai-guard-0.1.0/dist/hook.js" hook cursor');
    assert.deepEqual(commandParts(command), { runtime: '/usr/bin/node', script: '/home/a b/.vscode/extensions/etech.ai-guard-0.1.0/dist/hook.js' });
    assert.equal(commandParts('ai-guard hook cursor'), undefined);
  });
});
