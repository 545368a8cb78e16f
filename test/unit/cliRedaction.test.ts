import { strict as assert } from 'node:assert';
import { type CliIo, ExitCode, runCli } from '../../src/cli/main';
import { MemoryFiles, runCliOn } from '../support/ports';

/** An in-memory terminal and disk for the CLI. */
function terminal(files: Record<string, string | Uint8Array>, stdin = '') {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    env: { LANG: 'en_US.UTF-8' },
    cwd: '/work',
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
    readStdin: async () => new TextEncoder().encode(stdin),
  };
  return { io, out };
}

const secretFile = 'DB_PASSWORD=q8#Lm2!vZr9@Tx4\nmail amelie.dufresne@ardoise.fr\n';

describe('ai-guard scan and redact', () => {
  it('scan exits 0 on a clean file and 1 on findings, never printing the values', async () => {
    const { io, out } = terminal({ 'clean.ts': 'export const x = 1;\n', '.env': secretFile });
    assert.equal(await runCli(['scan', 'clean.ts'], io), ExitCode.ok);
    assert.equal(await runCli(['scan', '.env'], io), ExitCode.findings);
    assert.match(out.stdout, /^\.env:1:13: generic-secret \(secret, aiguard\/generic-assignment, confidence 0\.80\)$/m);
    assert.match(out.stdout, /^\.env:2:6: email \(pii/m);
    assert.doesNotMatch(out.stdout + out.stderr, /q8#Lm2|amelie\.dufresne/);
  });

  it('scan --json gives files, findings and their offsets', async () => {
    const { io, out } = terminal({ '.env': secretFile });
    assert.equal(await runCli(['scan', '--json', '.env'], io), ExitCode.findings);
    const report = JSON.parse(out.stdout) as { files: Array<{ path: string; findings: Array<Record<string, unknown>> }> };
    assert.equal(report.files[0]?.path, '.env');
    assert.deepEqual(report.files[0]?.findings[0], { kind: 'generic-secret', category: 'secret', start: 12, end: 27, line: 1, column: 13, rule: 'aiguard/generic-assignment', confidence: 0.8 });
    assert.equal(secretFile.slice(12, 27), 'q8#Lm2!vZr9@Tx4');
  });

  it('scan reads standard input with -, skips binary files and reports unreadable ones without stopping', async () => {
    const { io, out } = terminal({ 'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]) }, secretFile);
    assert.equal(await runCli(['scan', '--json', 'missing.txt', 'image.png', '-'], io), ExitCode.error);
    const report = JSON.parse(out.stdout) as { files: Array<{ path: string; error?: string; skipped?: string; findings?: unknown[] }> };
    assert.match(report.files[0]?.error ?? '', /cannot read: ENOENT/);
    assert.equal(report.files[1]?.skipped, 'binary');
    assert.equal(report.files[2]?.findings?.length, 2, 'the file after the failures is still scanned');
  });

  it('scan as a pre-commit gate reads UTF-16 and text with stray NUL bytes, and still skips real binaries', async () => {
    const utf16 = (text: string, endian: 'le' | 'be', bom: boolean) => {
      const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
      const units = [...(bom ? [0xfeff] : []), ...Array.from(text, (char) => char.charCodeAt(0))];
      units.forEach((unit, i) => {
        bytes[i * 2 + (endian === 'le' ? 0 : 1)] = unit & 0xff;
        bytes[i * 2 + (endian === 'le' ? 1 : 0)] = unit >> 8;
      });
      return bytes;
    };
    const withNul = new TextEncoder().encode(`header\0\0${secretFile}trailer\u0001\n`);
    // Pseudo-random bytes stand for compressed data: a PNG's and a zip's bodies.
    let seed = 7;
    const noise = (length: number) => Uint8Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...noise(4000)]);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0, ...new TextEncoder().encode('DB_PASSWORD=x.env'), ...noise(3000)]);
    const { io, out } = terminal({
      'nul.env': withNul,
      'le-bom.env': utf16(secretFile, 'le', true),
      'be-bom.env': utf16(secretFile, 'be', true),
      'le.env': utf16(secretFile, 'le', false),
      'be.env': utf16(secretFile, 'be', false),
      'logo.png': png,
      'bundle.zip': zip,
    });
    for (const file of ['nul.env', 'le-bom.env', 'be-bom.env', 'le.env', 'be.env']) {
      out.stdout = '';
      assert.equal(await runCli(['scan', '--json', file], io), ExitCode.findings, `${file} passed the gate`);
      const report = JSON.parse(out.stdout) as { files: Array<{ findings?: Array<{ kind: string }> }> };
      assert.deepEqual(
        report.files[0]?.findings?.map((finding) => finding.kind),
        ['generic-secret', 'email'],
        file,
      );
    }
    out.stdout = '';
    assert.equal(await runCli(['scan', '--json', 'logo.png', 'bundle.zip'], io), ExitCode.ok);
    const binaries = JSON.parse(out.stdout) as { files: Array<{ skipped?: string }> };
    assert.deepEqual(
      binaries.files.map((file) => file.skipped),
      ['binary', 'binary'],
    );
    out.stdout = '';
    assert.equal(await runCli(['redact', 'le-bom.env'], io), ExitCode.ok);
    assert.equal(out.stdout, 'DB_PASSWORD=[[SECRET_1]]\nmail [[EMAIL_1]]\n', 'redact decodes UTF-16 too');
  });

  it('redact and scan mask the names of the policies that govern each file, and of the current folder for standard input', async () => {
    const files = new MemoryFiles({
      '/repo/.git/HEAD': 'ref: refs/heads/main\n',
      '/repo/.aiguard/policy.json': JSON.stringify({ version: 1, dictionary: { codenames: ['Bluebird', 'Ray'] } }),
      '/repo/clients/ardoise/.aiguard/policy.json': JSON.stringify({ version: 1, dictionary: { clients: ['Ardoise'], internalHosts: ['*.ardoise.internal'] } }),
      '/repo/clients/ardoise/db.ts': 'const bluebirdClient = connect(process.env.BLUEBIRD_API_URL, "pg.ardoise.internal"); // project_bluebird, Bluebird.Api, array\n',
      '/repo/src/notes.ts': 'const array = [Ardoise]; // getRayTracer\n',
    });
    const redacted = await runCliOn(runCli, ['redact', '/repo/clients/ardoise/db.ts'], files, { cwd: '/repo' });
    assert.equal(redacted.code, ExitCode.ok, redacted.stderr);
    assert.equal(redacted.stdout, 'const [[PROJECT_1]]Client = connect(process.env.[[PROJECT_2]]_API_URL, "[[CLIENT_1]]"); // project_[[PROJECT_1]], [[PROJECT_3]].Api, array\n');
    assert.doesNotMatch(redacted.stdout, /bluebird|ardoise/i);

    const piped = await runCliOn(runCli, ['redact', '-'], files, { cwd: '/repo', stdin: 'RAY_HOST=bluebird-api\n' });
    assert.equal(piped.stdout, '[[PROJECT_1]]_HOST=[[PROJECT_2]]-api\n', 'standard input is governed by the current folder');

    const scanned = await runCliOn(runCli, ['scan', '--json', '/repo/clients/ardoise/db.ts', '/repo/src/notes.ts'], files, { cwd: '/repo' });
    assert.equal(scanned.code, ExitCode.findings, scanned.stderr);
    const report = JSON.parse(scanned.stdout) as { files: Array<{ findings: Array<{ kind: string }> }> };
    assert.deepEqual(
      report.files[0]?.findings.map((finding) => finding.kind),
      ['project-codename', 'project-codename', 'client-name', 'project-codename', 'project-codename'],
    );
    // The client's policy governs its folder only: src/notes.ts keeps the word, but not the code name.
    assert.deepEqual(
      report.files[1]?.findings.map((finding) => finding.kind),
      ['project-codename'],
    );
    assert.doesNotMatch(scanned.stdout.replaceAll('/repo/clients/ardoise/', '') + scanned.stderr, /bluebird|ardoise/i, 'scan names kinds, never values');
  });

  it('redact prints the masked text and counts what it masked', async () => {
    const { io, out } = terminal({ '.env': secretFile });
    assert.equal(await runCli(['redact', '.env'], io), ExitCode.ok);
    assert.equal(out.stdout, 'DB_PASSWORD=[[SECRET_1]]\nmail [[EMAIL_1]]\n');
    assert.match(out.stderr, /masked generic-secret ×1, email ×1/);
  });

  it('redact fails closed: on an error nothing reaches stdout', async () => {
    const { io, out } = terminal({ '.env': secretFile, '/work/.secretlintrc.json': '{ not json' });
    assert.equal(await runCli(['redact', '.env'], io), ExitCode.error);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /\.secretlintrc\.json is not valid JSON/);
    const binary = terminal({ 'a.bin': new Uint8Array([0, 1, 2]) });
    assert.equal(await runCli(['redact', 'a.bin'], binary.io), ExitCode.error);
    assert.equal(binary.out.stdout, '');
  });

  it('honours .secretlintrc.json: the preset can be switched off, and unknown rules are reported', async () => {
    const config = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', disabled: true }, { id: '@acme/secretlint-rule-internal' }] });
    const { io, out } = terminal({ '/work/.secretlintrc.json': config, 'a.txt': 'nothing here' });
    assert.equal(await runCli(['scan', 'a.txt'], io), ExitCode.ok);
    assert.match(out.stderr, /not bundled and were not run: @acme\/secretlint-rule-internal/);
  });

  it('masks IP addresses only with --network', async () => {
    const { io, out } = terminal({}, 'db at 10.0.12.7\n');
    await runCli(['redact', '-'], io);
    assert.equal(out.stdout, 'db at 10.0.12.7\n');
    const network = terminal({}, 'db at 10.0.12.7\n');
    await runCli(['redact', '--network', '-'], network.io);
    assert.equal(network.out.stdout, 'db at [[IPV4_1]]\n');
  });
});
