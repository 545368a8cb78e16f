import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID, WALKTHROUGH_ID } from '../../src/shared/ids';
import { readJson, repoRoot } from '../support/repo';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: Step[];
}

/**
 * The onboarding walkthrough ("Get started with AI Guard"). The editor replaces every `%key%`
 * of the manifest with the language's `package.nls*.json` value, the markdown paths included,
 * which is how each step shows its English or French page.
 */
describe('walkthrough: Get started with AI Guard', () => {
  const pkg = readJson<{ publisher: string; name: string; contributes: { walkthroughs: Walkthrough[]; commands: Array<{ command: string }> } }>('package.json');
  const english = readJson<Record<string, string>>('package.nls.json');
  const french = readJson<Record<string, string>>('package.nls.fr.json');
  const walkthrough = pkg.contributes.walkthroughs.find((candidate) => candidate.id === WALKTHROUGH_ID);
  const key = (value: string) => /^%(.+)%$/.exec(value)?.[1];

  it('is declared under the id the panel opens', () => {
    assert.ok(walkthrough, `no walkthrough ${WALKTHROUGH_ID}`);
    assert.equal(`${pkg.publisher}.${pkg.name}`, EXTENSION_ID);
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id.split('.').pop()),
      ['policy', 'provider', 'review', 'audit', 'telemetry'],
    );
  });

  it('has every title, description and markdown page in English and French', () => {
    assert.ok(walkthrough);
    const values = [walkthrough.title, walkthrough.description, ...walkthrough.steps.flatMap((step) => [step.title, step.description, step.media.markdown ?? ''])];
    for (const value of values) {
      const name = key(value);
      assert.ok(name, `${value} is not localised`);
      assert.ok(english[name], `${name} missing in package.nls.json`);
      assert.ok(french[name], `${name} missing in package.nls.fr.json`);
      assert.notEqual(french[name], english[name], `${name} is not translated`);
    }
    for (const step of walkthrough.steps) {
      const name = key(step.media.markdown ?? '') ?? '';
      for (const [language, table] of [
        ['en', english],
        ['fr', french],
      ] as const) {
        const path = table[name] ?? '';
        assert.match(path, new RegExp(`^media/walkthrough/${language}/[a-z]+\\.md$`));
        assert.ok(existsSync(join(repoRoot, path)), `missing ${path}`);
        assert.match(readFileSync(join(repoRoot, path), 'utf8'), /^# \S/, `${path} starts with a heading`);
      }
    }
  });

  it('completes each step on something the step asks for: declared commands or aiGuard settings', () => {
    assert.ok(walkthrough);
    const commands = new Set(pkg.contributes.commands.map((command) => command.command));
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, `${step.id} never completes`);
      for (const event of step.completionEvents) {
        const [kind, target = ''] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${target} is not a declared command`);
        else assert.ok(kind === 'onSettingChanged' && target.startsWith('aiGuard.'), `${step.id}: unexpected ${event}`);
      }
    }
    assert.ok(walkthrough.steps[0]?.completionEvents.includes(`onCommand:${Commands.createPolicy}`));
  });

  it('links only to our commands and the settings editor from the step descriptions', () => {
    for (const table of [english, french]) {
      for (const [name, text] of Object.entries(table).filter(([entry]) => entry.startsWith('walkthrough.'))) {
        for (const [, target] of text.matchAll(/\]\(command:([^)?]+)/g)) {
          assert.ok(target?.startsWith('aiGuard.') || target === 'workbench.action.openSettings', `${name} links to ${target}`);
        }
      }
    }
  });
});
