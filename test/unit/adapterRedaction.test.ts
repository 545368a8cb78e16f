import { strict as assert } from 'node:assert';
import { activate } from '../../src/extension';
import { Commands, DIAGNOSTIC_SOURCE } from '../../src/shared/ids';
import { ExtensionMode, createContext, createTextDocument, eventually, fake } from '../support/fakeVscode';
import { githubToken } from '../support/redaction';

const token = githubToken('ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO');
const envFile = `# app\nGITHUB_TOKEN=${token}\nCONTACT=amelie.dufresne@ardoise.fr\n`;

describe('the editor adapter: findings and Copy Selection Redacted', () => {
  let context: ReturnType<typeof createContext>;

  beforeEach(async () => {
    fake.reset();
    context = createContext('/ext', ExtensionMode.Test);
    await activate(context as never);
    // The diagnostics service starts on the tick after activation (activation stays cheap).
    await new Promise((resolve) => setImmediate(resolve));
  });
  afterEach(() => {
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
  });

  it('shows findings of opened documents as diagnostics that never echo the value', async () => {
    // Personal data shows only when asked (aiGuard.redaction.showPersonalData); secrets always.
    fake.settings['aiGuard.redaction.showPersonalData'] = true;
    const document = createTextDocument('/work/.env', envFile);
    fake.documentOpened.fire(document);
    await eventually(() => (fake.diagnostics.get(document.uri.toString())?.length ?? 0) === 2);
    const diagnostics = fake.diagnostics.get(document.uri.toString()) ?? [];
    assert.deepEqual(
      diagnostics.map((d) => [d.source, d.code, d.severity, d.range.start.line, d.range.start.character]),
      [
        // .env is restricted: its secret never leaves, so it is information there, and says so.
        [DIAGNOSTIC_SOURCE, 'github-token', 2, 1, 13],
        [DIAGNOSTIC_SOURCE, 'email', 2, 2, 8],
      ],
    );
    assert.equal(diagnostics[0]?.message, 'GitHub token: this file is Restricted, which no AI call may include, so it is never sent, redacted or not.');
    // The same secret in a file AI may see is a warning, and will be redacted.
    const code = createTextDocument('/work/src/app.ts', envFile);
    fake.documentOpened.fire(code);
    await eventually(() => (fake.diagnostics.get(code.uri.toString())?.length ?? 0) === 2);
    const [secret] = fake.diagnostics.get(code.uri.toString()) ?? [];
    assert.equal(secret?.severity, 1);
    assert.equal(secret?.message, 'GitHub token: this secret will be redacted before any AI call.');
    assert.ok(diagnostics.every((d) => !d.message.includes(token) && !d.message.includes('amelie')));
  });

  it('updates findings after an edit and clears them when the document closes', async () => {
    fake.settings['aiGuard.redaction.showPersonalData'] = true;
    const document = createTextDocument('/work/notes.txt', 'call 06 12 34 56 78');
    fake.documentOpened.fire(document);
    await eventually(() => fake.diagnostics.get(document.uri.toString())?.length === 1);
    const edited = createTextDocument('/work/notes.txt', 'nothing left');
    fake.documentChanged.fire({ document: edited });
    await eventually(() => fake.diagnostics.get(document.uri.toString())?.length === 0);
    fake.documentClosed.fire(edited);
    assert.equal(fake.diagnostics.has(document.uri.toString()), false);
  });

  it('does not scan output channels and other non-file documents', async () => {
    const output = { ...createTextDocument('/x', envFile), uri: { scheme: 'output', path: 'x', toString: () => 'output:x' } };
    fake.documentOpened.fire(output);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fake.diagnostics.has('output:x'), false);
  });

  it('copies the redacted file, or the selection, and says what it masked', async () => {
    // Not a .env: the built-in rules make those restricted, and a restricted file is not copied.
    const document = createTextDocument('/work/app.conf', envFile);
    fake.activeTextEditor = { document, selections: [{ isEmpty: true }] };
    await fake.commands.get(Commands.copyRedacted)?.();
    assert.equal(fake.clipboard, '# app\nGITHUB_TOKEN=[[GITHUB_TOKEN_1]]\nCONTACT=[[EMAIL_1]]\n');
    assert.match(fake.infoMessages[0] ?? '', /^Copied the redacted file to the clipboard\. Masked: GitHub token ×1, e-mail address ×1\.$/);
    const selection = { isEmpty: false, start: { line: 1, character: 0 }, end: { line: 1, character: 53 } };
    fake.activeTextEditor = { document, selections: [selection] };
    await fake.commands.get(Commands.copyRedacted)?.();
    assert.equal(fake.clipboard, 'GITHUB_TOKEN=[[GITHUB_TOKEN_1]]', 'the same value keeps its placeholder in the window');
  });

  it('Copy Selection Redacted follows the level rules of a call: refused for excluded and restricted files, masked as the level asks', async () => {
    // A workspace with a policy and an AI ignore file, read at activation.
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
    fake.reset();
    fake.workspaceFolderPaths = ['/repo'];
    fake.files.set('/repo/.cursorignore', 'private/\n');
    fake.files.set(
      '/repo/.aiguard/policy.json',
      JSON.stringify({
        version: 1,
        defaultLevel: 'public',
        rules: [
          { pattern: 'vault/', level: 'restricted', reason: 'Production credentials.' },
          { pattern: 'hr/', level: 'confidential', reason: 'Staff files.' },
        ],
      }),
    );
    context = createContext('/ext', ExtensionMode.Test);
    await activate(context as never);
    const copy = async (path: string, text: string) => {
      fake.clipboard = 'what was there';
      fake.activeTextEditor = { document: createTextDocument(path, text), selections: [{ isEmpty: true }] };
      await fake.commands.get(Commands.copyRedacted)?.();
      return fake.clipboard;
    };
    const notes = `owner amelie.dufresne@ardoise.fr\ntoken ${token}\n`;

    assert.equal(await copy('/repo/private/notes.txt', notes), 'what was there', 'an excluded file is never copied');
    assert.match(fake.warningMessages.at(-1) ?? '', /^(\/repo\/)?private\/notes\.txt is excluded from AI by an ignore file, so nothing was copied\..*\.cursorignore.*take it out of that ignore file/s);
    assert.equal(await copy('/repo/vault/keys.txt', notes), 'what was there', 'a restricted file is never copied');
    assert.match(fake.warningMessages.at(-1) ?? '', /No AI use is allowed for (\/repo\/)?vault\/keys\.txt \(Restricted\), so nothing was copied\. .*Production credentials\./);
    assert.ok(fake.warningMessages.every((message) => !message.includes('amelie') && !message.includes(token)));

    // The level's matrix line decides what is masked: a public file keeps its IP addresses, a
    // confidential one does not (and a secret raises a file's level by its content).
    assert.equal(await copy('/repo/src/config.txt', 'host 10.20.30.40\n'), 'host 10.20.30.40\n');
    assert.equal(await copy('/repo/hr/config.txt', 'host 10.20.30.40\n'), 'host [[IPV4_1]]\n');
    assert.equal(await copy('/repo/src/config.txt', `host 10.20.30.40\ntoken ${token}\n`), 'host [[IPV4_1]]\ntoken [[GITHUB_TOKEN_1]]\n');
  });

  it('fails closed: when redaction fails the clipboard is left untouched', async () => {
    fake.clipboard = 'what was there';
    const huge = {
      ...createTextDocument('/work/big.txt', ''),
      getText: () => {
        throw new Error('document unavailable');
      },
    };
    fake.activeTextEditor = { document: huge, selections: [{ isEmpty: true }] };
    await fake.commands.get(Commands.copyRedacted)?.();
    assert.equal(fake.clipboard, 'what was there');
    assert.match(fake.errorMessages.join('\n'), /document unavailable/);
  });

  it('asks for a file when no editor is open', async () => {
    await fake.commands.get(Commands.copyRedacted)?.();
    assert.match(fake.warningMessages[0] ?? '', /^Open a file/);
  });
});
