import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { approvalOf, contentHash, describeMissing, parseTemplate, renderTemplate, type Template } from '../../src/core/templates';

/** A valid template; tests derive broken ones from it by replacing one line. */
const VALID = [
  '---', //                                         1
  'id: team-review', //                             2
  'title: Team review', //                          3
  "description: Review with the team's rules.", //  4
  'profile: dev', //                                5
  'version: 1.2.0', //                              6
  'inputs: [selection, language, user-notes?]', //  7
  'output: markdown', //                            8
  'maxLevel: internal', //                          9
  'modelTier: fast', //                            10
  'language: fr', //                               11
  '---', //                                        12
  '## System', //                                  13
  '', //                                           14
  'Keep [[…]] placeholders as they are. You know {{language}}.', // 15
  '', //                                           16
  '## User', //                                    17
  '', //                                           18
  'Review:', //                                    19
  '{{selection}}', //                              20
  '{{#notes}}', //                                 21
  'Notes: {{notes}}', //                           22
  '{{/notes}}', //                                 23
  'End.', //                                       24
  '',
].join('\n');

/** VALID with line `line` (1-based) replaced by `text` (several lines allowed). */
function withLine(line: number, text: string): string {
  const lines = VALID.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function parse(text: string) {
  return parseTemplate('/ws/.aiguard/prompts/t.prompt.md', text);
}

/** The problems as `line:column severity message`, to assert places and words at once. */
function where(text: string): string[] {
  return parse(text).problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`);
}

function valid(): Template {
  const { template, problems } = parse(VALID);
  assert.deepEqual(problems, []);
  assert.ok(template);
  return template;
}

describe('templates: parsing', () => {
  it('reads every front-matter field, the inputs, and the system and user parts', () => {
    const template = valid();
    assert.equal(template.id, 'team-review');
    assert.equal(template.title, 'Team review');
    assert.equal(template.profile, 'dev');
    assert.equal(template.version, '1.2.0');
    assert.deepEqual(template.inputs, [
      { name: 'selection', required: true },
      { name: 'language', required: true },
      { name: 'user-notes', required: false },
    ]);
    assert.equal(template.output, 'markdown');
    assert.equal(template.maxLevel, 'internal');
    assert.equal(template.modelTier, 'fast');
    assert.equal(template.language, 'fr');
    assert.equal(template.system, 'Keep [[…]] placeholders as they are. You know {{language}}.');
    assert.equal(template.prompt, 'Review:\n{{selection}}\n{{#notes}}\nNotes: {{notes}}\n{{/notes}}\nEnd.');
    assert.equal(template.origin, 'workspace');
    assert.equal(template.path, '/ws/.aiguard/prompts/t.prompt.md');
    assert.equal(template.sha256, contentHash(VALID));
  });

  it('defaults the language to English and takes a body without ## System as all prompt (with a warning)', () => {
    const text = withLine(11, '# no language: English').replace(/## System\n\n.*\n\n## User\n/, '');
    const { template, problems } = parse(text);
    assert.equal(template?.language, 'en');
    assert.equal(template?.system, '');
    assert.match(template?.prompt ?? '', /^Review:/);
    // {{language}} was only used in the system part, so the input is now unused too.
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.severity}`),
      ['7:21 warning', '13:1 warning'],
    );
    assert.match(problems[1]?.message ?? '', /keep \[\[…\]\] placeholders/);
  });

  it('reports a YAML syntax error at its line and column, and returns no template', () => {
    const tab = parse(withLine(7, 'inputs:\n\t- selection'));
    assert.equal(tab.template, undefined);
    assert.deepEqual(
      tab.problems.map((p) => [p.line, p.column, p.severity]),
      [[8, 1, 'error']],
    );
    assert.match(tab.problems[0]?.message ?? '', /tabs/);

    const duplicate = where(withLine(3, 'title: Team review\ntitle: Again'));
    assert.deepEqual(duplicate, ['4:1 error This field appears twice in the front-matter; keep one.']);

    const flow = parse(withLine(7, 'inputs: [selection, language'));
    assert.equal(flow.template, undefined);
    assert.equal(flow.problems[0]?.severity, 'error');
    assert.match(flow.problems[0]?.message ?? '', /^YAML syntax error: /);
    assert.ok((flow.problems[0]?.line ?? 0) >= 7, 'reported at or after the unclosed list');
  });

  it('reports a schema error at the value of the right key', () => {
    assert.deepEqual(where(withLine(5, 'profile: developer')), ['5:10 error Expected one of: dev, test, devops, archi, ops, project.']);
    assert.deepEqual(where(withLine(7, 'inputs: [selection, langage, user-notes?]')), [
      '7:21 error Unknown input "langage". Inputs are: selection, file, language, git-diff, git-log, diagnostics, folder-tree, logs, user-notes; add ? to make one optional.',
    ]);
    assert.deepEqual(where(withLine(2, 'id: Team_Review')), ['2:5 error A template id is kebab-case: lowercase letters and digits separated by single hyphens, such as code-review.']);
    const version = where(withLine(6, 'version: 1.2'));
    assert.deepEqual(version, ['6:10 error Expected text here (in quotes if YAML reads it as a number, a date or true/false).']);
    assert.deepEqual(where(withLine(3, 'title: "  "')), ['3:8 error This text must not be empty.']);
  });

  it('reports each missing required field at the opening ---', () => {
    const text = VALID.replace('output: markdown\n', '').replace("description: Review with the team's rules.\n", '');
    assert.deepEqual(where(text), ["1:1 error The field 'description' is required.", "1:1 error The field 'output' is required."]);
  });

  it('warns about an unknown field at its key and keeps the template', () => {
    const { template, problems } = parse(withLine(10, 'mode: agent'));
    assert.ok(template);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`),
      ["10:1 warning Unknown field 'mode': it is ignored."],
    );
  });

  it('reports a duplicate input', () => {
    assert.deepEqual(where(withLine(7, 'inputs: [selection, language, selection]')), ['7:31 error The input selection is declared twice.']);
  });

  it('reports unknown and undeclared placeholders where they are in the body', () => {
    const unknown = where(withLine(24, 'See {{selection.text}}.'));
    assert.equal(unknown.length, 1);
    assert.match(unknown[0] ?? '', /^24:5 error Unknown placeholder \{\{selection\.text\}\}\. Placeholders are: selection, file\.path, /);
    assert.deepEqual(where(withLine(24, 'And {{ diff }}.')), ['24:5 error {{diff}} needs the input git-diff: add it to inputs (with ? if the template can run without it).']);
    assert.deepEqual(where(withLine(24, 'Not {{ a tag }}.')), ['24:5 error {{ a tag }} is not a placeholder: a placeholder is a name such as {{selection}}. Write \\{{ for literal braces.']);
  });

  it('reports unbalanced sections', () => {
    assert.deepEqual(where(withLine(23, '')), ['21:1 error The section notes is never closed: add {{/notes}}.']);
    assert.deepEqual(where(withLine(21, '')), ['23:1 error {{/notes}} closes a section that was not opened.']);
    assert.deepEqual(where(withLine(23, '{{/selection}}')), ['23:1 error {{/selection}} closes the section notes, which is still open; close it first.']);
    // A section may not run from the system part into the prompt: they are rendered apart.
    assert.deepEqual(where(withLine(15, 'Keep [[…]] placeholders. {{language}} {{#notes}}').replace('{{#notes}}\nNotes', 'Notes')), [
      '15:39 error The section notes is never closed: add {{/notes}}.',
      '22:1 error {{/notes}} closes a section that was not opened.',
    ]);
  });

  it('warns about a declared input that no placeholder uses, at its declaration', () => {
    assert.deepEqual(where(withLine(7, 'inputs: [selection, language, user-notes?, logs?]')), ['7:44 warning The input logs is declared but no placeholder uses it ({{logs}}).']);
  });

  it('reports a missing or unclosed front-matter, a ## System without ## User, and an empty prompt', () => {
    assert.deepEqual(where('# Just Markdown\n'), ['1:1 error A template starts with its front-matter: a line ---, the fields (id, title…), and another line ---.']);
    assert.deepEqual(where('---\nid: x\n'), ['1:1 error The front-matter is not closed: add a line --- after its last field.']);
    assert.deepEqual(where(VALID.replace('## User\n', '')), ['13:1 error A ## System section ends where the prompt starts: add a line ## User before the prompt.']);
    assert.deepEqual(where(VALID.slice(0, VALID.indexOf('Review:'))), ['17:8 error The prompt is empty: write it after the front-matter (or after ## User).']);
    assert.deepEqual(where('---\n- a list\n---\nHello\n'), ['2:1 error The front-matter holds fields, one "name: value" per line (id, title, description, profile, version, inputs, output).']);
  });

  it('keeps reporting body problems when the front-matter is broken', () => {
    const problems = where(withLine(5, 'profile: developer').replace('End.', '{{nope}}'));
    assert.deepEqual(
      problems.map((p) => p.slice(0, p.indexOf(' error'))),
      ['5:10', '24:1'],
    );
  });

  it('gives the same template, hash and positions for CRLF line ends', () => {
    const crlf = VALID.replace(/\n/g, '\r\n');
    const { template } = parse(crlf);
    assert.equal(template?.sha256, valid().sha256);
    assert.equal(template?.prompt, valid().prompt);
    assert.deepEqual(where(withLine(5, 'profile: developer').replace(/\n/g, '\r\n')), where(withLine(5, 'profile: developer')));
  });
});

describe('templates: content hash and approval', () => {
  it('is the sha256 hex of the text with CRLF turned into LF', () => {
    assert.equal(contentHash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const expected = createHash('sha256').update('a\nb\n', 'utf8').digest('hex');
    assert.equal(contentHash('a\nb\n'), expected);
    assert.equal(contentHash('a\r\nb\r\n'), expected);
    assert.notEqual(contentHash('a\nb'), expected, 'every other character counts');
    assert.equal(
      contentHash('é'),
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
      'UTF-8',
    );
  });

  it('tells built-in, approved, modified and unapproved apart', () => {
    const template = valid();
    const other = 'f'.repeat(64);
    assert.equal(approvalOf(template, []), 'unapproved');
    assert.equal(approvalOf(template, [{ id: 'code-review', sha256: template.sha256 }]), 'unapproved', 'the id must match');
    assert.equal(approvalOf(template, [{ id: 'team-review', sha256: template.sha256 }]), 'approved');
    assert.equal(approvalOf(template, [{ id: 'team-review', sha256: template.sha256.toUpperCase() }]), 'approved', 'hex case does not matter');
    assert.equal(approvalOf(template, [{ id: 'team-review', sha256: other }]), 'modified');
    assert.equal(
      approvalOf(template, [
        { id: 'team-review', sha256: other },
        { id: 'team-review', sha256: template.sha256 },
      ]),
      'approved',
      'any listed version approves',
    );
    assert.equal(approvalOf({ ...template, origin: 'built-in' }, []), 'built-in');
    const edited = parse(VALID.replace('End.', 'End!')).template;
    assert.ok(edited);
    assert.equal(approvalOf(edited, [{ id: 'team-review', sha256: template.sha256 }]), 'modified', 'one character changed');
  });
});

describe('templates: rendering', () => {
  it('fills placeholders and keeps optional sections only when their input is there', () => {
    const template = valid();
    const withNotes = renderTemplate(template, { selection: 'let x = 1;', language: 'typescript', notes: 'naming' });
    const { spans: _spans, ...withoutSpans } = withNotes;
    assert.deepEqual(withoutSpans, {
      system: 'Keep [[…]] placeholders as they are. You know typescript.',
      user: 'Review:\nlet x = 1;\nNotes: naming\nEnd.',
      missing: [],
    });
    assert.equal(renderTemplate(template, { selection: 'let x = 1;', language: 'typescript' }).user, 'Review:\nlet x = 1;\nEnd.');
    assert.equal(renderTemplate(template, { selection: 'x', language: 'typescript', notes: '  \n' }).user, 'Review:\nx\nEnd.', 'blank notes count as none');
  });

  it('inserts values verbatim and never expands a tag found inside them', () => {
    const template = valid();
    const code = 'const t = "{{notes}} {{#selection}}x{{/selection}} \\{{ $& $1 [[EMAIL_1]]";\n  indented\n';
    const { user } = renderTemplate(template, { selection: code, language: 'ts', notes: '{{selection}}' });
    assert.equal(user, `Review:\n${code}\nNotes: {{selection}}\nEnd.`);
  });

  it('lists the required inputs that are missing, and says so in words', () => {
    const template = valid();
    const rendered = renderTemplate(template, { notes: 'only notes' });
    assert.deepEqual(rendered.missing, ['selection', 'language']);
    assert.equal(rendered.user, 'Review:\n\nNotes: only notes\nEnd.', 'still filled with what is there, for a preview');
    assert.equal(describeMissing(rendered.missing), 'This prompt needs the selected text, the language of the code.');
    assert.deepEqual(renderTemplate(template, { selection: ' \n ', language: 'go' }).missing, ['selection'], 'a blank selection is none');
  });

  it('takes the language from the file when none is given, and supports inverse sections and escapes', () => {
    const text = [
      '---',
      'id: t',
      'title: T',
      'description: D',
      'profile: test',
      'version: 1.0.0',
      'inputs: [file, language, user-notes?]',
      'output: code',
      '---',
      '## System',
      'Keep [[…]].',
      '## User',
      'File {{file.path}} ({{language}}), literal \\{{file.path}}:',
      '{{file.content}}',
      '{{^notes}}',
      'No notes.',
      '{{/notes}}',
    ].join('\n');
    const { template, problems } = parse(text);
    assert.deepEqual(problems, []);
    assert.ok(template);
    const rendered = renderTemplate(template, { file: { path: 'src/a.py', content: 'print(1)', languageId: 'python' } });
    assert.deepEqual(rendered, {
      system: 'Keep [[…]].',
      user: 'File src/a.py (python), literal {{file.path}}:\nprint(1)\nNo notes.\n',
      missing: [],
      // Where each value landed, for the prompt-size cut.
      spans: {
        system: [],
        user: [
          { name: 'file.path', start: 5, end: 13 },
          { name: 'language', start: 15, end: 21 },
          { name: 'file.content', start: 47, end: 55 },
        ],
      },
    });
    assert.equal(renderTemplate(template, { file: { path: 'a', content: '', languageId: 'go' }, language: 'golang', notes: 'n' }).user, 'File a (golang), literal {{file.path}}:\n\n');
    assert.deepEqual(renderTemplate(template, { file: { path: 'a', content: '' } }).missing, ['language'], 'an empty file is still a file');
  });
});
