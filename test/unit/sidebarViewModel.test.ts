import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { useBundle } from '../../src/core/locale';
import { useLocale } from '../../src/core/localeBundles';
import { identityOf } from '../../src/core/pipeline';
import type { ProviderConfig } from '../../src/core/providers';
import { builtinTemplates, contentHash, type Template } from '../../src/core/templates';
import { ViewModelSchema } from '../../src/shared/messages';
import { buildViewModel, cssColor, RECENT_ACTIVITY, relativeTime, type SidebarInputs } from '../../src/vscode/sidebar/viewModel';

const ROOT = '/work/demo';
const NOW = new Date('2026-11-20T10:00:00Z');

/** The demo's shape: Acme's folder is confidential and may go only to local providers. */
function store(locale: 'en' | 'fr' = 'en'): PolicyStore {
  const policies = new PolicyStore({ locale, knownProviders: ['ollama', 'openai'] });
  policies.setRoots([ROOT]);
  policies.update(
    `${ROOT}/.aiguard/policy.json`,
    JSON.stringify({
      version: 1,
      clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
      providers: { ollama: { tags: ['local'] }, openai: { tags: [] } },
      rules: [{ pattern: 'clients/acme/', level: 'confidential', client: 'acme', reason: "Acme's code." }],
    }),
  );
  return policies;
}

const providers: ProviderConfig[] = [
  { id: 'ollama', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', tags: ['local'] },
  { id: 'openai', kind: 'openai', model: 'gpt-4o-mini', tags: [] },
];

const english = () => builtinTemplates().templates.filter((template) => template.language === 'en');

function inputs(overrides: Partial<SidebarInputs> = {}, path = 'clients/acme/app.ts', policies = store()): SidebarInputs {
  const classification = policies.classify(`${ROOT}/${path}`);
  return {
    now: NOW,
    language: 'en',
    trusted: true,
    file: { name: path, classification, content: { counts: { secret: 2, pii: 1 } } },
    hasPolicy: true,
    providers: {
      configs: providers,
      identities: providers.map((config) => identityOf(config.id, policies.at(`${ROOT}/${path}`).providerTrust(config))),
      withKey: new Set(['openai']),
      defaultProvider: 'ollama',
    },
    templates: { list: english(), problems: 0, approvals: [], allowUnapproved: false },
    records: [],
    budget: { currency: 'EUR', warnAt: 0.8 },
    lastAnswered: undefined,
    telemetry: undefined,
    ...overrides,
  };
}

const call = (minutesAgo: number, template: string, outcome: string, extra: Record<string, unknown> = {}) => ({
  type: 'call',
  time: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
  template: { id: template, profile: 'dev' },
  provider: { id: 'ollama', model: 'llama3.1' },
  redactions: { 'aws-access-key': 1, email: 2 },
  outcome,
  tokens: { input: 1000, output: 500 },
  cost: { amount: 0.5, currency: 'EUR' },
  ...extra,
});

describe('sidebar view model', () => {
  before(() => useLocale('en'));
  after(() => useBundle(undefined));

  it('always produces a model the page accepts (the shared schema)', () => {
    for (const model of [buildViewModel(inputs()), buildViewModel(inputs({ file: undefined, hasPolicy: false })), buildViewModel(inputs({ records: [call(1, 'code-review', 'ok')] }))]) {
      const parsed = ViewModelSchema.safeParse(JSON.parse(JSON.stringify(model)));
      assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
    }
  });

  describe('This file', () => {
    it('shows the level, its colour, the client, the reasons and the findings by category', () => {
      const { file } = buildViewModel(inputs());
      assert.equal(file.kind, 'file');
      if (file.kind !== 'file') return;
      assert.equal(file.level, 'confidential');
      assert.equal(file.levelLabel, 'Confidential');
      assert.equal(file.color, 'var(--vscode-charts-orange)');
      assert.equal(file.client, 'Acme');
      assert.ok(
        file.reasons.some((reason) => reason.includes("Acme's code.")),
        file.reasons.join(' | '),
      );
      assert.deepEqual(
        file.findings.map(({ category, count }) => [category, count]),
        [
          ['secret', 2],
          ['pii', 1],
        ],
      );
      assert.equal(file.findingsSummary, '3 findings would be masked before any AI call.');
    });

    it('says what to do when no file is open, and when the editor shows something that is not a file', () => {
      const none = buildViewModel(inputs({ file: undefined }));
      assert.equal(none.file.kind, 'none');
      assert.match(none.file.kind === 'none' ? none.file.message : '', /^Open a file/);
      assert.ok(none.prompts.hint, 'prompts cannot run without a file, and the panel says so');
      const other = buildViewModel(inputs({ file: { name: 'output', classification: undefined, content: undefined } }));
      assert.equal(other.file.kind, 'other');
    });

    it('offers to create a policy when none governs the workspace', () => {
      assert.equal(buildViewModel(inputs()).noPolicy, undefined);
      assert.match(buildViewModel(inputs({ hasPolicy: false })).noPolicy ?? '', /Create a policy/);
    });

    it('turns policy colours into theme variables or keeps #rrggbb, and drops anything else', () => {
      assert.equal(cssColor('charts.red'), 'var(--vscode-charts-red)');
      assert.equal(cssColor('#A0b1c2'), '#A0b1c2');
      assert.equal(cssColor('red;background:url(x)'), undefined);
      assert.equal(cssColor(undefined), undefined);
    });
  });

  describe('Provider', () => {
    it('lists only the providers the file allows, plus copy, and says the active one is allowed', () => {
      const { provider } = buildViewModel(inputs());
      assert.deepEqual(
        provider.options.map((option) => option.id),
        ['ollama', 'copy'],
      );
      assert.equal(provider.activeId, 'ollama');
      assert.equal(provider.allowed, true);
      assert.equal(provider.allowedText, 'Allowed for this file.');
    });

    it('says when the default provider is not allowed for this file', () => {
      const { provider } = buildViewModel(inputs({ providers: { ...inputs().providers, defaultProvider: 'openai' } }));
      assert.equal(provider.allowed, false);
      assert.match(provider.allowedText ?? '', /Not allowed for this file \(Confidential\)/);
      assert.ok(!provider.options.some((option) => option.id === 'openai'));
    });

    it("does not offer a provider whose address is not its id's catalogue endpoint, even under a trusted id", () => {
      // The policy tags ollama local; this configuration calls a remote host under that id.
      const remote: ProviderConfig = { id: 'ollama', kind: 'openai-compatible', baseUrl: 'https://llm.attacker.example/v1', model: 'llama3.1', tags: ['local'] };
      const policies = store();
      policies.update(
        `${ROOT}/.aiguard/policy.json`,
        JSON.stringify({
          version: 1,
          clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
          providers: { ollama: { tags: ['local'], kind: 'openai-compatible', endpoints: ['http://127.0.0.1:*'] } },
          rules: [{ pattern: 'clients/acme/', level: 'confidential', client: 'acme', reason: 'r' }],
        }),
      );
      const identities = [identityOf('ollama', policies.at(`${ROOT}/clients/acme/app.ts`).providerTrust(remote))];
      const { provider } = buildViewModel(inputs({ providers: { configs: [remote], identities, withKey: new Set(), defaultProvider: 'ollama' } }, 'clients/acme/app.ts', policies));
      assert.deepEqual(
        provider.options.map((option) => option.id),
        ['copy'],
      );
      assert.equal(provider.allowed, false);
    });

    it('names each configured provider the file leaves out, with the tags it needs, those it has and the policy key to change', () => {
      const { provider } = buildViewModel(inputs());
      assert.deepEqual(
        provider.leftOut?.map((item) => item.id),
        ['openai'],
      );
      const why = provider.leftOut?.[0]?.why ?? '';
      assert.match(why, /^'openai' is not allowed for clients\/acme\/app\.ts \(Confidential\)/);
      assert.match(why, /matrix\.confidential\.providers in the built-in policy/, 'the key that asks for the tags');
      assert.match(why, /a tag among eu-hosted, client-tenant, local/);
      assert.match(why, /its tags: none/);
      assert.match(why, /providers\.openai\.tags/, 'the key that would grant it');
      assert.ok(ViewModelSchema.safeParse(buildViewModel(inputs())).success, 'the page accepts the list');
    });

    it('allows every configured provider on an internal file', () => {
      const { provider } = buildViewModel(inputs({}, 'src/app.ts'));
      assert.deepEqual(
        provider.options.map((option) => option.id),
        ['ollama', 'openai', 'copy'],
      );
      assert.equal(provider.leftOut, undefined, 'nothing is left out');
    });

    it('asks for the keys that are missing (local providers need none), and explains how to add a provider when none is configured', () => {
      const withKeys = buildViewModel(inputs({ providers: { ...inputs().providers, withKey: new Set() } }));
      assert.deepEqual(
        withKeys.provider.missingKeys.map((missing) => missing.id),
        ['openai'],
      );
      const none = buildViewModel(inputs({ providers: { configs: [], identities: [], withKey: new Set(), defaultProvider: '' } }));
      assert.match(none.provider.empty ?? '', /aiGuard\.providers/);
      assert.deepEqual(
        none.provider.options.map((option) => option.id),
        ['copy'],
        'the copy mode needs no provider',
      );
      assert.equal(none.provider.activeLabel, 'Asked at each run');
    });
  });

  describe('Prompts', () => {
    it('groups the templates by profile with their approval badges', () => {
      const { prompts } = buildViewModel(inputs());
      const ids = english().map((template) => template.id);
      assert.equal(prompts.count, ids.length);
      assert.deepEqual(prompts.groups.flatMap((group) => group.templates.map((template) => template.id)).sort(), [...ids].sort());
      assert.deepEqual(new Set(prompts.groups.map((group) => group.profile)).size, prompts.groups.length, 'one group per profile');
      const dev = prompts.groups.find((group) => group.profile === 'dev');
      assert.equal(dev?.label, 'Development');
      assert.ok(dev?.templates.every((template) => template.badge === 'built-in' && template.runnable));
    });

    it('marks workspace templates approved, modified or not approved, and only approved ones runnable unless the policy allows', () => {
      const base = english()[0] as Template;
      const workspace = (id: string, text: string): Template => ({ ...base, id, title: id, origin: 'workspace', profile: 'ops', sha256: contentHash(text) });
      const list = [workspace('approved-one', 'a'), workspace('changed-one', 'b'), workspace('new-one', 'c')];
      const approvals = [
        { id: 'approved-one', sha256: contentHash('a') },
        { id: 'changed-one', sha256: contentHash('old') },
      ];
      const strict = buildViewModel(inputs({ templates: { list, problems: 2, approvals, allowUnapproved: false } })).prompts;
      const items = strict.groups[0]?.templates ?? [];
      assert.deepEqual(
        items.map((item) => [item.id, item.approval, item.runnable]),
        [
          ['approved-one', 'approved', true],
          ['changed-one', 'modified', false],
          ['new-one', 'unapproved', false],
        ],
      );
      assert.deepEqual(
        items.map((item) => item.badge),
        ['approved', 'modified since approval', 'not approved'],
      );
      assert.match(strict.problems ?? '', /^2 template files/);
      const loose = buildViewModel(inputs({ templates: { list, problems: 0, approvals, allowUnapproved: true } })).prompts;
      assert.ok(loose.groups[0]?.templates.every((item) => item.runnable));
    });
  });

  describe('Usage', () => {
    it("counts this month's answered calls, tokens and cost, and names the most used templates", () => {
      const records = [call(10, 'code-review', 'ok'), call(20, 'code-review', 'ok'), call(30, 'explain-code', 'ok'), call(40, 'code-review', 'blocked'), call(60 * 24 * 40, 'document', 'ok')];
      const { usage } = buildViewModel(inputs({ records }));
      assert.equal(usage.month, 'This month (2026-11)');
      assert.equal(usage.calls, '3 calls');
      assert.equal(usage.tokens, '4,500 tokens');
      assert.equal(usage.cost, '1.50 EUR');
      const title = (id: string) => english().find((template) => template.id === id)?.title;
      assert.deepEqual(
        usage.top.map((top) => [top.label, top.calls]),
        [
          [title('code-review'), '2 calls'],
          [title('explain-code'), '1 call'],
        ],
      );
      assert.equal(usage.budget, undefined, 'no budget, no bar');
      assert.equal(usage.empty, undefined);
    });

    it("draws the budget bar: its share, and warn or over states from the policy's threshold", () => {
      const records = [call(10, 'code-review', 'ok', { cost: { amount: 4, currency: 'EUR' } })];
      const ok = buildViewModel(inputs({ records, budget: { currency: 'EUR', warnAt: 0.8, monthly: 10 } })).usage.budget;
      assert.deepEqual(ok && { share: ok.share, state: ok.state }, { share: 0.4, state: 'ok' });
      assert.equal(ok?.label, '4.00 EUR of 10.00 EUR monthly budget (40 %)');
      assert.equal(buildViewModel(inputs({ records, budget: { currency: 'EUR', warnAt: 0.8, monthly: 5 } })).usage.budget?.state, 'warn');
      const over = buildViewModel(inputs({ records, budget: { currency: 'EUR', warnAt: 0.8, monthly: 2 } })).usage.budget;
      assert.deepEqual(over && { share: over.share, state: over.state }, { share: 1, state: 'over' }, 'the bar is full, never wider');
    });

    it('says when nothing was used this month', () => {
      assert.equal(buildViewModel(inputs()).usage.empty, 'No AI call this month yet.');
    });
  });

  describe('Recent activity', () => {
    it(`lists the last ${RECENT_ACTIVITY} calls, newest first, with outcome, provider, redaction count and relative time`, () => {
      const records = [
        { type: 'start', time: NOW.toISOString() },
        ...Array.from({ length: 10 }, (_, index) => call(100 - index, index === 9 ? 'explain-code' : 'code-review', index === 9 ? 'blocked' : 'ok')),
      ];
      const { activity } = buildViewModel(inputs({ records }));
      assert.equal(activity.items.length, RECENT_ACTIVITY);
      const first = activity.items[0];
      assert.equal(first?.template, english().find((template) => template.id === 'explain-code')?.title);
      assert.equal(first?.outcome, 'blocked');
      assert.equal(first?.outcomeLabel, 'blocked');
      assert.equal(first?.provider, 'ollama');
      assert.equal(first?.redactions, '3 masked');
      assert.equal(first?.when, '1 h ago');
      assert.equal(activity.empty, undefined);
    });

    it('says what to do while the log is empty, and tolerates foreign records', () => {
      assert.match(buildViewModel(inputs()).activity.empty ?? '', /^No AI call yet/);
      const odd = buildViewModel(inputs({ records: [{ type: 'call', outcome: 'exploded', time: 'yesterday' }] })).activity.items[0];
      assert.deepEqual(odd && [odd.template, odd.provider, odd.outcome, odd.redactions, odd.time], ['?', '?', 'other', '0 masked', '']);
    });

    it('puts times into words', () => {
      assert.equal(relativeTime(new Date(NOW.getTime() - 20_000), NOW), 'just now');
      assert.equal(relativeTime(new Date(NOW.getTime() - 5 * 60_000), NOW), '5 min ago');
      assert.equal(relativeTime(new Date(NOW.getTime() - 3 * 86_400_000), NOW), '3 days ago');
    });
  });

  describe('Feedback and telemetry', () => {
    it('asks about the last answer only when there is one', () => {
      assert.equal(buildViewModel(inputs()).feedback, undefined);
      const runId = '123e4567-e89b-42d3-a456-426614174000';
      assert.deepEqual(buildViewModel(inputs({ lastAnswered: { runId, title: 'Code review' } })).feedback, { runId, question: 'How useful was the answer to "Code review"?' });
    });

    it('shows whether telemetry is on, and says when this build has none', () => {
      assert.equal(buildViewModel(inputs()).telemetry.available, false);
      const on = buildViewModel(inputs({ telemetry: { enabled: true, editorEnabled: true } })).telemetry;
      assert.deepEqual([on.available, on.enabled, on.status], [true, true, 'Anonymous usage statistics are on.']);
      assert.ok(on.details.some((detail) => detail.startsWith('Never sent')));
      assert.match(buildViewModel(inputs({ telemetry: { enabled: true, editorEnabled: false } })).telemetry.status, /editor's telemetry is off, so nothing is sent/);
      assert.equal(buildViewModel(inputs({ telemetry: { enabled: false, editorEnabled: true } })).telemetry.status, 'Anonymous usage statistics are off.');
    });
  });

  describe('in French', () => {
    before(() => useLocale('fr'));
    after(() => useLocale('en'));

    it('speaks French throughout: levels, empty states, badges, usage, activity', () => {
      const model = buildViewModel(
        inputs(
          {
            language: 'fr',
            records: [call(5, 'code-review', 'ok')],
            templates: { list: builtinTemplates().templates.filter((t) => t.language === 'fr'), problems: 0, approvals: [], allowUnapproved: false },
          },
          'clients/acme/app.ts',
          store('fr'),
        ),
      );
      assert.equal(model.file.kind === 'file' && model.file.levelLabel, 'Confidentiel');
      assert.equal(model.file.kind === 'file' && model.file.findingsSummary, "3 éléments seraient masqués avant tout appel à l'IA.");
      assert.equal(model.provider.allowedText, 'Autorisé pour ce fichier.');
      assert.equal(model.prompts.groups.find((group) => group.profile === 'dev')?.label, 'Développement');
      assert.equal(model.usage.month, 'Ce mois-ci (2026-11)');
      assert.equal(model.usage.tokens, '1\u202f500 jetons');
      assert.deepEqual([model.activity.items[0]?.outcomeLabel, model.activity.items[0]?.when], ['répondu', 'il y a 5 min']);
      const none = buildViewModel(inputs({ file: undefined })).file;
      assert.match(none.kind === 'none' ? none.message : '', /^Ouvrez un fichier/);
    });
  });
});
