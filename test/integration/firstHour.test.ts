import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ANSWER_SCHEME, Commands, PREVIEW_SCHEME, Settings, ViewContainers, Views } from '../../src/shared/ids';
import type { ViewModel } from '../../src/shared/messages';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { FakeAiServer } from '../support/fakeAiServer';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, previewTab, runDeciding, runTemplate } from './harness';

const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';
const CODE_FILE = 'src/invoice.ts';

/**
 * A newcomer's first hour, in a real editor: every refusal says why, the preview decides in its
 * own view, a missing key is said before any preview, a re-run asks like a first run, and the
 * answers of a session stay in one view.
 */
describe('The first hour in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let server: FakeAiServer;
  const configuration = aiGuardSettings;
  const open = (path: string, selection?: vscode.Range) => vscode.window.showTextDocument(vscode.Uri.joinPath(folder, path), selection ? { selection } : {});
  const workspace = vscode.ConfigurationTarget.Workspace;

  before(async () => {
    ({ testing, folder } = await activateForTests());
    server = await FakeAiServer.start();
    // `my-gateway` is configured but unknown to the demo policy's catalogue: it gets no tags.
    await configuration().update(
      Settings.providers,
      [
        localProvider(server),
        { id: 'my-gateway', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1' },
        { id: 'azure-eu', kind: 'azure-openai', baseUrl: server.url, deployment: 'gpt-4o', apiVersion: '2024-10-21' },
      ],
      workspace,
    );
  });

  after(async () => {
    await configuration().update(Settings.providers, undefined, workspace);
    await configuration().update(Settings.previewLevels, undefined, workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  afterEach(async () => {
    await configuration().update(Settings.previewLevels, undefined, workspace);
  });

  it('says which configured provider a client file leaves out, why, and which policy key would change it', async function () {
    this.timeout(60_000);
    const before = server.requests.length;
    await open(CLIENT_FILE);
    const last = await runTemplate(testing, 'code-review', 'my-gateway');
    assert.equal(last.status, 'blocked');
    assert.match(last.message ?? '', /'my-gateway' is not allowed for .*meeting-notes\.md \((Confidential|Confidentiel)\)/);
    assert.match(last.message ?? '', /eu-hosted, client-tenant, local/);
    assert.match(last.message ?? '', /matrix\.confidential\.providers/);
    assert.match(last.message ?? '', /providers\.my-gateway\.tags/);
    assert.match(last.message ?? '', /Allowed: ollama, azure-eu/);
    assert.equal(server.requests.length, before, 'nothing was sent');

    // The status bar names the configured providers, not catalogue entries nobody configured.
    const status = await eventually('the status bar shows the client file', () => {
      const current = testing.statusBar();
      return current?.uri.endsWith('meeting-notes.md') ? current : undefined;
    });
    assert.match(status.tooltip, /my\\-gateway/, status.tooltip);
    assert.doesNotMatch(status.tooltip, /lm\\-studio|mistral/, 'catalogue providers nobody configured are not listed');

    // The panel's Provider section lists it under the switcher, with the same reason.
    await vscode.commands.executeCommand(`workbench.view.extension.${ViewContainers.activityBar}`);
    await vscode.commands.executeCommand(`${Views.sidebar}.focus`);
    await testing.sidebarReady();
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CLIENT_FILE));
    const panel = await eventually('the panel lists my-gateway as left out', async () => {
      const model = (await testing.sidebarState()) as ViewModel | undefined;
      return model?.provider.leftOut?.some((item) => item.id === 'my-gateway') === true ? model : undefined;
    });
    const why = panel.provider.leftOut?.find((item) => item.id === 'my-gateway')?.why ?? '';
    assert.match(why, /matrix\.confidential\.providers/);
    assert.match(why, /providers\.my-gateway\.tags/);
    assert.ok(!panel.provider.options.some((option) => option.id === 'my-gateway'), 'it is not offered');
  });

  it("decides the preview in its own view: Don't send sends nothing, Send sends, closing the view is Don't send", async function () {
    this.timeout(90_000);
    await configuration().update(Settings.previewLevels, ['confidential'], workspace);
    await open(CLIENT_FILE);
    const before = server.requests.length;
    const declined = await runDeciding(testing, 'code-review', 'ollama', Commands.declinePreview);
    assert.equal(declined.status, 'blocked');
    assert.match(declined.message ?? '', /preview was declined/);
    assert.equal(server.requests.length, before);

    const closed = await runDeciding(testing, 'code-review', 'ollama', async () => {
      const tab = previewTab();
      assert.ok(tab);
      await vscode.window.tabGroups.close(tab);
    });
    assert.equal(closed.status, 'blocked', 'closing the preview sends nothing');
    assert.equal(server.requests.length, before);

    const sent = await runDeciding(testing, 'code-review', 'ollama', Commands.sendPreview);
    assert.equal(sent.status, 'ok', sent.message);
    assert.equal(server.requests.length, before + 1);
  });

  it('says a key is missing before any preview is shown, and a local model needs none', async function () {
    this.timeout(60_000);
    await configuration().update(Settings.previewLevels, ['*'], workspace);
    const saved = { azure: process.env.AZURE_OPENAI_API_KEY, generic: process.env.AI_GUARD_API_KEY };
    delete process.env.AZURE_OPENAI_API_KEY;
    delete process.env.AI_GUARD_API_KEY;
    let previews = 0;
    const watch = vscode.window.tabGroups.onDidChangeTabs((event) => {
      previews += event.opened.filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PREVIEW_SCHEME).length;
    });
    try {
      await open(CLIENT_FILE);
      const before = server.requests.length;
      const missing = await runTemplate(testing, 'code-review', 'azure-eu');
      assert.equal(missing.status, 'error');
      assert.match(missing.message ?? '', /key/i);
      assert.equal(previews, 0, 'no preview was asked for a call that could not be made');
      assert.equal(server.requests.length, before);
    } finally {
      watch.dispose();
      for (const [name, value] of [
        ['AZURE_OPENAI_API_KEY', saved.azure],
        ['AI_GUARD_API_KEY', saved.generic],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // The local model (no key anywhere) goes on to the preview.
    const local = await runDeciding(testing, 'code-review', 'ollama', Commands.sendPreview);
    assert.equal(local.status, 'ok', local.message);
  });

  it('never sends a re-run without the preview, even where the level asks for none', async function () {
    this.timeout(90_000);
    await configuration().update(Settings.previewLevels, [], workspace);
    await open(CODE_FILE, new vscode.Range(0, 0, 0, 0));
    const first = await runTemplate(testing, 'explain-code', 'ollama');
    assert.equal(first.status, 'ok', first.message);
    const before = server.requests.length;
    const again = await runDeciding(testing, 'explain-code', 'ollama', Commands.declinePreview, () => vscode.commands.executeCommand(Commands.rerunAnswer, vscode.Uri.parse(first.answerUri ?? '')));
    assert.equal(again.status, 'blocked');
    assert.equal(server.requests.length, before, 'the declined re-run sent nothing');
  });

  it('keeps every answer of the session in one answer view, the latest first', async function () {
    this.timeout(90_000);
    await configuration().update(Settings.previewLevels, [], workspace);
    await open(CODE_FILE, new vscode.Range(0, 0, 0, 0));
    server.enqueue({ text: 'First answer.' }, { text: 'Second answer.' });
    const first = await runTemplate(testing, 'explain-code', 'ollama');
    const second = await runTemplate(testing, 'document', 'ollama');
    assert.equal(first.status, 'ok', first.message);
    assert.equal(second.status, 'ok', second.message);
    const answerTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === ANSWER_SCHEME);
    await eventually('one answer view holds both answers', () => {
      const document = vscode.workspace.textDocuments.find(
        (candidate) => candidate.uri.scheme === ANSWER_SCHEME && candidate.getText().includes('Second answer.') && candidate.getText().includes('First answer.'),
      );
      return document && document.getText().indexOf('Second answer.') < document.getText().indexOf('First answer.');
    });
    assert.equal(
      answerTabs().length,
      1,
      `one answer tab, not one per run: ${answerTabs()
        .map((tab) => tab.label)
        .join(', ')}`,
    );
  });
});
