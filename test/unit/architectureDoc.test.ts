import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo';

/**
 * ARCHITECTURE.md checks itself: every rule (an "Architecture Invariant" bullet, or a bullet of
 * the trust model) ends with the checks that hold it, and each check it names exists — a test
 * file, a script, a lint rule of eslint.config.mjs — so a rule cannot outlive its check unseen.
 */
describe('ARCHITECTURE.md: every rule names a check that exists', () => {
  const text = readFileSync(join(repoRoot, 'ARCHITECTURE.md'), 'utf8');
  const eslintConfig = readFileSync(join(repoRoot, 'eslint.config.mjs'), 'utf8');
  // Bullets, with their continuation lines joined.
  const bullets = text
    .split(/\n(?=- |\n|#)/)
    .filter((block) => block.startsWith('- '))
    .map((block) => block.replace(/\n\s+/g, ' '));
  const trustModel = text.slice(text.indexOf('## The trust model'), text.indexOf('\n## ', text.indexOf('## The trust model') + 1));
  const rules = bullets.filter((bullet) => bullet.startsWith('- Architecture Invariant:') || trustModel.includes(bullet.slice(0, 60)));

  /** Why a named check does not hold, or undefined when it exists. */
  function missing(reference: string): string | undefined {
    if (/^(test|scripts)\//.test(reference) || reference === 'eslint.config.mjs') {
      const path = reference.split(' ')[0] as string;
      return existsSync(join(repoRoot, path)) ? undefined : `${path} does not exist`;
    }
    if (/^(aiguard\/[a-z-]+|(@typescript-eslint\/)?no-restricted-[a-z]+)$/.test(reference))
      return eslintConfig.includes(`'${reference}'`) ? undefined : `${reference} is not a rule of eslint.config.mjs`;
    return `${reference} is neither a file nor a lint rule`;
  }

  it('finds the rules (so the checks below cannot pass on nothing)', () => {
    assert.ok(rules.length >= 30, `only ${rules.length} rules found`);
  });

  it('gives every rule a check, and every check it names exists', () => {
    const problems: string[] = [];
    for (const rule of rules) {
      const at = rule.indexOf('**Check:**');
      const name = rule.slice(0, 90);
      if (at < 0) {
        problems.push(`${name}…: no **Check:**`);
        continue;
      }
      const references = [...rule.slice(at).matchAll(/`([^`]+)`/g)]
        .map((match) => match[1] as string)
        .filter((reference) => !reference.startsWith('--') && !reference.startsWith('node:') && !reference.startsWith('src/') && !reference.startsWith('npm '));
      if (references.length === 0) problems.push(`${name}…: its check names nothing`);
      for (const reference of references) {
        const why = missing(reference);
        if (why) problems.push(`${name}…: ${why}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
