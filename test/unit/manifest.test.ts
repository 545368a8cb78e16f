import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID, Settings, ViewContainers, Views } from '../../src/shared/ids';
import { PROVIDER_KINDS, ProviderConfigSchema } from '../../src/core/providers';
import { SettingsSchema } from '../../src/shared/settings';
import { manifest, readJson, repoRoot } from '../support/repo';

describe('package.json contributes', () => {
  const pkg = manifest();

  it('names the extension etech.ai-guard and targets VS Code ^1.96.0 with matching @types/vscode', () => {
    assert.equal(`${pkg.publisher}.${pkg.name}`, EXTENSION_ID);
    assert.equal(pkg.engines.vscode, '^1.96.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.96.0');
  });

  it('activates cheaply: never on "*"', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
  });

  it('never lets Enter in the palette re-send an old prompt: the re-run shows only in an answer view, asks again, and sorts after Run Prompt…', () => {
    const nls = readJson<Record<string, string>>('package.nls.json');
    const nlsFr = readJson<Record<string, string>>('package.nls.fr.json');
    const titleOf = (id: string, bundle: Record<string, string>) => bundle[(pkg.contributes.commands.find((c) => c.command === id)?.title ?? '').slice(1, -1)] ?? '';
    const palette = (pkg.contributes.menus as unknown as Record<string, Array<{ command: string; when?: string }>>)['commandPalette'] ?? [];
    assert.match(palette.find((entry) => entry.command === Commands.rerunAnswer)?.when ?? '', /resourceScheme == aiguard-answer/);
    for (const bundle of [nls, nlsFr]) {
      const run = titleOf(Commands.runPrompt, bundle);
      const again = titleOf(Commands.rerunAnswer, bundle);
      assert.ok(again.endsWith('…'), `'${again}' says it asks before it runs`);
      assert.ok(run.localeCompare(again) < 0, `'${run}' sorts before '${again}'`);
    }
  });

  it('declares exactly the commands in Commands, each with a title and the AI Guard category', () => {
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
    for (const command of pkg.contributes.commands) {
      assert.match(command.title, /^%.+%$/, `${command.command} title must be localised`);
      assert.equal(command.category, '%command.category%');
    }
  });

  it('declares the activity-bar container and the sidebar webview view from ids.ts', () => {
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c) => c.id),
      Object.values(ViewContainers),
    );
    const views = pkg.contributes.views[ViewContainers.activityBar] ?? [];
    assert.deepEqual(
      views.map((v) => v.id),
      Object.values(Views),
    );
    assert.equal(views[0]?.type, 'webview');
    for (const container of pkg.contributes.viewsContainers.activitybar) {
      assert.ok(existsSync(join(repoRoot, container.icon)), `missing icon ${container.icon}`);
    }
  });

  it('menus only reference declared commands', () => {
    const declared = new Set(Object.values(Commands) as string[]);
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu} references ${item.command}`);
    }
  });

  it('declares the same settings, with the same defaults, as the settings schema', () => {
    const declared = pkg.contributes.configuration.properties;
    const keys = Object.keys(declared).sort();
    assert.deepEqual(
      keys,
      Object.values(Settings)
        .map((k) => `aiGuard.${k}`)
        .sort(),
    );
    for (const key of Object.values(Settings)) {
      const schemaDefault = SettingsSchema.shape[key].parse(undefined);
      assert.deepEqual(declared[`aiGuard.${key}`]?.default, schemaDefault, `default of aiGuard.${key}`);
    }
  });

  it('offers one provider snippet per kind in aiGuard.providers, each a valid provider once filled, with translated labels', () => {
    const setting = (pkg.contributes.configuration as { properties: Record<string, { defaultSnippets?: Array<{ label: string; body: unknown[] }> }> }).properties['aiGuard.providers'];
    const snippets = setting?.defaultSnippets ?? [];
    const en = readJson<Record<string, string>>('package.nls.json');
    const fr = readJson<Record<string, string>>('package.nls.fr.json');
    const kinds: string[] = [];
    for (const snippet of snippets) {
      const key = /^%(.+)%$/.exec(snippet.label)?.[1] ?? '';
      assert.ok(en[key] && fr[key], `${snippet.label} is translated`);
      // Placeholders ("${2:gpt-4o}") filled with their defaults, as accepting the snippet does.
      const filled = JSON.parse(JSON.stringify(snippet.body).replace(/\$\{\d+:([^}]*)\}/g, '$1')) as unknown[];
      assert.equal(filled.length, 1);
      const parsed = ProviderConfigSchema.safeParse(filled[0]);
      assert.ok(parsed.success, `${en[key]}: ${JSON.stringify(parsed.error?.issues)}`);
      kinds.push(parsed.data.kind);
      // A provider entry, never a policy fragment: the policy's tags and rules are not settings.
      assert.doesNotMatch(JSON.stringify(snippet.body), /"(rules|matrix|clients|levels|tags)"/);
    }
    assert.deepEqual([...kinds].sort(), [...PROVIDER_KINDS].sort(), 'one snippet per kind');
  });

  it('points jsonValidation and snippets at files that exist', () => {
    for (const entry of pkg.contributes.jsonValidation) {
      assert.ok(existsSync(join(repoRoot, entry.url)), entry.url);
    }
    for (const entry of pkg.contributes.snippets ?? []) {
      assert.ok(existsSync(join(repoRoot, entry.path)), entry.path);
    }
  });

  it('has every %placeholder% of package.json in both package.nls.json and package.nls.fr.json', () => {
    const text = JSON.stringify(pkg);
    const placeholders = [...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
    assert.ok(placeholders.length >= 5);
    const en = readJson<Record<string, string>>('package.nls.json');
    const fr = readJson<Record<string, string>>('package.nls.fr.json');
    for (const key of placeholders) {
      assert.ok(en[key], `package.nls.json lacks ${key}`);
      assert.ok(fr[key], `package.nls.fr.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort(), 'nls files must have the same keys');
  });

  it('keeps .vscodeignore an allowlist that starts by excluding everything', () => {
    const rules = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    assert.equal(rules[0], '**');
    assert.ok(
      rules.slice(1).every((rule) => rule.startsWith('!')),
      'after **, only !allow rules',
    );
    assert.ok(!rules.some((rule) => /^!(src|test|node_modules|scripts)\b/.test(rule)));
  });
});

describe('README.md, as the .vsix ships it', () => {
  it('has no relative link, which vsce refuses without a repository URL', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((target) => !/^(?:https?:|mailto:|#)/.test(target));
    assert.deepEqual(relative, [], 'write the path in backticks instead: `docs/…`');
  });
});
