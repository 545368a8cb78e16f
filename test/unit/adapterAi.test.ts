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
    assert.deepEqual(fake.quickPicks[0]?.map((item) => item.id), ['azure-eu', 'ollama']);
    assert.equal(fake.inputBoxes[0]?.password, true);
    assert.equal(fake.secrets.get(secretKeyFor('azure-eu')), 'sk-typed-key');
    assert.equal(fake.secrets.size, 1);
    assert.ok(!fake.channels.some((channel) => channel.lines.join('\n').includes('sk-typed-key')), 'the key is never logged');
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
    assert.deepEqual(fake.quickPicks[0]?.map((item) => item.id), ['azure-eu', 'ollama']);
    const invalid = fake.warningMessages.filter((message) => message.includes('aiGuard.providers'));
    assert.equal(invalid.length, 1, 'shown once, not at every use');
    assert.match(invalid[0] ?? '', /Bad Id/);
    assert.match(invalid[0] ?? '', /no-model/);

    fake.settings['aiGuard.providers'] = [];
    await setApiKey();
    assert.match(fake.warningMessages.at(-1) ?? '', /No AI provider is configured/);
  });
});
