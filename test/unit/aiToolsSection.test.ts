import { strict as assert } from 'node:assert';
import { HOOK_TOOLS } from '../../src/core/hooks';
import { useBundle } from '../../src/core/locale';
import { useLocale } from '../../src/core/localeBundles';
import { GOVERNED_AI_TOOLS, ViewModelSchema } from '../../src/shared/messages';
import type { AiToolsStatus } from '../../src/vscode/tools/aiTools';
import { aiToolsSection } from '../../src/vscode/tools/aiToolsSection';

const status = (overrides: Partial<AiToolsStatus> = {}): AiToolsStatus => ({
  folder: '/repo',
  tools: [
    {
      id: 'claude-code',
      label: 'Claude Code',
      evidence: [
        { kind: 'extension', name: 'Claude Code' },
        { kind: 'folder', name: '.claude' },
      ],
      state: 'stale',
    },
    { id: 'cursor', label: 'Cursor', evidence: [{ kind: 'host' }], state: 'governed' },
    { id: 'copilot', label: 'GitHub Copilot', evidence: [], state: 'missing' },
    { id: 'gemini-cli', label: 'Gemini CLI', evidence: [{ kind: 'program', name: 'gemini' }], state: 'missing' },
    { id: 'cline', label: 'Cline', evidence: [{ kind: 'extension', name: 'Cline' }], state: 'unsupported' },
  ],
  runner: { command: '/usr/bin/node /opt/ext/dist/hook.js' },
  policyErrors: [],
  ...overrides,
});

describe("the panel's AI tools section", () => {
  afterEach(() => useBundle(undefined));

  it("says each tool's state, offers set-up only where its files do not follow the policy, and fits the page's schema", () => {
    const section = aiToolsSection(status());
    assert.deepEqual(
      section.items.map((item) => [item.id, item.stateLabel, item.action]),
      [
        ['claude-code', 'out of date', 'Update'],
        ['cursor', 'governed', undefined],
        ['copilot', 'not governed', 'Set up'],
        ['gemini-cli', 'not governed', 'Set up'],
        ['cline', 'not governed: AI Guard has no hook in this tool', undefined],
      ],
    );
    assert.equal(section.items[0]?.found, 'found: Claude Code extension, .claude');
    assert.equal(section.warning, 'The files of Claude Code no longer follow the policy: update them.');
    assert.equal(section.setUpAll, 'Set up every AI tool');
    assert.deepEqual([...GOVERNED_AI_TOOLS], [...HOOK_TOOLS]);
    const model = {
      language: 'en',
      trusted: true,
      file: { kind: 'none', message: '' },
      provider: { activeLabel: '', activeDetail: '', options: [], missingKeys: [] },
      prompts: { groups: [], count: 0 },
      usage: { month: '', calls: '', tokens: '', cost: '', top: [] },
      activity: { items: [] },
      telemetry: { available: false, enabled: false, status: '', details: [] },
      aiTools: section,
    };
    assert.ok(ViewModelSchema.safeParse(model).success);
  });

  it('offers nothing to set up while the policy has errors or no Node can run the hooks', () => {
    const broken = aiToolsSection(status({ policyErrors: ['policy.json:3:5: unknown level'] }));
    assert.ok(broken.items.every((item) => item.action === undefined));
    assert.match(broken.problem ?? '', /unknown level/);
    const noNode = aiToolsSection(status({ runner: { problem: 'no Node.js was found' } }));
    assert.equal(noNode.problem, 'no Node.js was found');
    assert.equal(noNode.runner, 'Hooks cannot run on this machine yet.');
  });

  it('speaks French', () => {
    useLocale('fr');
    const section = aiToolsSection(status());
    assert.deepEqual(section.items.map((item) => item.stateLabel).slice(0, 3), ['périmé', 'gouverné', 'non gouverné']);
    assert.equal(section.items[1]?.found, 'trouvé : cet éditeur');
    assert.equal(section.setUpAll, "Configurer tous les outils d'IA");
  });
});
