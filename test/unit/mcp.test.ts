import { strict as assert } from 'node:assert';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { contentHash } from '../../src/core/templates';

const repoRoot = join(__dirname, '..', '..');
const SECRET = 'AKIAQYLPMN5HHHFPZAM2';
const CODENAME = 'Bluebird';
const EMAIL = 'amelie.dufresne@example.fr';

const template = (id: string, body: string) =>
  [
    '---',
    `id: ${id}`,
    `title: ${id}`,
    `description: The ${id} template.`,
    'profile: dev',
    'version: "1.0.0"',
    'inputs: [user-notes, selection?]',
    'output: markdown',
    '---',
    '## System',
    'Keep [[…]] placeholders as they are.',
    '## User',
    body,
    '',
  ].join('\n');
const APPROVED = template('team-notes', 'Notes: {{notes}}\n{{#selection}}Code: {{selection}}{{/selection}}');
const UNAPPROVED = template('team-draft', 'Draft: {{notes}}');

interface Response {
  id: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/** `node dist/cli.js mcp` in a folder, spoken to one JSON line at a time; every line it writes is kept. */
class McpChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  private readonly waiting = new Map<unknown, (response: Response) => void>();
  stderr = '';
  private nextId = 1;

  constructor(cwd: string, args: readonly string[] = []) {
    this.child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'mcp', ...args], { cwd, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      const response = JSON.parse(line) as Response;
      this.waiting.get(response.id)?.(response);
    });
  }

  /** Writes one raw line and waits for the response with `id`. */
  send(line: string, id: unknown): Promise<Response> {
    const answered = new Promise<Response>((resolve) => this.waiting.set(id, resolve));
    this.child.stdin.write(`${line}\n`);
    return answered;
  }

  request(method: string, params?: Record<string, unknown>): Promise<Response> {
    const id = this.nextId++;
    return this.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }), id);
  }

  async initialise(): Promise<Response> {
    const response = await this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } });
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    return response;
  }
}

function workspace(policy: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'aiguard-mcp-'));
  const files: Record<string, string> = {
    '.aiguard/policy.json': JSON.stringify(policy),
    '.aiguard/prompts/team-notes.prompt.md': APPROVED,
    '.aiguard/prompts/team-draft.prompt.md': UNAPPROVED,
    'vault/keys.txt': 'keys\n',
    'src/app.ts': 'export const answer = 42;\n',
  };
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const POLICY = {
  version: 1,
  dictionary: { codenames: [CODENAME] },
  rules: [{ pattern: 'vault/**', level: 'restricted', reason: 'Keys.' }],
  templates: { approved: [{ id: 'team-notes', sha256: contentHash(APPROVED) }], allowUnapproved: false },
};

function textOf(response: Response): string {
  const content = (response.result?.content ?? (response.result?.messages as Array<{ content: unknown }> | undefined)?.map((message) => message.content)) as Array<{ text: string }> | undefined;
  assert.ok(content, JSON.stringify(response));
  return content.map((part) => part.text).join('\n');
}

describe('ai-guard mcp (a stdio MCP server)', function () {
  this.timeout(30_000);
  let root: string;
  let server: McpChild | undefined;

  afterEach(() => {
    server?.child.kill();
    server = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('serves only the approved templates when the policy runs approved templates only', async () => {
    root = workspace(POLICY);
    server = new McpChild(root);
    const init = await server.initialise();
    assert.equal(init.result?.protocolVersion, '2025-06-18');
    assert.deepEqual(init.result?.capabilities, { prompts: { listChanged: false }, tools: { listChanged: false } });
    const listed = (await server.request('prompts/list')).result?.prompts as Array<{ name: string; arguments: Array<{ name: string; required: boolean }> }>;
    const names = listed.map((prompt) => prompt.name);
    assert.ok(names.includes('team-notes'), names.join());
    assert.ok(names.includes('explain-code'), 'the built-ins are approved by the product');
    assert.ok(!names.includes('team-draft'), 'an unapproved template is not served');
    assert.deepEqual(
      listed.find((prompt) => prompt.name === 'team-notes')?.arguments.map(({ name, required }) => [name, required]),
      [
        ['user-notes', true],
        ['selection', false],
      ],
    );
    const refused = await server.request('prompts/get', { name: 'team-draft', arguments: { 'user-notes': 'hello' } });
    assert.equal(refused.error?.code, -32602);
  });

  it('marks unapproved templates when the policy allows them', async () => {
    root = workspace({ ...POLICY, templates: { approved: POLICY.templates.approved, allowUnapproved: true } });
    server = new McpChild(root);
    await server.initialise();
    const listed = (await server.request('prompts/list')).result?.prompts as Array<{ name: string; description: string }>;
    assert.match(listed.find((prompt) => prompt.name === 'team-draft')?.description ?? '', /^\[not approved\] /);
    assert.doesNotMatch(listed.find((prompt) => prompt.name === 'team-notes')?.description ?? '', /not approved/);
  });

  it('returns the prompt redacted: a planted secret and a dictionary name never leave', async () => {
    root = workspace(POLICY);
    server = new McpChild(root);
    await server.initialise();
    const got = await server.request('prompts/get', { name: 'team-notes', arguments: { 'user-notes': `ask ${CODENAME} about it`, selection: `const key = "${SECRET}";` } });
    const text = textOf(got);
    assert.match(text, /Notes: ask \[\[PROJECT_1\]\] about it/);
    assert.match(text, /Code: const key = "\[\[AWS_ACCESS_KEY_ID_1\]\]"/);
    // Nothing the server wrote, on either stream, holds a value.
    for (const written of [...server.lines, server.stderr]) {
      assert.ok(!written.includes(SECRET), written);
      assert.ok(!written.includes(CODENAME), written);
    }
    const missing = await server.request('prompts/get', { name: 'team-notes', arguments: {} });
    assert.equal(missing.error?.code, -32602);
    assert.match(missing.error?.message ?? '', /your notes/);
  });

  it('reads a file argument as run --file does: classified, redacted, refused when restricted or outside', async () => {
    root = workspace(POLICY);
    writeFileSync(join(root, 'src/config.ts'), `export const key = "${SECRET}";\n`);
    symlinkSync(tmpdir(), join(root, 'src/outside'));
    server = new McpChild(root);
    await server.initialise();
    const got = textOf(await server.request('prompts/get', { name: 'explain-code', arguments: { selection: 'key', file: 'src/config.ts' } }));
    assert.match(got, /expert in typescript/);
    assert.ok(!got.includes(SECRET));
    const restricted = await server.request('prompts/get', { name: 'explain-code', arguments: { selection: 'keys', language: 'text', file: 'vault/keys.txt' } });
    assert.equal(restricted.error?.code, -32602);
    assert.match(restricted.error?.message ?? '', /^blocked: .*vault\/keys\.txt/);
    for (const file of ['../outside.ts', 'src/outside/x.ts']) {
      const refused = await server.request('prompts/get', { name: 'explain-code', arguments: { selection: 'x', language: 'text', file } });
      assert.match(refused.error?.message ?? '', /outside the workspace; nothing was read/, file);
    }
  });

  it('answers the tools redact, classify and scan by the policy, never with a value', async () => {
    root = workspace(POLICY);
    server = new McpChild(root);
    await server.initialise();
    const tools = ((await server.request('tools/list')).result?.tools as Array<{ name: string }>).map((tool) => tool.name);
    assert.deepEqual(tools, ['redact', 'classify', 'scan']);

    const redacted = await server.request('tools/call', { name: 'redact', arguments: { text: `${CODENAME} writes to ${EMAIL} with ${SECRET}` } });
    assert.equal(textOf(redacted), '[[PROJECT_1]] writes to [[EMAIL_1]] with [[AWS_ACCESS_KEY_ID_1]]');

    const classified = await server.request('tools/call', { name: 'classify', arguments: { path: 'vault/keys.txt' } });
    const report = JSON.parse(textOf(classified)) as { path: string; level: string; aiAllowed: boolean };
    assert.deepEqual([report.path, report.level, report.aiAllowed], ['vault/keys.txt', 'restricted', false]);
    const outside = await server.request('tools/call', { name: 'classify', arguments: { path: '../../etc/passwd' } });
    assert.equal(outside.error?.code, -32602);

    const scanned = await server.request('tools/call', { name: 'scan', arguments: { text: `mail ${EMAIL} and ${CODENAME}` } });
    const findings = (JSON.parse(textOf(scanned)) as { findings: Array<{ kind: string; start: number }> }).findings;
    assert.deepEqual(
      findings.map(({ kind, start }) => [kind, start]),
      [
        ['email', 5],
        ['project-codename', 36],
      ],
    );
    for (const written of server.lines) {
      assert.ok(!written.includes(SECRET) && !written.includes(EMAIL) && !written.includes(CODENAME), written);
    }
  });

  it('works for the folder it is given, wherever it is started', async () => {
    root = workspace(POLICY);
    server = new McpChild(tmpdir(), [root]);
    await server.initialise();
    const names = ((await server.request('prompts/list')).result?.prompts as Array<{ name: string }>).map((prompt) => prompt.name);
    assert.ok(names.includes('team-notes'), names.join());
    assert.equal(textOf(await server.request('tools/call', { name: 'redact', arguments: { text: CODENAME } })), '[[PROJECT_1]]');
  });

  it('answers malformed input with a JSON-RPC error and keeps serving', async () => {
    root = workspace(POLICY);
    server = new McpChild(root);
    await server.initialise();
    assert.equal((await server.send('{not json', null)).error?.code, -32700);
    server.lines.length = 0;
    assert.equal((await server.send('[1, 2]', null)).error?.code, -32600);
    assert.equal((await server.request('no/such/method')).error?.code, -32601);
    assert.equal((await server.request('tools/call', { name: 'redact', arguments: { text: 42 } })).error?.code, -32602);
    assert.equal((await server.request('tools/call', { name: 'rm', arguments: {} })).error?.code, -32602);
    assert.equal((await server.request('prompts/get', { name: 'team-notes', arguments: { 'user-notes': ['x'] } })).error?.code, -32602);
    assert.equal((await server.send(JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping', params: 'x' }), 99)).error?.code, -32602);
    assert.deepEqual((await server.request('ping')).result, {});
    assert.equal(server.child.exitCode, null, server.stderr);
  });

  it('serves nothing under a policy with errors', async () => {
    root = workspace(POLICY);
    writeFileSync(join(root, '.aiguard/policy.json'), '{ "version": 1, "dictionary": ');
    server = new McpChild(root);
    await server.initialise();
    const listed = await server.request('prompts/list');
    assert.equal(listed.error?.code, -32603);
    assert.match(listed.error?.message ?? '', /policy has errors/);
    const redacted = await server.request('tools/call', { name: 'redact', arguments: { text: 'hello' } });
    assert.equal(redacted.error?.code, -32603);
  });
});
