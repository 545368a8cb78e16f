import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands, ViewContainers, Views } from '../../src/shared/ids';
import type { ViewModel } from '../../src/shared/messages';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { eventually } from './eventually';
import { activateForTests } from './harness';

/** Every file "Set Up AI Tools" may write in the demo workspace, removed after the suite. */
const WRITTEN = ['.cursorignore', '.geminiignore', '.aiexclude', '.claude', '.cursor', '.gemini', '.github'];

/**
 * The AI tools in a real editor: the panel's section says which tools are governed, "Set Up AI
 * Tools" shows each file as a diff and writes nothing until the person confirms, and a policy
 * edit that leaves set-up tools behind is warned about.
 */
describe('AI tools: panel section and Set Up AI Tools', function () {
  this.timeout(120_000);
  let testing: AiGuardTestHooks;
  let folder: string;
  let policyText: string;
  const policyFile = () => join(folder, '.aiguard', 'policy.json');
  const toolDiffTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'aiguard-tools');
  const panel = async () => ((await testing.sidebarState()) as ViewModel | undefined)?.aiTools;

  before(async function () {
    this.timeout(120_000);
    const activated = await activateForTests();
    testing = activated.testing;
    folder = activated.folder.fsPath;
    policyText = readFileSync(policyFile(), 'utf8');
    await vscode.commands.executeCommand(`workbench.view.extension.${ViewContainers.activityBar}`);
    await vscode.commands.executeCommand(`${Views.sidebar}.focus`);
    await testing.sidebarReady();
  });

  after(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of WRITTEN) rmSync(join(folder, path), { recursive: true, force: true });
    writeFileSync(policyFile(), policyText);
  });

  it('lists each AI tool as not governed, with a keyboard-reachable set-up button, in English', async () => {
    const section = await eventually('the panel has an AI tools section', async () => {
      const tools = await panel();
      return tools && tools.items.length >= 4 ? tools : undefined;
    });
    for (const id of ['claude-code', 'cursor', 'copilot', 'gemini-cli']) {
      const item = section.items.find((candidate) => candidate.id === id);
      assert.ok(item, `${id} is listed`);
      assert.equal(item.state, 'missing');
      assert.equal(item.stateLabel, 'not governed');
      assert.equal(item.action, 'Set up');
      assert.match(item.actionLabel ?? '', /^Set up .+: show the files AI Guard would write/);
    }
    assert.match(section.runner, /^Hooks run: .*dist[\\/]hook\.js"?$/);
    assert.equal(section.setUpAll, 'Set up every AI tool');
  });

  it('shows the files as diffs and writes nothing when the person cancels', async () => {
    await testing.answerNextToolSetup(false);
    // As the panel's button does it: through the page's validated message.
    await testing.sidebarReceive({ type: 'setUpAiTools', tool: 'cursor' });
    const outcome = await eventually('the set-up ended', async () => {
      const last = await testing.lastToolSetup();
      return last?.result === 'cancelled' ? last : undefined;
    });
    assert.deepEqual([...outcome.shown].sort(), ['.cursor/hooks.json', '.cursorignore']);
    assert.deepEqual(outcome.written, []);
    const tabs = toolDiffTabs();
    assert.deepEqual(tabs.map((tab) => (tab.input as vscode.TabInputTextDiff).modified.path.replace(/^\/\d+\/proposed\//, '')).sort(), ['.cursor/hooks.json', '.cursorignore']);
    const hooks = await vscode.workspace.openTextDocument((tabs.find((tab) => tab.label.includes('hooks.json'))?.input as vscode.TabInputTextDiff).modified);
    assert.match(hooks.getText(), /hook\.js"? hook cursor"/);
    assert.equal(existsSync(join(folder, '.cursor', 'hooks.json')), false, 'nothing is written on cancel');
    assert.equal(existsSync(join(folder, '.cursorignore')), false);
    assert.equal((await testing.aiToolStates()).states.cursor, 'missing');
  });

  it("writes every tool's files once confirmed, and the panel then says governed", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await testing.answerNextToolSetup(true);
    await vscode.commands.executeCommand(Commands.setUpAiTools);
    const outcome = await testing.lastToolSetup();
    assert.equal(outcome?.result, 'written');
    assert.ok(outcome.shown.length >= 7, `every tool's files were shown: ${outcome.shown.join(', ')}`);
    assert.deepEqual(outcome.written, outcome.shown);
    assert.equal(toolDiffTabs().length, outcome.shown.length, 'one diff per file');
    const settings = JSON.parse(readFileSync(join(folder, '.claude', 'settings.json'), 'utf8')) as { permissions: { deny: string[] }; hooks: Record<string, unknown> };
    assert.ok(settings.permissions.deny.includes('Read(./clients/)'), settings.permissions.deny.join(', '));
    assert.ok(readFileSync(join(folder, '.cursorignore'), 'utf8').split('\n').includes('/clients/'));
    const section = await eventually('the panel says every tool is governed', async () => {
      const tools = await panel();
      return tools?.items.filter((item) => item.id !== 'continue' && item.id !== 'cline').every((item) => item.state === 'governed') ? tools : undefined;
    });
    assert.equal(section.items.find((item) => item.id === 'cursor')?.action, undefined);
    assert.equal(section.warning, undefined);
  });

  it('warns when a policy edit leaves the set-up tools out of date', async () => {
    const policy = policyText.replace('"rules": [', '"rules": [\n    { "pattern": "src/", "level": "restricted", "reason": "Test: source is restricted." },');
    assert.notEqual(policy, policyText);
    writeFileSync(policyFile(), policy);
    const { states, staleWarning } = await eventually('the stale warning names the tools left behind', async () => {
      const current = await testing.aiToolStates();
      return current.staleWarning !== undefined ? current : undefined;
    });
    assert.deepEqual([...(staleWarning ?? [])].sort(), ['claude-code', 'cursor', 'gemini-cli']);
    assert.equal(states.copilot, 'governed', "Copilot's hooks file holds no path list");
    const section = await eventually('the panel says out of date', async () => {
      const tools = await panel();
      return tools?.warning !== undefined ? tools : undefined;
    });
    assert.equal(section.items.find((item) => item.id === 'cursor')?.stateLabel, 'out of date');
    assert.equal(section.items.find((item) => item.id === 'cursor')?.action, 'Update');
  });
});
