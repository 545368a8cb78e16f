import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { ProviderConfigSchema, ProviderError } from '../../src/core/providers';
import { createEditorModelProvider, editorModelsAvailable, selectorOf } from '../../src/vscode/ai/editorModels';

/** The in-memory `vscode` module the unit tests run against, given the language model API for these tests. */
const vscode = createRequire(__filename)('vscode') as Record<string, unknown>;

class LanguageModelError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
  static NoPermissions = () => new LanguageModelError('NoPermissions');
  static NotFound = () => new LanguageModelError('NotFound');
  static Blocked = () => new LanguageModelError('Blocked');
}

class CancellationTokenSource {
  private listeners: Array<() => void> = [];
  readonly token = { isCancellationRequested: false, onCancellationRequested: (listener: () => void) => this.listeners.push(listener) };
  cancel(): void {
    this.token.isCancellationRequested = true;
    for (const listener of this.listeners) listener();
  }
  dispose(): void {}
}

interface SentMessage {
  role: string;
  content: string;
}

/** A language model of the editor that answers `chunks`, or fails with `failure`, and records what it was sent. */
function fakeModel(options: { chunks?: string[]; failure?: Error; family?: string } = {}) {
  const sent: SentMessage[][] = [];
  const model = {
    id: 'copilot-gpt-4o',
    vendor: 'copilot',
    family: options.family ?? 'gpt-4o',
    name: 'GPT-4o',
    version: '1',
    maxInputTokens: 64_000,
    countTokens: async (text: string) => Math.ceil(text.length / 4),
    sendRequest: async (messages: SentMessage[], _options: unknown, token: { isCancellationRequested: boolean }) => {
      sent.push(messages);
      if (options.failure) throw options.failure;
      return {
        text: (async function* () {
          for (const chunk of options.chunks ?? ['Hello ', 'from ', 'the editor.']) {
            if (token.isCancellationRequested) return;
            yield chunk;
          }
        })(),
      };
    },
  };
  return { model, sent };
}

const config = (model?: string) => ProviderConfigSchema.parse({ id: 'copilot', kind: 'vscode-lm', ...(model ? { model } : {}) });

describe("the editor's language models as a provider (vscode.lm)", () => {
  const saved = { lm: vscode.lm, message: vscode.LanguageModelChatMessage, error: vscode.LanguageModelError, source: vscode.CancellationTokenSource };
  let models: Array<ReturnType<typeof fakeModel>['model']>;
  let selectors: unknown[];

  beforeEach(() => {
    models = [];
    selectors = [];
    vscode.lm = {
      selectChatModels: async (selector: { id?: string; family?: string; vendor?: string }) => {
        selectors.push(selector);
        return models.filter(
          (model) =>
            (selector.id === undefined || model.id === selector.id) &&
            (selector.family === undefined || model.family === selector.family) &&
            (selector.vendor === undefined || model.vendor === selector.vendor),
        );
      },
    };
    vscode.LanguageModelChatMessage = { User: (content: string) => ({ role: 'user', content }), Assistant: (content: string) => ({ role: 'assistant', content }) };
    vscode.LanguageModelError = LanguageModelError;
    vscode.CancellationTokenSource = CancellationTokenSource;
  });
  afterEach(() => {
    vscode.lm = saved.lm;
    vscode.LanguageModelChatMessage = saved.message;
    vscode.LanguageModelError = saved.error;
    vscode.CancellationTokenSource = saved.source;
  });

  it('is feature-detected, and says so clearly when the editor has no model API or no matching model', async () => {
    assert.equal(editorModelsAvailable(), true);
    await assert.rejects(createEditorModelProvider(config('gpt-4o')), /no language model 'gpt-4o' for provider 'copilot'.*Sign in to Copilot/);
    vscode.lm = undefined;
    assert.equal(editorModelsAvailable(), false);
    await assert.rejects(createEditorModelProvider(config()), /offers none \(no vscode\.lm API\)/);
  });

  it('selects a model by vendor/family, by id then family, or takes any', () => {
    assert.deepEqual(selectorOf('copilot/gpt-4o'), [{ vendor: 'copilot', family: 'gpt-4o' }]);
    assert.deepEqual(selectorOf('gpt-4o'), [{ id: 'gpt-4o' }, { family: 'gpt-4o' }]);
    assert.deepEqual(selectorOf(undefined), [{}]);
  });

  it('streams the answer, sends the instructions first as the user, and reports estimated usage', async () => {
    const { model, sent } = fakeModel();
    models.push(model);
    const provider = await createEditorModelProvider(config('gpt-4o'));
    assert.equal(provider.model, 'copilot/gpt-4o');
    const chunks: string[] = [];
    const result = await provider.stream({ system: 'You review code.', messages: [{ role: 'user', content: 'Review [[EMAIL_1]].' }] }, { onText: (chunk) => chunks.push(chunk) });
    assert.deepEqual(chunks, ['Hello ', 'from ', 'the editor.']);
    assert.equal(result.text, 'Hello from the editor.');
    assert.deepEqual(sent[0], [
      { role: 'user', content: 'You review code.' },
      { role: 'user', content: 'Review [[EMAIL_1]].' },
    ]);
    assert.equal(result.usage.estimated, true);
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  });

  it("turns the editor's refusals into the provider errors people know, and a cancelled call into 'cancelled'", async () => {
    models.push(fakeModel({ failure: LanguageModelError.NoPermissions() }).model);
    const refused = await createEditorModelProvider(config());
    await assert.rejects(refused.stream({ messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => error instanceof ProviderError && error.code === 'forbidden');

    models.splice(0, 1, fakeModel({ chunks: ['one ', 'two ', 'three'] }).model);
    const provider = await createEditorModelProvider(config());
    const controller = new AbortController();
    await assert.rejects(
      provider.stream({ messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal, onText: () => controller.abort() }),
      (error: unknown) => error instanceof ProviderError && error.code === 'cancelled',
    );
  });

  it('is accepted in settings without a model or a key, and refused by the core outside the editor', async () => {
    assert.equal(config().kind, 'vscode-lm');
    const { createProvider } = await import('../../src/core/providers');
    await assert.rejects(createProvider(config(), { apiKey: undefined }), /only the VS Code or Cursor extension can call it/);
  });
});
