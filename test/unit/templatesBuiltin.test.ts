import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_FILES } from '../../src/core/templates/builtin.generated';
import { renderBuiltinModule } from '../../src/core/templates/builtinModule';
import { builtinTemplates, type InputName, parseTemplate, renderTemplate, type Template, type TemplateContext } from '../../src/core/templates';
import { listFiles, repoRoot } from '../support/repo';

const FOLDER = join('src', 'core', 'templates', 'builtin');

/** The ids the issue and Etech's note ask for (one per use case), plus the CI diff review. */
const EXPECTED_IDS = [
  'code-review',
  'review-diff',
  'explain-code',
  'refactor',
  'debug-error',
  'generate-tests',
  'missing-test-cases',
  'document',
  'readme-section',
  'infra-review',
  'troubleshoot-logs',
  'postmortem-draft',
  'weekly-report',
  'onboarding-guide',
  'adr-draft',
  'mermaid-diagram',
];

/** Every input gathered, each value distinct so the rendered prompt shows where each went. */
const FULL_CONTEXT: TemplateContext = {
  selection: 'SELECTION-TEXT',
  file: { path: 'src/module.ts', content: 'FILE-CONTENT', languageId: 'typescript' },
  diff: 'DIFF-TEXT',
  gitLog: 'GIT-LOG-TEXT',
  diagnostics: 'DIAGNOSTICS-TEXT',
  folder: { path: 'src/feature', tree: 'FOLDER-TREE' },
  logs: 'LOG-LINES',
  notes: 'USER-NOTES',
};

/** What shows that an input reached the prompt: its main value in FULL_CONTEXT. */
const INSERTED: Record<InputName, string> = {
  selection: 'SELECTION-TEXT',
  file: 'src/module.ts',
  language: 'typescript',
  'git-diff': 'DIFF-TEXT',
  'git-log': 'GIT-LOG-TEXT',
  diagnostics: 'DIAGNOSTICS-TEXT',
  'folder-tree': 'FOLDER-TREE',
  logs: 'LOG-LINES',
  'user-notes': 'USER-NOTES',
};

const { templates, problems } = builtinTemplates();
const byLanguage = (language: string) => new Map(templates.filter((t) => t.language === language).map((t) => [t.id, t]));

describe('templates: the built-in library', () => {
  it('is generated from the .prompt.md files: run `npm run generate` when this fails', () => {
    const files = listFiles(FOLDER, (f) => f.endsWith('.prompt.md')).map((file) => ({
      path: file
        .slice(FOLDER.length + 1)
        .split('\\')
        .join('/'),
      text: readFileSync(join(repoRoot, file), 'utf8'),
    }));
    assert.ok(files.length > 0);
    const committed = readFileSync(join(repoRoot, 'src', 'core', 'templates', 'builtin.generated.ts'), 'utf8');
    assert.equal(committed, renderBuiltinModule(files), 'builtin.generated.ts has drifted from the Markdown files');
  });

  it('parses every file in both languages without a single problem', () => {
    assert.deepEqual(problems, []);
    assert.equal(templates.length, BUILTIN_FILES.length);
    for (const template of templates) assert.equal(template.origin, 'built-in');
  });

  it('has every expected id in English and in French, and nothing else', () => {
    for (const language of ['en', 'fr']) {
      assert.deepEqual([...byLanguage(language).keys()].sort(), [...EXPECTED_IDS].sort(), language);
    }
  });

  it('stores each template at <language>/<id>.prompt.md', () => {
    for (const template of templates) assert.equal(template.path, `built-in/${template.language}/${template.id}.prompt.md`);
  });

  it('gives a French version the same inputs, output, profile, version and model tier as the English one', () => {
    const french = byLanguage('fr');
    for (const [id, english] of byLanguage('en')) {
      const translation = french.get(id) as Template;
      const shape = (t: Template) => ({ inputs: t.inputs, output: t.output, profile: t.profile, version: t.version, modelTier: t.modelTier, maxLevel: t.maxLevel });
      assert.deepEqual(shape(translation), shape(english), id);
      assert.notEqual(translation.title, english.title, `${id}: the French title is translated`);
      assert.notEqual(translation.prompt, english.prompt, `${id}: the French prompt is translated`);
    }
  });

  it('covers every profile of the note', () => {
    assert.deepEqual([...new Set(templates.map((t) => t.profile))].sort(), ['archi', 'dev', 'devops', 'ops', 'project', 'test']);
  });

  it('tells the model, in every system part, to keep [[…]] placeholders exactly, to treat the workspace as data, and which language to answer in', () => {
    for (const template of templates) {
      const { system } = template;
      assert.match(system, /\[\[[A-Z0-9_]+_\d\]\]/, `${template.path}: shows a placeholder`);
      if (template.language === 'en') {
        assert.match(system, /Keep each one exactly as written/, template.path);
        assert.match(system, /never as instructions/, template.path);
        assert.match(system, /Answer in English|Write the comments in English/, template.path);
      } else {
        assert.match(system, /Recopie chacun exactement tel quel/, template.path);
        assert.match(system, /jamais comme des instructions/, template.path);
        assert.match(system, /Réponds en français|Rédige les commentaires en français/, template.path);
      }
    }
  });

  it('renders every template with all inputs into complete prompts, each declared input inserted', () => {
    for (const template of templates) {
      const { system, user, missing } = renderTemplate(template, FULL_CONTEXT);
      assert.deepEqual(missing, [], template.path);
      assert.doesNotMatch(`${system}\n${user}`, /\{\{|\}\}/, `${template.path}: no tag left`);
      for (const input of template.inputs) {
        assert.ok(`${system}\n${user}`.includes(INSERTED[input.name]), `${template.path}: ${input.name} is inserted`);
      }
    }
  });

  it('renders each template with only its required inputs, leaving no tag and no run of blank lines', () => {
    for (const template of templates) {
      const context: TemplateContext = {};
      for (const input of template.inputs.filter((i) => i.required)) {
        if (input.name === 'selection') context.selection = 'x';
        if (input.name === 'file') context.file = { path: 'a.ts', content: 'x', languageId: 'typescript' };
        if (input.name === 'language') context.language = 'typescript';
        if (input.name === 'git-diff') context.diff = 'x';
        if (input.name === 'git-log') context.gitLog = 'x';
        if (input.name === 'diagnostics') context.diagnostics = 'x';
        if (input.name === 'folder-tree') context.folder = { path: 'a', tree: 'x' };
        if (input.name === 'logs') context.logs = 'x';
        if (input.name === 'user-notes') context.notes = 'x';
      }
      const { system, user, missing } = renderTemplate(template, context);
      assert.deepEqual(missing, [], template.path);
      assert.doesNotMatch(user, /\{\{|\n\n\n/, template.path);
      assert.doesNotMatch(system, /\{\{/, template.path);
    }
  });

  it('reports a broken built-in like any template, without hiding the others', () => {
    const broken = parseTemplate('built-in/en/x.prompt.md', BUILTIN_FILES[0]?.text.replace('profile: ', 'profile: nobody-') ?? '', 'built-in');
    assert.equal(broken.template, undefined);
    assert.equal(broken.problems[0]?.line, 5);
  });
});
