import { strict as assert } from 'node:assert';
import { templatesCommand, type TemplatesFlags } from '../../src/cli/commands/templates';
import { contentHash, loadTemplates, type TemplateSource } from '../../src/core/templates';
import { MemoryFiles, runCliOn } from '../support/ports';

/** A workspace template file's text. */
function template(id: string, options: { language?: string; profile?: string; title?: string } = {}): string {
  return [
    '---',
    `id: ${id}`,
    `title: ${options.title ?? `Title of ${id}`}`,
    'description: A test template.',
    `profile: ${options.profile ?? 'dev'}`,
    'version: 2.0.0',
    'inputs: [selection]',
    'output: markdown',
    ...(options.language ? [`language: ${options.language}`] : []),
    '---',
    '## System',
    'Keep [[…]] placeholders.',
    '## User',
    'Look at {{selection}}.',
    '',
  ].join('\n');
}

const PROMPTS = '/ws/.aiguard/prompts';
const workspace = (files: MemoryFiles, root = PROMPTS): TemplateSource => ({ root, port: files, origin: 'workspace' });

describe('templates: loading', () => {
  it('offers the built-ins in the user language, falling back to English', async () => {
    const french = await loadTemplates({ locale: 'fr' });
    const english = await loadTemplates({ locale: 'en' });
    assert.deepEqual(french.problems, []);
    assert.equal(french.templates.find((t) => t.id === 'code-review')?.language, 'fr');
    assert.equal(english.templates.find((t) => t.id === 'code-review')?.language, 'en');
    assert.equal(french.templates.length, english.templates.length, 'one template per id');
    assert.equal(new Set(french.templates.map((t) => t.id)).size, french.templates.length);
  });

  it('sorts by profile in the note order, then by id', async () => {
    const { templates } = await loadTemplates({ locale: 'en' });
    const profiles = templates.map((t) => t.profile);
    assert.deepEqual([...new Set(profiles)], ['dev', 'test', 'devops', 'archi', 'ops', 'project']);
    const dev = templates.filter((t) => t.profile === 'dev').map((t) => t.id);
    assert.deepEqual(dev, [...dev].sort());
  });

  it('reads workspace templates at any depth, only *.prompt.md, and lets one override a built-in', async () => {
    const files = new MemoryFiles({
      [`${PROMPTS}/code-review.prompt.md`]: template('code-review', { title: 'Our review' }),
      [`${PROMPTS}/team/deep/release-notes.prompt.md`]: template('release-notes', { profile: 'project' }),
      [`${PROMPTS}/README.md`]: '# not a template',
      [`${PROMPTS}/notes.prompt.txt`]: template('ignored'),
    });
    const { templates, problems } = await loadTemplates({ locale: 'en', sources: [workspace(files)] });
    assert.deepEqual(problems, []);
    const review = templates.find((t) => t.id === 'code-review');
    assert.equal(review?.title, 'Our review');
    assert.equal(review?.origin, 'workspace');
    assert.equal(review?.path, `${PROMPTS}/code-review.prompt.md`);
    assert.deepEqual(review?.overrides, { origin: 'built-in', path: 'built-in/en/code-review.prompt.md' });
    assert.equal(templates.find((t) => t.id === 'release-notes')?.path, `${PROMPTS}/team/deep/release-notes.prompt.md`);
    assert.equal(
      templates.find((t) => t.id === 'ignored'),
      undefined,
    );
    assert.equal(templates.find((t) => t.id === 'explain-code')?.origin, 'built-in', 'the other built-ins stay');
  });

  it('overrides organisation templates with workspace ones whatever the order of the sources', async () => {
    const org = new MemoryFiles({ '/org/prompts/shared.prompt.md': template('shared', { title: 'From the organisation' }) });
    const ws = new MemoryFiles({ [`${PROMPTS}/shared.prompt.md`]: template('shared', { title: 'From the workspace' }) });
    const sources: TemplateSource[] = [workspace(ws), { root: '/org/prompts', port: org, origin: 'organisation' }];
    const { templates } = await loadTemplates({ locale: 'en', builtIn: false, sources });
    assert.deepEqual(
      templates.map((t) => [t.id, t.title, t.overrides?.origin]),
      [['shared', 'From the workspace', 'organisation']],
    );
  });

  it('picks a workspace template in the user language, else English, within the winning source', async () => {
    const files = new MemoryFiles({
      [`${PROMPTS}/a.en.prompt.md`]: template('a', { language: 'en', title: 'A' }),
      [`${PROMPTS}/a.fr.prompt.md`]: template('a', { language: 'fr', title: 'A en français' }),
      [`${PROMPTS}/b.prompt.md`]: template('b', { title: 'B' }),
      [`${PROMPTS}/c.prompt.md`]: template('explain-code', { language: 'fr', title: 'Notre explication' }),
    });
    const load = (locale: 'en' | 'fr') => loadTemplates({ locale, sources: [workspace(files)] });
    const french = (await load('fr')).templates;
    assert.equal(french.find((t) => t.id === 'a')?.title, 'A en français');
    assert.equal(french.find((t) => t.id === 'b')?.title, 'B', 'English when there is no French version');
    const english = (await load('en')).templates;
    assert.equal(english.find((t) => t.id === 'a')?.title, 'A');
    // The workspace wins for the id even in English: a source's French-only version beats the built-in.
    assert.equal(english.find((t) => t.id === 'explain-code')?.title, 'Notre explication');
  });

  it('reports a broken file, and keeps every other template, including the built-in it meant to override', async () => {
    const files = new MemoryFiles({
      [`${PROMPTS}/broken.prompt.md`]: template('code-review').replace('profile: dev', 'profile: nobody'),
      [`${PROMPTS}/good.prompt.md`]: template('good'),
    });
    const { templates, problems } = await loadTemplates({ locale: 'en', sources: [workspace(files)] });
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}`),
      [`${PROMPTS}/broken.prompt.md:5:10: error`],
    );
    assert.equal(templates.find((t) => t.id === 'code-review')?.origin, 'built-in');
    assert.ok(templates.some((t) => t.id === 'good'));
  });

  it('reports two files with one id and one language, keeping the first by path', async () => {
    const files = new MemoryFiles({
      [`${PROMPTS}/a.prompt.md`]: template('same', { title: 'First' }),
      [`${PROMPTS}/b.prompt.md`]: template('same', { title: 'Second' }),
    });
    const { templates, problems } = await loadTemplates({ locale: 'en', builtIn: false, sources: [workspace(files)] });
    assert.deepEqual(
      templates.map((t) => t.title),
      ['First'],
    );
    assert.deepEqual(
      problems.map((p) => [p.file, p.severity, p.message]),
      [[`${PROMPTS}/b.prompt.md`, 'error', `${PROMPTS}/a.prompt.md already defines the template same in this language; this file is ignored.`]],
    );
  });

  it('treats a missing prompts folder as empty, and an unreadable file as an error', async () => {
    const none = await loadTemplates({ locale: 'en', builtIn: false, sources: [workspace(new MemoryFiles({}))] });
    assert.deepEqual(none, { templates: [], problems: [] });
    const files = new MemoryFiles({ [`${PROMPTS}/locked.prompt.md`]: template('locked'), [`${PROMPTS}/ok.prompt.md`]: template('ok') });
    files.unreadable.add(`${PROMPTS}/locked.prompt.md`);
    const { templates, problems } = await loadTemplates({ locale: 'en', builtIn: false, sources: [workspace(files)] });
    assert.deepEqual(
      templates.map((t) => t.id),
      ['ok'],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.file, `${PROMPTS}/locked.prompt.md`);
    assert.match(problems[0]?.message ?? '', /^Cannot read this template file or folder: ENOENT/);
  });

  it('hashes a workspace template from its exact text', async () => {
    const text = template('hashed');
    const { templates } = await loadTemplates({ locale: 'en', builtIn: false, sources: [workspace(new MemoryFiles({ [`${PROMPTS}/h.prompt.md`]: text }))] });
    assert.equal(templates[0]?.sha256, contentHash(text));
  });
});

describe('ai-guard templates list', () => {
  const files = () =>
    new MemoryFiles(
      {
        [`${PROMPTS}/team/code-review.prompt.md`]: template('code-review', { title: 'Our review' }),
        [`${PROMPTS}/broken.prompt.md`]: '---\nid: broken\n',
        '/ws/src/main.ts': 'x',
      },
      ['/ws/.git'],
    );
  const run = (argv: string[], flags: Partial<TemplatesFlags> = {}, cwd = '/ws') => runCliOn((args, io) => templatesCommand(args, { json: false, locale: 'en', ...flags }, io), argv, files(), { cwd });

  it('lists organisation templates from the prompts folder beside --org, which workspace templates override', async () => {
    const memory = files();
    memory.write('/etc/etech/prompts/incident.prompt.md', template('incident-report', { title: 'Incident report (Etech)', profile: 'ops' }));
    memory.write('/etc/etech/prompts/review.prompt.md', template('code-review', { title: 'Etech review' }));
    const { stdout } = await runCliOn((args, io) => templatesCommand(args, { json: true, locale: 'en', org: '/etc/etech/policy.json' }, io), ['list'], memory, { cwd: '/ws' });
    const rows = (JSON.parse(stdout) as { templates: Array<{ id: string; origin: string; title: string }> }).templates;
    assert.deepEqual(
      rows.find((row) => row.id === 'incident-report'),
      { ...rows.find((row) => row.id === 'incident-report'), origin: 'organisation', title: 'Incident report (Etech)' },
    );
    assert.equal(rows.find((row) => row.id === 'code-review')?.title, 'Our review', 'the workspace overrides the organisation');
    // A policy served over https brings no templates folder.
    const remote = await runCliOn((args, io) => templatesCommand(args, { json: true, locale: 'en', org: 'https://policies.example/etech.json' }, io), ['list'], memory, { cwd: '/ws' });
    assert.ok(!(JSON.parse(remote.stdout) as { templates: Array<{ origin: string }> }).templates.some((row) => row.origin === 'organisation'));
  });

  it('prints JSON with every template, its origin, path, approval and hash, and the problems; exit 2 on a broken file', async () => {
    const { code, stdout } = await run(['list'], { json: true });
    assert.equal(code, 2);
    const result = JSON.parse(stdout) as { templates: Array<Record<string, unknown>>; problems: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(result), ['templates', 'problems']);
    const review = result.templates.find((t) => t.id === 'code-review');
    assert.deepEqual(review, {
      id: 'code-review',
      title: 'Our review',
      profile: 'dev',
      version: '2.0.0',
      output: 'markdown',
      language: 'en',
      origin: 'workspace',
      path: '.aiguard/prompts/team/code-review.prompt.md',
      approval: 'unapproved',
      sha256: contentHash(template('code-review', { title: 'Our review' })),
    });
    const builtIn = result.templates.find((t) => t.id === 'explain-code');
    assert.equal(builtIn?.approval, 'built-in');
    assert.equal(builtIn?.path, 'built-in/en/explain-code.prompt.md');
    assert.match(String(builtIn?.sha256), /^[0-9a-f]{64}$/);
    assert.deepEqual(
      result.problems.map((p) => [p.file, p.line, p.column, p.severity]),
      [['.aiguard/prompts/broken.prompt.md', 1, 1, 'error']],
    );
  });

  it('shows approved and modified states from the approvals it is given', async () => {
    const sha256 = contentHash(template('code-review', { title: 'Our review' }));
    const approved = JSON.parse((await run(['list'], { json: true, approvals: [{ id: 'code-review', sha256 }] })).stdout);
    assert.equal(approved.templates.find((t: { id: string }) => t.id === 'code-review').approval, 'approved');
    const modified = JSON.parse((await run(['list'], { json: true, approvals: [{ id: 'code-review', sha256: '0'.repeat(64) }] })).stdout);
    assert.equal(modified.templates.find((t: { id: string }) => t.id === 'code-review').approval, 'modified');
  });

  it('prints text grouped by profile with approval badges, and the problems on standard error', async () => {
    const { code, stdout, stderr } = await run(['list']);
    assert.equal(code, 2);
    const headings = stdout.split('\n').filter((line) => line !== '' && !line.startsWith(' '));
    assert.deepEqual(headings.slice(0, 6), ['Development', 'Testing', 'DevOps', 'Architecture', 'Operations', 'Project management']);
    assert.match(stdout, /^ {2}code-review +2\.0\.0 {2}\[not approved\] {2}Our review {2}\.aiguard\/prompts\/team\/code-review\.prompt\.md$/m);
    assert.match(stdout, /^ {2}explain-code +1\.0\.0 {2}\[built-in\] {2}Explain code$/m);
    assert.match(stdout, /16 template\(s\); 1 error\(s\), 0 warning\(s\)\.\n$/);
    assert.match(stderr, /^\.aiguard\/prompts\/broken\.prompt\.md:1:1: error: The front-matter is not closed/);
  });

  it('finds the workspace prompts from a sub-folder, and speaks French', async () => {
    const { stdout } = await run(['list'], { locale: 'fr', json: true }, '/ws/src');
    const result = JSON.parse(stdout) as { templates: Array<{ id: string; path: string; language: string }> };
    assert.equal(result.templates.find((t) => t.id === 'code-review')?.path, '/ws/.aiguard/prompts/team/code-review.prompt.md');
    assert.equal(result.templates.find((t) => t.id === 'explain-code')?.language, 'fr');
  });

  it('lists the built-ins alone, exit 0, when folders cannot be listed', async () => {
    let stdout = '';
    const code = await templatesCommand(
      ['list'],
      { json: true, locale: 'en' },
      {
        stdout: (text) => (stdout += text),
        stderr: () => undefined,
        env: {},
        cwd: '/ws',
        readFile: () => Promise.reject(new Error('no disk')),
        readStdin: () => Promise.resolve(new Uint8Array()),
      },
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as { templates: Array<{ origin: string }>; problems: unknown[] };
    assert.ok(result.templates.length >= 16);
    assert.ok(result.templates.every((t) => t.origin === 'built-in'));
  });

  it('explains its usage when the subcommand is missing or unknown', async () => {
    for (const argv of [[], ['show'], ['list', 'extra']]) {
      const { code, stderr } = await run(argv);
      assert.equal(code, 2);
      assert.match(stderr, /usage: ai-guard templates list \[--json\]/);
    }
  });
});
