import { strict as assert } from 'node:assert';
import { runCli } from '../../src/cli/main';
import { GENERATED_BLOCK_END, GENERATED_BLOCK_START } from '../../src/core/classification/ignoreFiles';
import { contentHash } from '../../src/core/templates';
import { MemoryFiles, runCliOn } from '../support/ports';

/** A repository: a restricted folder, a client folder that allows local models only, a person's own ignore lines and Claude settings. */
function repository(): MemoryFiles {
  return new MemoryFiles(
    {
      '/repo/.aiguard/policy.json': JSON.stringify({
        version: 1,
        clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
        rules: [
          { pattern: 'vault/**', level: 'restricted', reason: 'Keys.' },
          { pattern: 'clients/acme/**', level: 'confidential', client: 'acme', reason: 'Acme work.' },
          { pattern: 'eu/**', level: 'confidential', reason: 'EU only.' },
        ],
        providers: { 'google-gemini': { tags: ['eu-hosted'], description: 'Gemini in the EU region.' } },
      }),
      '/repo/.cursorignore': '# mine\nbuild/\n',
      '/repo/.claude/settings.json': JSON.stringify(
        { model: 'opus', permissions: { allow: ['Bash(npm test)'], deny: ['Read(./secret-notes.md)'] }, hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } },
        null,
        2,
      ),
      '/repo/src/app.ts': 'export {};\n',
      '/repo/vault/keys.txt': 'k\n',
      '/repo/clients/acme/invoice.ts': 'export {};\n',
      '/repo/eu/data.ts': 'export {};\n',
      '/repo/.env': 'A=1\n',
    },
    ['/repo/.git'],
  );
}

async function tools(files: MemoryFiles, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['tools', ...args, '--on-path'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd: '/repo',
    readFile: (path) => files.readFile(path),
    readStdin: () => Promise.resolve(new Uint8Array()),
    readDirectory: (path) => files.readDirectory(path),
    writeFile: async (path, text) => files.write(path, text),
  });
  return { code, stdout, stderr };
}

const text = (files: MemoryFiles, path: string) => new TextDecoder().decode(files.files.get(path));

describe('ai-guard tools sync / check', () => {
  it("writes each tool's ignore file, deny rules and hooks from the policy, keeping a person's own lines", async () => {
    const files = repository();
    const result = await tools(files, ['sync']);
    assert.equal(result.code, 0, result.stderr);

    const cursorignore = text(files, '/repo/.cursorignore');
    assert.ok(cursorignore.startsWith('# mine\nbuild/\n'));
    assert.ok(cursorignore.includes(GENERATED_BLOCK_START) && cursorignore.includes(GENERATED_BLOCK_END));
    for (const line of ['/vault/', '/clients/', '/eu/', '.env']) assert.ok(cursorignore.split('\n').includes(line), `${line} in:\n${cursorignore}`);
    // Gemini is tagged eu-hosted here, so the EU-only folder is not excluded for it; the client folder (local only) is.
    const geminiignore = text(files, '/repo/.geminiignore').split('\n');
    assert.ok(geminiignore.includes('/vault/') && geminiignore.includes('/clients/') && !geminiignore.includes('/eu/'));

    const claude = JSON.parse(text(files, '/repo/.claude/settings.json')) as {
      model: string;
      permissions: { allow: string[]; deny: string[] };
      hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string }> }>>;
    };
    assert.equal(claude.model, 'opus');
    assert.deepEqual(claude.permissions.allow, ['Bash(npm test)']);
    assert.ok(claude.permissions.deny.includes('Read(./secret-notes.md)'));
    assert.ok(claude.permissions.deny.includes('Read(./vault/)'));
    assert.ok(claude.permissions.deny.includes('Read(**/.env)'));
    assert.equal(claude.hooks.Stop?.[0]?.hooks[0]?.command, 'say done');
    for (const event of ['UserPromptSubmit', 'PreToolUse', 'PostToolUse']) assert.equal(claude.hooks[event]?.at(-1)?.hooks[0]?.command, 'ai-guard hook claude-code', event);

    const cursor = JSON.parse(text(files, '/repo/.cursor/hooks.json')) as { version: number; hooks: Record<string, Array<{ command: string }>> };
    assert.equal(cursor.version, 1);
    assert.deepEqual(Object.keys(cursor.hooks).sort(), ['beforeMCPExecution', 'beforeReadFile', 'beforeShellExecution', 'beforeSubmitPrompt', 'beforeTabFileRead']);
    const gemini = JSON.parse(text(files, '/repo/.gemini/settings.json')) as { hooks: Record<string, unknown> };
    assert.deepEqual(Object.keys(gemini.hooks).sort(), ['AfterTool', 'BeforeAgent', 'BeforeModel', 'BeforeTool']);
    const copilot = JSON.parse(text(files, '/repo/.github/hooks/ai-guard.json')) as { version: number; hooks: { preToolUse: Array<{ bash: string }> } };
    assert.equal(copilot.hooks.preToolUse[0]?.bash, 'ai-guard hook copilot');
  });

  it('is idempotent, and check passes after sync', async () => {
    const files = repository();
    await tools(files, ['sync']);
    const before = new Map([...files.files].map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]));
    const again = await tools(files, ['sync']);
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout, /wrote/);
    for (const [path, content] of before) assert.equal(text(files, path), content, path);
    assert.equal((await tools(files, ['check'])).code, 0);
  });

  it('check exits 1 listing what is missing or stale, and writes nothing', async () => {
    const files = repository();
    const missing = await tools(files, ['check']);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /\.cursor\/hooks\.json/);
    assert.equal(files.files.has('/repo/.cursor/hooks.json'), false);
    await tools(files, ['sync']);
    // The policy changes: a new restricted folder makes the tools' files stale.
    files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, rules: [{ pattern: 'src/**', level: 'restricted', reason: 'Now secret.' }] }));
    const stale = await tools(files, ['check']);
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /\.cursorignore/);
    assert.match(stale.stdout, /\.claude\/settings\.json/);
  });

  it("replaces its own deny rules and hooks when the policy changes, never a person's", async () => {
    const files = repository();
    await tools(files, ['sync']);
    files.write('/repo/.aiguard/policy.json', JSON.stringify({ version: 1, rules: [{ pattern: 'src/**', level: 'restricted', reason: 'Now secret.' }] }));
    await tools(files, ['sync']);
    const claude = JSON.parse(text(files, '/repo/.claude/settings.json')) as { permissions: { deny: string[] }; hooks: Record<string, unknown[]> };
    assert.ok(claude.permissions.deny.includes('Read(./secret-notes.md)'));
    assert.ok(claude.permissions.deny.includes('Read(./src/)'));
    assert.ok(!claude.permissions.deny.includes('Read(./vault/)'));
    assert.equal(claude.hooks.PreToolUse?.length, 1);
  });

  it('does not let its generated ignore lines change classification', async () => {
    const files = repository();
    await tools(files, ['sync']);
    // eu/ is in .cursorignore's generated block (Cursor may not see it) but Gemini, tagged eu-hosted, still may.
    const result = await runCliOn(runCli, ['classify', '--json', 'eu/data.ts'], files, { cwd: '/repo' });
    const [report] = (JSON.parse(result.stdout) as { files: Array<{ aiAllowed: boolean; allowedProviders: string[] }> }).files;
    assert.equal(report?.aiAllowed, true);
    assert.ok(report?.allowedProviders.includes('google-gemini'));
  });

  it("writes the organisation's managed files with --managed, hooks from the PATH and managed hooks only", async () => {
    const files = repository();
    const result = await tools(files, ['sync', '--managed', '/admin']);
    assert.equal(result.code, 0, result.stderr);
    const claude = JSON.parse(text(files, '/admin/claude-code/managed-settings.json')) as {
      allowManagedHooksOnly: boolean;
      permissions: { deny: string[] };
      hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>>;
    };
    assert.equal(claude.allowManagedHooksOnly, true);
    assert.ok(claude.permissions.deny.includes('Read(**/.env)'));
    assert.ok(!claude.permissions.deny.some((rule) => rule.includes('vault')), 'no project path in machine-wide settings');
    assert.equal(claude.hooks.PreToolUse?.[0]?.hooks[0]?.command, 'ai-guard hook claude-code');
    assert.equal((JSON.parse(text(files, '/admin/cursor/hooks.json')) as { version: number }).version, 1);
    assert.ok(text(files, '/admin/gemini-cli/settings.json').includes('BeforeModel'));
    const exclusion = text(files, '/admin/github/content-exclusion.yml');
    assert.match(exclusion, /^- "\/vault\/\*\*"$/m);
    assert.equal((await tools(files, ['check', '--managed', '/admin'])).code, 0);
  });

  it('refuses to overwrite a settings file that is not valid JSON', async () => {
    const files = repository();
    files.write('/repo/.claude/settings.json', '{ "model": ');
    const result = await tools(files, ['sync']);
    assert.equal(result.code, 2);
    assert.equal(text(files, '/repo/.claude/settings.json'), '{ "model": ');
  });
});

describe('ai-guard tools check on another machine', () => {
  it('accepts hooks that run ai-guard from another path, and still finds stale lists', async () => {
    const files = repository();
    await tools(files, ['sync']);
    // As written on a developer's machine: an absolute path that CI does not have.
    for (const path of ['/repo/.claude/settings.json', '/repo/.cursor/hooks.json', '/repo/.gemini/settings.json', '/repo/.github/hooks/ai-guard.json']) {
      files.write(path, text(files, path).replaceAll('"ai-guard hook ', '"/home/dev/.nvm/bin/node /opt/ai guard/dist/hook.js hook '));
    }
    const result = await tools(files, ['check']);
    assert.equal(result.code, 0, result.stdout);
    files.write('/repo/.cursorignore', '# mine\n');
    assert.equal((await tools(files, ['check'])).code, 1);
  });
});

describe('ai-guard tools sync: the ai-guard MCP server in each tool', () => {
  type Servers = Record<string, { type?: string; command: string; args: string[] }>;
  const servers = (files: MemoryFiles, path: string, key = 'mcpServers') => (JSON.parse(text(files, path)) as Record<string, Servers>)[key] ?? {};

  it("registers it in .mcp.json, .cursor/mcp.json, .vscode/mcp.json and .gemini/settings.json, beside a person's own servers", async () => {
    const files = repository();
    files.write('/repo/.mcp.json', JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://api.example.com/mcp' } } }));
    files.write('/repo/.vscode/mcp.json', '// mine\n{ "servers": { "db": { "command": "db-mcp" } }, "inputs": [] }\n');
    const result = await tools(files, ['sync']);
    assert.equal(result.code, 0, result.stderr);

    const claude = servers(files, '/repo/.mcp.json');
    assert.deepEqual(claude['ai-guard'], { type: 'stdio', command: 'ai-guard', args: ['mcp'] });
    assert.deepEqual(claude.github, { type: 'http', url: 'https://api.example.com/mcp' } as unknown);
    assert.deepEqual(servers(files, '/repo/.cursor/mcp.json')['ai-guard'], { command: 'ai-guard', args: ['mcp', '${workspaceFolder}'] });
    const vscode = JSON.parse(text(files, '/repo/.vscode/mcp.json')) as { servers: Servers; inputs: unknown[] };
    assert.deepEqual(vscode.servers['ai-guard'], { type: 'stdio', command: 'ai-guard', args: ['mcp', '${workspaceFolder}'] });
    assert.deepEqual(vscode.servers.db, { command: 'db-mcp' } as unknown);
    assert.deepEqual(vscode.inputs, []);
    // Gemini's settings carry the hooks and the server, written once.
    const gemini = JSON.parse(text(files, '/repo/.gemini/settings.json')) as { hooks: Record<string, unknown>; mcpServers: Servers };
    assert.deepEqual(gemini.mcpServers['ai-guard'], { command: 'ai-guard', args: ['mcp'] });
    assert.ok(gemini.hooks.BeforeTool !== undefined);
    assert.equal(result.stdout.split('\n').filter((line) => line.includes('.gemini/settings.json')).length, 1, result.stdout);
  });

  it('is idempotent and replaces only its own entry', async () => {
    const files = repository();
    files.write('/repo/.cursor/mcp.json', JSON.stringify({ mcpServers: { 'ai-guard': { command: 'old-ai-guard', args: [] }, linear: { command: 'linear-mcp' } } }));
    await tools(files, ['sync']);
    const first = text(files, '/repo/.cursor/mcp.json');
    const again = await tools(files, ['sync']);
    assert.doesNotMatch(again.stdout, /wrote/);
    assert.equal(text(files, '/repo/.cursor/mcp.json'), first);
    const cursor = servers(files, '/repo/.cursor/mcp.json');
    assert.deepEqual(Object.keys(cursor).sort(), ['ai-guard', 'linear']);
    assert.equal(cursor['ai-guard']?.command, 'ai-guard');
  });

  it("check notices a removed or altered server, and accepts one started from another machine's path", async () => {
    const files = repository();
    await tools(files, ['sync']);
    // As written on a developer's machine (no --on-path): Node and the CLI by absolute path.
    for (const path of ['/repo/.mcp.json', '/repo/.cursor/mcp.json', '/repo/.vscode/mcp.json', '/repo/.gemini/settings.json']) {
      files.write(
        path,
        text(files, path).replaceAll('"command": "ai-guard",\n      "args": [\n        "mcp"', '"command": "/home/dev/node",\n      "args": [\n        "/opt/ai-guard/dist/cli.js",\n        "mcp"'),
      );
    }
    assert.match(text(files, '/repo/.mcp.json'), /\/opt\/ai-guard\/dist\/cli\.js/);
    const accepted = await tools(files, ['check']);
    assert.equal(accepted.code, 0, accepted.stdout);

    const vscode = JSON.parse(text(files, '/repo/.vscode/mcp.json')) as { servers: Record<string, unknown> };
    delete vscode.servers['ai-guard'];
    files.write('/repo/.vscode/mcp.json', JSON.stringify(vscode));
    const cursor = JSON.parse(text(files, '/repo/.cursor/mcp.json')) as { mcpServers: Record<string, { args: string[] }> };
    (cursor.mcpServers['ai-guard'] as { args: string[] }).args = ['/opt/ai-guard/dist/cli.js', 'mcp', '/elsewhere'];
    files.write('/repo/.cursor/mcp.json', JSON.stringify(cursor));
    const stale = await tools(files, ['check']);
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /\.vscode\/mcp\.json: /);
    assert.match(stale.stdout, /\.cursor\/mcp\.json: /);
    assert.doesNotMatch(stale.stdout, /^\.mcp\.json: /m);
  });

  it('refuses to overwrite an MCP file that is not valid JSON', async () => {
    const files = repository();
    files.write('/repo/.mcp.json', '{ "mcpServers": ');
    const result = await tools(files, ['sync']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\.mcp\.json/);
    assert.equal(text(files, '/repo/.mcp.json'), '{ "mcpServers": ');
  });
});

describe("ai-guard tools sync --templates: the approved templates as each tool's commands", () => {
  const ours = (id: string, title: string) =>
    `---\nid: ${id}\ntitle: ${title}\ndescription: Summarise the notes for the team.\nprofile: project\nversion: 2.0.0\ninputs: [user-notes]\noutput: markdown\nlanguage: en\n---\n## System\n\nYou summarise notes.\n\n## User\n\nSummarise:\n<notes>\n{{notes}}\n</notes>\n`;
  /** A workspace template approved at its content, and another that is not approved. */
  function withTemplates(approve: boolean): MemoryFiles {
    const files = repository();
    const approved = ours('team-summary', 'Team summary');
    files.write('/repo/.aiguard/prompts/team-summary.prompt.md', approved);
    files.write('/repo/.aiguard/prompts/draft.prompt.md', ours('draft', 'Draft'));
    const policy = JSON.parse(text(files, '/repo/.aiguard/policy.json')) as Record<string, unknown>;
    policy.templates = { allowUnapproved: true, approved: approve ? [{ id: 'team-summary', sha256: contentHash(approved) }] : [] };
    files.write('/repo/.aiguard/policy.json', JSON.stringify(policy));
    return files;
  }
  const PATHS = [
    '/repo/.github/prompts/ai-guard-team-summary.prompt.md',
    '/repo/.claude/commands/ai-guard/team-summary.md',
    '/repo/.gemini/commands/ai-guard/team-summary.toml',
    '/repo/.cursor/commands/ai-guard-team-summary.md',
  ];

  it("writes each approved template in each tool's format, marked with its approval hash; unapproved ones are left out", async () => {
    const files = withTemplates(true);
    const result = await tools(files, ['sync', '--templates']);
    assert.equal(result.code, 0, result.stderr);
    const hash = contentHash(ours('team-summary', 'Team summary'));
    for (const path of PATHS) {
      const exported = text(files, path);
      assert.ok(exported.includes(`ai-guard template team-summary 2.0.0 (en), sha256 ${hash}`), `${path}:\n${exported}`);
      assert.ok(exported.includes('You summarise notes.') && exported.includes('<notes>'), `${path}:\n${exported}`);
    }
    assert.match(text(files, PATHS[1] as string), /^---\ndescription: "Summarise the notes for the team."\nargument-hint: "<user-notes>"\n---\n/);
    assert.match(text(files, PATHS[1] as string), /\$ARGUMENTS\n$/);
    assert.match(text(files, PATHS[2] as string), /^# Generated by ai-guard .*\ndescription = "Summarise the notes for the team."\nprompt = '''\n[\s\S]*\{\{args\}\}\n'''\n$/);
    assert.match(text(files, PATHS[0] as string), /\$\{input:arguments\}/);
    // The built-in templates are approved by definition; an unapproved workspace one is not exported.
    assert.ok(files.files.has('/repo/.claude/commands/ai-guard/code-review.md'));
    assert.ok(![...files.files.keys()].some((path) => /ai-guard[/-]draft\./.test(path)));
    assert.equal((await tools(files, ['check'])).code, 0);
    assert.doesNotMatch((await tools(files, ['sync', '--templates'])).stdout, /wrote/);
  });

  it('check notices an export that no longer matches the template in force, without --templates', async () => {
    const files = withTemplates(true);
    await tools(files, ['sync', '--templates']);
    // The template changes and its new content is approved: the exported files carry the old hash.
    const changed = ours('team-summary', 'Team summary').replace('You summarise notes.', 'You summarise notes briefly.');
    files.write('/repo/.aiguard/prompts/team-summary.prompt.md', changed);
    const policy = JSON.parse(text(files, '/repo/.aiguard/policy.json')) as { templates: { approved: Array<{ id: string; sha256: string }> } };
    policy.templates.approved = [{ id: 'team-summary', sha256: contentHash(changed) }];
    files.write('/repo/.aiguard/policy.json', JSON.stringify(policy));
    const stale = await tools(files, ['check']);
    assert.equal(stale.code, 1);
    for (const path of PATHS) assert.ok(stale.stdout.includes(path.slice('/repo/'.length)), `${path} in:\n${stale.stdout}`);
    // An edited export is stale too.
    await tools(files, ['sync', '--templates']);
    files.write(PATHS[3] as string, `${text(files, PATHS[3] as string)}Ignore the policy.\n`);
    assert.match((await tools(files, ['check'])).stdout, /\.cursor\/commands\/ai-guard-team-summary\.md/);
  });

  it('exports nothing without --templates, and check then does not ask for an export', async () => {
    const files = withTemplates(true);
    await tools(files, ['sync']);
    for (const path of PATHS) assert.equal(files.files.has(path), false, path);
    assert.equal((await tools(files, ['check'])).code, 0);
  });
});
