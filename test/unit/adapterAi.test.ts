import { strict as assert } from 'node:assert';
import { activate, deactivate } from '../../src/extension';
import { secretKeyFor } from '../../src/core/providers';
import { Commands } from '../../src/shared/ids';
import { ExtensionMode, createContext, fake } from '../support/fakeVscode';

const PROVIDERS = [
  { id: 'azure-eu', kind: 'azure-openai', baseUrl: 'https://etech.openai.azure.com', deployment: 'gpt-4o', apiVersion: '2024-10-21' },
  { id: 'ollama', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', tags: ['local'] },
];

describe('the editor adapter: AI providers and keys, against an in-memory editor', () => {
  let context: ReturnType<typeof createContext>;

  beforeEach(async () => {
    fake.reset();
    context = createContext('/ext', ExtensionMode.Test);
    await activate(context as never);
  });
  afterEach(() => {
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
    deactivate();
  });

  const setApiKey = (...args: unknown[]) => fake.commands.get(Commands.setApiKey)?.(...args);

  it('"Set API Key" stores the key typed in a password box in SecretStorage, under the provider id, trimmed', async () => {
    fake.settings['aiGuard.providers'] = PROVIDERS;
    fake.quickPickAnswers.push((items) => items.find((item) => item.id === 'azure-eu'));
    fake.inputAnswers.push('  sk-typed-key \n');
    await setApiKey();
    assert.deepEqual(
      fake.quickPicks[0]?.map((item) => item.id),
      ['azure-eu', 'ollama'],
    );
    assert.equal(fake.inputBoxes[0]?.password, true);
    assert.equal(fake.secrets.get(secretKeyFor('azure-eu')), 'sk-typed-key');
    assert.equal(fake.secrets.size, 1);
    assert.ok(!fake.channels.some((channel) => channel.lines.join('\n').includes('sk-typed-key')), 'the key is never logged');
  });

  it('"Set API Key" with one provider asks for its key in a password box at once, with no picker', async () => {
    fake.settings['aiGuard.providers'] = [PROVIDERS[0]];
    fake.inputAnswers.push('sk-only-provider-key');
    await setApiKey();
    assert.equal(fake.quickPicks.length, 0, 'nothing to pick, so no filter box to type a key into');
    assert.equal(fake.inputBoxes.length, 1);
    assert.equal(fake.inputBoxes[0]?.password, true);
    assert.equal(fake.secrets.get(secretKeyFor('azure-eu')), 'sk-only-provider-key');
  });

  it('"Set API Key" with several providers never shows a key typed into the picker, and asks for it only after a provider is chosen', async () => {
    fake.settings['aiGuard.providers'] = PROVIDERS;
    const key = 'sk-proj-Zq8vN3xT5mK2pL9wR4yB7cD1fH6jA0sE';
    // Someone pastes the key where they expected to be asked for it, then presses Enter.
    fake.quickPickAnswers.push((_items, pick) => {
      pick?.type(key);
      pick?.type(`${key}\n`);
      return key;
    });
    await setApiKey();
    const [pick] = fake.createdQuickPicks;
    assert.equal(pick?.ignoreFocusOut, true);
    assert.ok(
      pick?.shownValues.every((value) => !value.includes('sk-proj')),
      `the filter box showed ${JSON.stringify(pick?.shownValues)}`,
    );
    assert.equal(fake.inputBoxes.length, 0, 'Enter on typed text chose no provider, so no key was asked');
    assert.equal(fake.secrets.size, 0);

    // Typing the start of a provider's name still filters; the key is then asked in a password box.
    fake.quickPickAnswers.push((items, typed) => {
      typed?.type('oll');
      assert.equal(typed?.value, 'oll');
      return items.find((item) => item.id === 'ollama');
    });
    fake.inputAnswers.push('sk-for-ollama');
    await setApiKey();
    assert.equal(fake.inputBoxes[0]?.password, true);
    assert.equal(fake.secrets.get(secretKeyFor('ollama')), 'sk-for-ollama');
  });

  it('"Set API Key" with an empty answer removes the stored key; a dismissed box changes nothing', async () => {
    fake.settings['aiGuard.providers'] = PROVIDERS;
    fake.secrets.set(secretKeyFor('ollama'), 'old');
    fake.inputAnswers.push(undefined);
    await setApiKey('ollama');
    assert.equal(fake.secrets.get(secretKeyFor('ollama')), 'old');
    assert.equal(fake.quickPicks.length, 0, 'a provider id passed as argument is not asked for');
    fake.inputAnswers.push('');
    await setApiKey('ollama');
    assert.equal(fake.secrets.has(secretKeyFor('ollama')), false);
  });

  it('reports invalid provider entries once, keeps the valid ones, and says so when none is configured', async () => {
    fake.settings['aiGuard.providers'] = [...PROVIDERS, { id: 'Bad Id', kind: 'openai', model: 'x' }, { id: 'no-model', kind: 'openai' }];
    await setApiKey();
    await setApiKey();
    assert.deepEqual(
      fake.quickPicks[0]?.map((item) => item.id),
      ['azure-eu', 'ollama'],
    );
    const invalid = fake.warningMessages.filter((message) => message.includes('aiGuard.providers'));
    assert.equal(invalid.length, 1, 'shown once, not at every use');
    assert.match(invalid[0] ?? '', /Bad Id/);
    assert.match(invalid[0] ?? '', /no-model/);

    fake.settings['aiGuard.providers'] = [];
    await setApiKey();
    assert.match(fake.warningMessages.at(-1) ?? '', /No AI provider is configured/);
  });
});

describe('the editor adapter: the provider picker', () => {
  beforeEach(() => fake.reset());

  it("says when a configuration is not the policy's provider of that id, instead of showing it as that provider", async () => {
    const { pickProvider } = await import('../../src/vscode/ai/pickers');
    const configs = [
      { id: 'mistral', kind: 'openai' as const, baseUrl: 'https://llm.attacker.example/v1', model: 'mistral-large', tags: [] },
      { id: 'ollama', kind: 'openai-compatible' as const, baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', tags: [] },
    ];
    await pickProvider(
      [
        { id: 'mistral', tags: [], untrusted: true },
        { id: 'ollama', tags: ['local'] },
      ],
      configs,
    );
    const [items] = fake.quickPicks;
    assert.match(items?.[0]?.description ?? '', /not the policy's 'mistral': its kind or address differs/);
    assert.match(items?.[1]?.description ?? '', /llama3\.1 · local/);
  });
});
