import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, readJson, repoRoot } from '../support/repo';

/**
 * Every runtime string goes through `l10n.t('…')` (vscode.l10n in the adapter, @vscode/l10n
 * elsewhere) with an English literal as its key; this keeps the French bundle complete.
 */
function runtimeStrings(): Map<string, string> {
  const found = new Map<string, string>();
  const call = /\bl10n\.t\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const file of listFiles('src', (f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(call)) {
      const literal = (match[2] as string).replace(/\\(['"\\])/g, '$1');
      found.set(literal, file);
    }
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

describe('localisation', () => {
  const strings = runtimeStrings();
  const french = readJson<Record<string, string>>('l10n/bundle.l10n.fr.json');

  it('finds the runtime strings of the sources (the extractor works)', () => {
    assert.ok(strings.size >= 10, `only ${strings.size} strings found`);
    assert.ok(strings.has('Show Output'));
  });

  it('translates every runtime string into French', () => {
    const missing = [...strings.keys()].filter((s) => !french[s]);
    assert.deepEqual(missing, [], `missing in l10n/bundle.l10n.fr.json: ${missing.join(' | ')}`);
  });

  it('has no stale French entry that no source uses any more', () => {
    const stale = Object.keys(french).filter((s) => !strings.has(s));
    assert.deepEqual(stale, []);
  });

  it('keeps the same {n} placeholders in each translation', () => {
    for (const [english, translated] of Object.entries(french)) {
      assert.deepEqual(placeholders(translated), placeholders(english), english);
    }
  });

  it('never builds a user-facing message by concatenating inside l10n.t', () => {
    for (const file of listFiles('src', (f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      assert.doesNotMatch(text, /\bl10n\.t\(\s*[`]/, `${file}: use {0} placeholders, not template literals`);
      assert.doesNotMatch(text, /\bl10n\.t\(\s*(['"])(?:\\.|(?!\1)[^\\])*\1\s*\+/, `${file}: use {0} placeholders, not +`);
    }
  });
});
