import { strict as assert } from 'node:assert';
import { activate } from '../../src/extension';
import type { AiGuardApi } from '../../src/vscode/api';
import { Commands } from '../../src/shared/ids';
import { ExtensionMode, createContext, createTextDocument, fake, type FakeQuickPick } from '../support/fakeVscode';

const POLICY = { version: 1, defaultLevel: 'internal', matrix: { internal: { aiAllowed: true } }, templates: { allowUnapproved: true } };
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

/** Resolves once `found` returns something, checking on every turn of the event loop (no fixed sleep). */
async function eventually<T>(found: () => T | undefined, what: string): Promise<T> {
  for (let turn = 0; turn < 5_000; turn++) {
    const value = found();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

// Issue 19 §10: on a busy machine the policies and templates take a while to read. The template
// picker must be on screen from the start, so that what the person types goes to its filter box
// and never to the editor, where it would replace the selection.
describe('the editor adapter: "Run Prompt…" opens its picker before anything is loaded', () => {
  let context: ReturnType<typeof createContext>;
  let api: AiGuardApi;
  let releaseDisk: () => void;

  beforeEach(async () => {
    fake.reset();
    fake.workspaceFolderPaths = ['/ws'];
    fake.files.set('/ws/.aiguard/policy.json', JSON.stringify(POLICY));
    fake.files.set('/ws/.aiguard/prompts/team-explain.prompt.md', TEMPLATE);
    fake.settings['aiGuard.defaultProvider'] = 'copy';
    fake.activeTextEditor = { document: { ...createTextDocument('/ws/src/app.ts', 'export const answer = 42;\n'), languageId: 'typescript' }, selections: [{ isEmpty: true }] };
    // The disk answers only when the test says so: the policies cannot be read before then.
    fake.slowFindFiles = new Promise<void>((resolve) => (releaseDisk = resolve));
    context = createContext('/ext', ExtensionMode.Test);
    api = await activate(context as never);
  });
  afterEach(() => {
    releaseDisk();
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
  });

  it('shows the picker busy while the policies load, keeps what was typed into it, and runs the template chosen there', async () => {
    let valueWhenFilled: string | undefined;
    fake.quickPickAnswers.push((items, pick) => {
      valueWhenFilled = pick?.value;
      return items.find((item) => (item as { template?: { id: string } }).template?.id === 'team-explain');
    });
    const run = fake.commands.get(Commands.runPrompt)?.();

    const pending: FakeQuickPick = await eventually(() => fake.busyQuickPicks[0], 'a busy template picker while the disk is slow');
    assert.equal(pending.busy, true);
    assert.equal(pending.items.length, 0, 'nothing is listed before the templates are read');
    assert.equal(fake.createdQuickPicks.length, 0, 'no picker was answered before the templates were read');
    // The person starts typing at once; it lands in the picker.
    pending.type('team');

    releaseDisk();
    await run;
    assert.equal(fake.createdQuickPicks[0], pending, 'the picker filled is the one shown at the start, not a second one');
    assert.equal(pending.busy, false);
    assert.equal(valueWhenFilled, 'team', 'what was typed before the templates arrived is still in the filter box');
    const last = await api.testing?.lastAiRun();
    assert.deepEqual([last?.template, last?.status], ['team-explain', 'copied'], `the run was ${JSON.stringify(last)}`);
  });

  it('runs nothing, and asks nothing more, when the busy picker is dismissed before it was filled', async () => {
    const run = fake.commands.get(Commands.runPrompt)?.();
    const pending = await eventually(() => fake.busyQuickPicks[0], 'a busy template picker while the disk is slow');
    pending.hide();

    releaseDisk();
    await run;
    assert.equal(fake.createdQuickPicks.length, 0, 'no picker is shown again after Escape');
    assert.equal(fake.inputBoxes.length, 0);
    assert.equal(await api.testing?.lastAiRun(), undefined);
    assert.equal(fake.clipboard, '', 'nothing was copied');
  });
});
