import { strict as assert } from 'node:assert';
import type { Classification } from '../../src/core/classification';
import { aiUseSummary, levelAndClient, tierOf } from '../../src/vscode/classification/describe';

const LEVELS = [{ id: 'public' }, { id: 'internal' }, { id: 'confidential' }, { id: 'restricted' }];

function classification(overrides: Partial<Classification>): Classification {
  return {
    path: 'a.ts',
    root: '/w',
    level: 'internal',
    levelLabel: 'Internal',
    levelColor: undefined,
    levelRank: 1,
    client: undefined,
    aiAllowed: true,
    excluded: false,
    allowedProviders: ['azure-eu'],
    providerRules: [['tag:eu-hosted']],
    redact: ['secret', 'pii'],
    reasons: [],
    ...overrides,
  };
}

describe('classification faces: how a level is shown', () => {
  it('marks from confidential up, the top level as restricted, and excluded files apart', () => {
    assert.equal(tierOf(classification({ levelRank: 1 }), LEVELS), 'normal');
    assert.equal(tierOf(classification({ levelRank: 2 }), LEVELS), 'confidential');
    assert.equal(tierOf(classification({ levelRank: 3 }), LEVELS), 'restricted');
    assert.equal(tierOf(classification({ levelRank: 0, excluded: true }), LEVELS), 'excluded');
  });

  it('goes by rank when a policy defines its own levels', () => {
    const custom = [{ id: 'open' }, { id: 'team' }, { id: 'client' }, { id: 'vault' }, { id: 'sealed' }];
    assert.equal(tierOf(classification({ levelRank: 2 }), custom), 'normal');
    assert.equal(tierOf(classification({ levelRank: 3 }), custom), 'confidential');
    assert.equal(tierOf(classification({ levelRank: 4 }), custom), 'restricted');
  });

  it('says what AI use is allowed, in one sentence, naming configured providers rather than catalogue entries', () => {
    // Without the configured providers, the provider lists are said as rules: a catalogue entry nobody configured is not offered.
    assert.equal(aiUseSummary(classification({ providerRules: [['tag:eu-hosted']] })), 'AI allowed only with providers that are: tag:eu-hosted.');
    const configured = [
      { id: 'azure-eu', tags: ['eu-hosted'] },
      { id: 'my-gateway', tags: [] },
    ];
    assert.equal(aiUseSummary(classification({ providerRules: [['tag:eu-hosted']] }), configured), 'AI allowed with: azure-eu. Not allowed here: my-gateway.');
    assert.equal(
      aiUseSummary(classification({ providerRules: [['tag:local']] }), configured),
      'None of your configured providers may see this file; copying the redacted prompt still works. Not allowed here: azure-eu, my-gateway.',
    );
    assert.equal(aiUseSummary(classification({ aiAllowed: false })), 'No AI use is allowed.');
    assert.equal(aiUseSummary(classification({ aiAllowed: false, excluded: true })), 'Excluded from AI by an ignore file.');
    assert.equal(aiUseSummary(classification({ allowedProviders: [], providerRules: [['*']] })), 'AI allowed with any provider.');
    assert.equal(aiUseSummary(classification({ allowedProviders: [], providerRules: [['*'], ['tag:local', 'azure-eu']] })), 'AI allowed only with providers that are: tag:local or azure-eu.');
  });

  it('names the client after the level', () => {
    assert.equal(levelAndClient(classification({ levelLabel: 'Confidential', client: { id: 'ardoise', name: 'Banque Ardoise' } })), 'Confidential · Banque Ardoise');
    assert.equal(levelAndClient(classification({})), 'Internal');
  });
});
