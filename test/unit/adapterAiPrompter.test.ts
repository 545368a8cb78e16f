import { strict as assert } from 'node:assert';
import type { Template } from '../../src/core/templates';
import type { Prompter } from '../../src/vscode/ai/prompter';
import { Container } from '../../src/vscode/container';
import { ExtensionMode, createContext, createTextDocument, fake } from '../support/fakeVscode';
import { FakeAiServer } from '../support/fakeAiServer';
import { githubToken } from '../support/redaction';

/** A person's answers, given in advance: what each question was shown is kept for the assertions. */
function scriptedPrompter(answers: { template: string; provider: string }) {
  const asked: { templates?: string[]; providers?: string[]; previews: number } = { previews: 0 };
  const prompter: Prompter = {
    openTemplatePicker: () => ({
      choose: (templates: readonly Template[]) => {
        asked.templates = templates.map((template) => template.id);
        return Promise.resolve(templates.find((template) => template.id === answers.template));
      },
      dispose: () => undefined,
    }),
    chooseProvider: (allowed) => {
      asked.providers = allowed.map((identity) => identity.id);
      return Promise.resolve(answers.provider);
    },
    notes: () => Promise.resolve(''),
    preview: () => {
      asked.previews += 1;
      return Promise.resolve(false);
    },
  };
  return { prompter, asked };
}

describe('the editor adapter: a run asks the person only through its prompter', function () {
  this.timeout(60_000);
  let container: Container | undefined;
  beforeEach(() => fake.reset());
  afterEach(() => container?.dispose());

  it('takes the template and the provider from the prompter, shows no editor picker, and copies the redacted prompt', async () => {
    const context = createContext('/ext', ExtensionMode.Test);
    const { prompter, asked } = scriptedPrompter({ template: 'explain-code', provider: 'copy' });
    container = new Container(context as never, { prompter });
    const token = githubToken('ghp', 'Zq8vN3xT5mK2pL9wR4yB7cD1fH6jA0');
    fake.activeTextEditor = { document: { ...createTextDocument('/work/app.ts', `export const token = '${token}';\n`), languageId: 'typescript' }, selections: [{ isEmpty: true }] };

    await (await container.aiFeature()).run();

    assert.ok(asked.templates?.includes('explain-code'), `the prompter was shown the templates: ${asked.templates?.join(', ')}`);
    assert.deepEqual(asked.providers, [], 'no provider is configured, so only the copy mode is left');
    assert.equal(fake.createdQuickPicks.length, 0, 'the editor showed no picker of its own');
    assert.equal((await container.ai()).lastRun?.status, 'copied', (await container.ai()).lastRun?.message);
    assert.ok(fake.clipboard.includes('[[GITHUB_TOKEN_1]]'), 'the prompt on the clipboard is redacted');
    assert.ok(!fake.clipboard.includes(token), 'the token never reaches the clipboard');
  });

  it('sends nothing when the prompter declines the preview', async () => {
    const server = await FakeAiServer.start();
    try {
      fake.settings['aiGuard.providers'] = [{ id: 'ollama', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1', tags: ['local'] }];
      fake.settings['aiGuard.preview.levels'] = ['*'];
      const { prompter, asked } = scriptedPrompter({ template: 'explain-code', provider: 'ollama' });
      container = new Container(createContext('/ext', ExtensionMode.Test) as never, { prompter });
      fake.activeTextEditor = { document: { ...createTextDocument('/work/app.ts', 'export const answer = 42;\n'), languageId: 'typescript' }, selections: [{ isEmpty: true }] };

      await (await container.aiFeature()).run({ template: 'explain-code' });

      assert.equal(asked.previews, 1, 'the preview was asked through the prompter');
      assert.equal(server.requests.length, 0, 'a declined preview sends nothing');
      assert.notEqual((await container.ai()).lastRun?.status, 'ok');
    } finally {
      await server.close();
    }
  });
});
