import { strict as assert } from 'node:assert';
import { activate } from '../../src/extension';
import type { AiGuardApi } from '../../src/vscode/api';
import { Commands } from '../../src/shared/ids';
import { ExtensionMode, Uri, createContext, createTextDocument, fake } from '../support/fakeVscode';

const POLICY = '/ws/.aiguard/policy.json';
// Each version of the policy refuses the run on its own: the first forbids AI for internal
// files, the second runs approved templates only (and the workspace's template is not approved).
const NO_AI = { version: 1, defaultLevel: 'internal', matrix: { internal: { aiAllowed: false } }, templates: { allowUnapproved: true } };
const APPROVED_ONLY = { version: 1, defaultLevel: 'internal', matrix: { internal: { aiAllowed: true } }, templates: { allowUnapproved: false } };
const TEMPLATE = [
  '---',
  'id: team-explain',
  'title: Explain for the team',
  'description: Explain the selected code.',
  'profile: dev',
  'version: 1.0.0',
  'inputs: [selection]',
  'output: markdown',
  '---',
  '## System',
  '',
  'Explain code.',
  '',
  '## User',
  '',
  '{{selection}}',
  '',
].join('\n');
const chooseTeamTemplate = (items: Array<{ label: string }>) => items.find((item) => (item as { template?: { id: string } }).template?.id === 'team-explain');

describe('the editor adapter: one policy snapshot per run', () => {
  let context: ReturnType<typeof createContext>;
  let api: AiGuardApi;

  beforeEach(async () => {
    fake.reset();
    fake.workspaceFolderPaths = ['/ws'];
    fake.files.set(POLICY, JSON.stringify(NO_AI));
    fake.files.set('/ws/.aiguard/prompts/team-explain.prompt.md', TEMPLATE);
    // The copy mode: nothing to connect to, so the outcome is the policy's answer alone.
    fake.settings['aiGuard.defaultProvider'] = 'copy';
    context = createContext('/ext', ExtensionMode.Test);
    api = await activate(context as never);
  });
  afterEach(() => {
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
  });

  const aiAllowedNow = async () => (await api.testing?.classificationOf(Uri.file('/ws/src/app.ts').toString()))?.aiAllowed;

  it('a policy saved while the template picker is open does not change the run: it keeps the policy it started with', async () => {
    fake.activeTextEditor = { document: { ...createTextDocument('/ws/src/app.ts', 'export const answer = 42;\n'), languageId: 'typescript' }, selections: [{ isEmpty: true }] };
    assert.equal(await aiAllowedNow(), false);
    // The person picks a template; meanwhile someone saves the other version of the policy.
    fake.quickPickAnswers.push(async (items) => {
      fake.files.set(POLICY, JSON.stringify(APPROVED_ONLY));
      fake.fileChanged.fire(Uri.file(POLICY));
      for (let tries = 0; (await aiAllowedNow()) !== true; tries++) {
        if (tries > 500) throw new Error('the saved policy was never read');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return chooseTeamTemplate(items);
    });
    await fake.commands.get(Commands.runPrompt)?.();
    const run = await api.testing?.lastAiRun();
    // Approvals from the first version and the matrix from the second would let it through,
    // though neither version allows it; the first version alone forbids AI for this file.
    assert.equal(run?.status, 'blocked', `the run mixed two versions of the policy: ${JSON.stringify(run)}`);
    assert.match(run?.message ?? '', /No AI use is allowed/);

    // The next run starts under the saved version, which runs approved templates only.
    fake.quickPickAnswers.push(chooseTeamTemplate);
    await fake.commands.get(Commands.runPrompt)?.();
    const next = await api.testing?.lastAiRun();
    assert.equal(next?.status, 'blocked');
    assert.match(next?.message ?? '', /not approved/);
  });
});
