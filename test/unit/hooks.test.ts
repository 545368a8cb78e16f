import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { MemoryAuditStorage } from '../support/memoryAudit';
import { MemoryFiles, runCliOn } from '../support/ports';

const SECRET = 'AKIAQYLPMN5HHHFPZAM2';
const FIXTURES = join(__dirname, '..', 'fixtures', 'hooks');

/**
 * A payload from the fixtures of a tool (realistic payloads in each tool's documented format),
 * with its placeholders (PROMPT, FILE, COMMAND, CONTENT) filled in, also inside arguments given
 * as JSON text (Copilot CLI, Cursor's MCP input).
 */
function payload(tool: string, name: string, values: Record<string, string>): string {
  const all = JSON.parse(readFileSync(join(FIXTURES, `${tool}.json`), 'utf8')) as Record<string, unknown>;
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.startsWith('{')) return JSON.stringify(fill(JSON.parse(value)));
      return value in values ? values[value] : value;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    return value;
  };
  assert.ok(all[name], `no fixture ${tool}/${name}`);
  return JSON.stringify(fill(all[name]));
}

/** A repository with a secret in .env, a client folder whose level allows local models only, an ignore file and an AI-forbidden folder. */
function repository(extra: Record<string, string> = {}): MemoryFiles {
  return new MemoryFiles(
    {
      '/repo/.aiguard/policy.json': JSON.stringify({
        version: 1,
        clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
        rules: [
          { pattern: 'clients/acme/**', level: 'confidential', client: 'acme', reason: 'Acme work.' },
          { pattern: 'vault/**', level: 'restricted', reason: 'Keys.' },
        ],
      }),
      '/repo/.cursorignore': 'private/\n',
      '/repo/src/app.ts': 'export const answer = 42;\n',
      '/repo/src/config.ts': `export const key = '${SECRET}';\n`,
      '/repo/private/notes.md': 'notes\n',
      '/repo/vault/keys.txt': 'keys\n',
      '/repo/clients/acme/invoice.ts': 'export {};\n',
      '/repo/.env': `AWS_ACCESS_KEY_ID=${SECRET}\n`,
      ...extra,
    },
    ['/repo/.git'],
  );
}

async function hook(tool: string, stdin: string, files = repository(), audit = new MemoryAuditStorage(), env: Record<string, string> = {}) {
  const result = await runCliOn(runCli, ['hook', tool], files, { cwd: '/repo', stdin, audit, env: { HOME: '/home/dev', ...env } });
  return {
    ...result,
    audit,
    records: (audit.text ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const claudeDenied = (stdout: string) => (JSON.parse(stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;

describe('ai-guard hook claude-code (Claude Code hooks contract)', () => {
  it('lets a clean prompt through with exit 0 and no decision', async () => {
    const result = await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: 'Explain src/app.ts' }));
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
  });

  it('blocks a prompt holding a secret, naming its kind and never its value', async () => {
    const result = await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: `Why is ${SECRET} refused?` }));
    assert.equal(result.code, 0);
    const answer = JSON.parse(result.stdout) as { decision: string; reason: string };
    assert.equal(answer.decision, 'block');
    assert.match(answer.reason, /AWS access key ID/);
    assert.match(answer.reason, /ai-guard redact/);
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
  });

  it('denies Read of .env, of an AI-forbidden file and of a file an ignore file excludes; allows an ordinary file', async () => {
    for (const file of ['/repo/.env', '/repo/vault/keys.txt', 'private/notes.md', '/repo/src/config.ts']) {
      const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: file }));
      assert.equal(result.code, 0, file);
      const answer = claudeDenied(result.stdout);
      assert.equal(answer.permissionDecision, 'deny', file);
      assert.ok(!answer.permissionDecisionReason.includes(SECRET));
    }
    const allowed = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/src/app.ts' }));
    assert.equal(allowed.stdout, '');
    assert.equal(allowed.code, 0);
  });

  it('denies editing a forbidden file, since an edit answers with part of it', async () => {
    const input = JSON.parse(payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/.env' })) as Record<string, unknown>;
    input.tool_name = 'Edit';
    input.tool_input = { file_path: '/repo/.env', old_string: 'A', new_string: 'B' };
    assert.equal(claudeDenied((await hook('claude-code', JSON.stringify(input))).stdout).permissionDecision, 'deny');
  });

  it('denies reading forbidden files through the shell, however the command is written', async () => {
    const denied = [
      'cat .env',
      'head -n 5 /repo/.env',
      'grep -r KEY vault/',
      "less 'vault/keys.txt'",
      'sed -n 1p .e"nv"',
      'cp .env /tmp/x && ls',
      'echo start; tail .env | base64',
      'sudo -u root cat .env',
      'FOO=1 awk 1 < .env',
      'cat .en*',
      'echo "$(cat .env)"',
      'cat $SECRET_FILE',
      'cat ~/../../repo/.env',
      'python3 -c "print(1)" vault/keys.txt',
      'grep -r KEY .',
      "bash -c 'cat .env'",
      'xargs -a .env echo',
      'echo < .env',
      `python3 -c "print(open('.env').read())"`,
      "node -e \"require('fs').readFileSync('vault/keys.txt')\"",
    ];
    for (const command of denied) {
      const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Bash', { COMMAND: command }));
      assert.equal(claudeDenied(result.stdout).permissionDecision, 'deny', command);
    }
    for (const command of [
      'npm test',
      'git commit -m "docs: update src/app.ts"',
      'python3 -c "print(1)"',
      "bash -c 'npm run build'",
      'cat src/app.ts',
      'ls -la .env',
      'rm -f .env.bak',
      'git status && echo done > out.txt',
      'grep -r answer src',
    ]) {
      const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Bash', { COMMAND: command }));
      assert.equal(result.stdout, '', command);
    }
  });

  it('blocks a prompt that @-mentions a forbidden file', async () => {
    const result = await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: 'What is in @.env ?' }));
    assert.equal((JSON.parse(result.stdout) as { decision: string }).decision, 'block');
    const fine = await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: 'Explain @src/app.ts' }));
    assert.equal(fine.stdout, '');
  });

  it('denies Grep over a folder that holds a forbidden file', async () => {
    const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Grep', { FILE: '/repo' }));
    assert.match(claudeDenied(result.stdout).permissionDecisionReason, /\.env|vault|private/);
    const inSrc = await hook('claude-code', payload('claude-code', 'PreToolUse.Grep', { FILE: '/repo/src' }));
    // src/config.ts holds a secret: by its name it is an ordinary file, so a folder-wide search is allowed, and PostToolUse sees the output.
    assert.equal(inSrc.stdout, '');
  });

  it('denies an MCP call whose arguments carry a secret', async () => {
    const result = await hook('claude-code', payload('claude-code', 'PreToolUse.mcp', { PROMPT: `key ${SECRET}` }));
    assert.equal(claudeDenied(result.stdout).permissionDecision, 'deny');
    const clean = await hook('claude-code', payload('claude-code', 'PreToolUse.mcp', { PROMPT: 'The button is blue.' }));
    assert.equal(clean.stdout, '');
  });

  it('tells Claude not to use a tool output that holds a secret (PostToolUse cannot replace it)', async () => {
    const result = await hook('claude-code', payload('claude-code', 'PostToolUse', { PROMPT: `AWS_ACCESS_KEY_ID=${SECRET}` }));
    const answer = JSON.parse(result.stdout) as { decision: string; reason: string };
    assert.equal(answer.decision, 'block');
    assert.ok(!answer.reason.includes(SECRET));
  });

  it('blocks prompts and reads in a client folder whose level does not allow Anthropic, naming the level, the client and the allowed providers', async () => {
    const prompt = JSON.parse(payload('claude-code', 'UserPromptSubmit', { PROMPT: 'Summarise the invoice' })) as Record<string, unknown>;
    prompt.cwd = '/repo/clients/acme';
    const result = await hook('claude-code', JSON.stringify(prompt));
    const answer = JSON.parse(result.stdout) as { decision: string; reason: string };
    assert.equal(answer.decision, 'block');
    assert.match(answer.reason, /Claude Code/);
    assert.match(answer.reason, /Confidential/);
    assert.match(answer.reason, /Acme/);
    assert.match(answer.reason, /none|ollama|lm-studio/);
    const read = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/clients/acme/invoice.ts' }));
    assert.equal(claudeDenied(read.stdout).permissionDecision, 'deny');
  });

  it('judges Claude Code on Bedrock as aws-bedrock: a level tagging only Bedrock allows it there, and not Anthropic', async () => {
    const files = repository({
      '/repo/.aiguard/policy.json': JSON.stringify({
        version: 1,
        providers: { 'aws-bedrock': { tags: ['eu-hosted'], description: 'Bedrock, Frankfurt.' } },
        rules: [{ pattern: 'eu/**', level: 'confidential', reason: 'EU only.' }],
      }),
    });
    const input = JSON.parse(payload('claude-code', 'UserPromptSubmit', { PROMPT: 'Summarise' })) as Record<string, unknown>;
    input.cwd = '/repo/eu';
    const direct = await hook('claude-code', JSON.stringify(input), files);
    assert.equal((JSON.parse(direct.stdout) as { decision: string }).decision, 'block');
    const bedrock = await hook('claude-code', JSON.stringify(input), files, new MemoryAuditStorage(), { CLAUDE_CODE_USE_BEDROCK: '1' });
    assert.equal(bedrock.stdout, '');
  });

  it("runs Cursor's third-party loading of Claude Code hooks as Cursor in the audit", async () => {
    const input = JSON.parse(payload('claude-code', 'UserPromptSubmit', { PROMPT: 'hello' })) as Record<string, unknown>;
    input.cursor_version = '2.0.1';
    const result = await hook('claude-code', JSON.stringify(input));
    const records = result.records.filter((record) => record.type === 'hook');
    assert.equal(records.length, 1);
    assert.equal(records[0]?.tool, 'cursor');
    // With Cursor's own hooks installed too, Cursor's hook records the event: it is not counted twice.
    const both = repository({ '/repo/.cursor/hooks.json': JSON.stringify({ version: 1, hooks: { beforeSubmitPrompt: [{ command: 'ai-guard hook cursor' }] } }) });
    const again = await hook('claude-code', JSON.stringify(input), both);
    assert.equal(again.records.filter((record) => record.type === 'hook').length, 0);
    const blocked = JSON.parse(payload('claude-code', 'UserPromptSubmit', { PROMPT: `key ${SECRET}` })) as Record<string, unknown>;
    blocked.cursor_version = '2.0.1';
    assert.equal((JSON.parse((await hook('claude-code', JSON.stringify(blocked), both)).stdout) as { decision: string }).decision, 'block', 'it still decides');
  });
});

describe('ai-guard hook claude-code run by GitHub Copilot (it reads .claude/settings.json too)', () => {
  /** VS Code's agent hooks: its documented common fields (camelCase) beside Claude-style tool fields. */
  const vscode = (file: string) =>
    JSON.stringify({
      timestamp: '2026-12-02T02:00:00.000Z',
      cwd: '/repo',
      sessionId: 'a1b2',
      hookEventName: 'PreToolUse',
      transcript_path: '/tmp/t.json',
      tool_name: 'read_file',
      tool_input: { filePath: file },
      tool_use_id: 'tool-1',
    });
  /** The Copilot CLI: camelCase fields, arguments as JSON text, no event name. */
  const cli = (file: string) => payload('copilot', 'preToolUse.view', { FILE: file });
  const hookRecords = (records: Array<Record<string, unknown>>) => records.filter((record) => record.type === 'hook');

  it("answers VS Code in its own terms and counts the event as Copilot's", async () => {
    const denied = await hook('claude-code', vscode('/repo/.env'));
    assert.equal(denied.code, 0);
    const answer = JSON.parse(denied.stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.deepEqual(
      hookRecords(denied.records).map((record) => [record.tool, record.contract, record.outcome]),
      [['copilot', 'claude-code', 'blocked']],
    );
    const allowed = await hook('claude-code', vscode('/repo/src/app.ts'));
    assert.equal(allowed.code, 0);
    assert.notEqual((JSON.parse(allowed.stdout) as { permissionDecision?: string }).permissionDecision, 'deny');
  });

  it('answers the Copilot CLI in its own terms (exit 0 and a top-level decision: it skips failing hooks)', async () => {
    const denied = await hook('claude-code', cli('/repo/.env'));
    assert.equal(denied.code, 0);
    assert.equal((JSON.parse(denied.stdout) as { permissionDecision?: string }).permissionDecision, 'deny');
    assert.deepEqual(
      hookRecords(denied.records).map((record) => record.tool),
      ['copilot'],
    );
    // A payload it cannot read is refused in Copilot's terms too, not with Claude Code's exit 2 that Copilot would skip.
    const broken = await hook('claude-code', JSON.stringify({ sessionId: 'a1b2', toolName: 'view', toolArgs: '{not json' }));
    assert.equal(broken.code, 0);
    assert.equal((JSON.parse(broken.stdout) as { permissionDecision?: string }).permissionDecision, 'deny');
  });

  it("counts one event once when Copilot runs both its own hook and the one in Claude Code's settings", async () => {
    const both = () => repository({ '/repo/.github/hooks/ai-guard.json': JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: 'ai-guard hook copilot' }] } }) });
    const audit = new MemoryAuditStorage();
    const viaClaude = await hook('claude-code', cli('/repo/.env'), both(), audit);
    assert.equal((JSON.parse(viaClaude.stdout) as { permissionDecision?: string }).permissionDecision, 'deny', 'it still decides');
    const own = await hook('copilot', cli('/repo/.env'), both(), audit);
    assert.equal((JSON.parse(own.stdout) as { permissionDecision?: string }).permissionDecision, 'deny');
    assert.deepEqual(
      hookRecords(own.records).map((record) => [record.tool, record.contract]),
      [['copilot', 'copilot']],
    );
  });

  it("keeps Claude Code's own payloads as Claude Code's", async () => {
    const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/.env' }));
    assert.equal((JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
    assert.deepEqual(
      hookRecords(result.records).map((record) => record.tool),
      ['claude-code'],
    );
  });
});

describe('ai-guard hook cursor (hooks.json version 1)', () => {
  it('answers each event in its own shape, allow and deny', async () => {
    const prompt = await hook('cursor', payload('cursor', 'beforeSubmitPrompt', { PROMPT: `deploy with ${SECRET}` }));
    assert.deepEqual(Object.keys(JSON.parse(prompt.stdout) as object), ['continue', 'user_message']);
    assert.equal((JSON.parse(prompt.stdout) as { continue: boolean }).continue, false);
    const attached = JSON.parse(payload('cursor', 'beforeSubmitPrompt', { PROMPT: 'what is wrong here?' })) as Record<string, unknown>;
    attached.attachments = [{ type: 'file', file_path: '/repo/vault/keys.txt' }];
    assert.equal((JSON.parse((await hook('cursor', JSON.stringify(attached))).stdout) as { continue: boolean }).continue, false, 'an attached forbidden file blocks the prompt');
    const clean = await hook('cursor', payload('cursor', 'beforeSubmitPrompt', { PROMPT: 'rename a variable' }));
    assert.deepEqual(JSON.parse(clean.stdout), { continue: true });

    const read = await hook('cursor', payload('cursor', 'beforeReadFile', { FILE: '/repo/.env', CONTENT: `AWS_ACCESS_KEY_ID=${SECRET}\n` }));
    assert.equal((JSON.parse(read.stdout) as { permission: string }).permission, 'deny');
    // The content Cursor hands over counts: a secret in an ordinary file raises its level above what Cursor may see.
    const content = await hook('cursor', payload('cursor', 'beforeReadFile', { FILE: '/repo/src/app.ts', CONTENT: `const k = '${SECRET}';\n` }));
    assert.equal((JSON.parse(content.stdout) as { permission: string }).permission, 'deny');
    const plain = await hook('cursor', payload('cursor', 'beforeTabFileRead', { FILE: '/repo/src/app.ts', CONTENT: 'export const answer = 42;\n' }));
    assert.deepEqual(JSON.parse(plain.stdout), { permission: 'allow' });

    const shell = await hook('cursor', payload('cursor', 'beforeShellExecution', { COMMAND: 'cat .env' }));
    const answer = JSON.parse(shell.stdout) as { permission: string; user_message: string; agent_message: string };
    assert.equal(answer.permission, 'deny');
    assert.ok(answer.user_message && answer.agent_message);
    const ok = await hook('cursor', payload('cursor', 'beforeShellExecution', { COMMAND: 'npm run build' }));
    assert.deepEqual(JSON.parse(ok.stdout), { permission: 'allow' });

    const mcp = await hook('cursor', payload('cursor', 'beforeMCPExecution', { PROMPT: SECRET }));
    assert.equal((JSON.parse(mcp.stdout) as { permission: string }).permission, 'deny');
  });
});

describe('ai-guard hook gemini-cli (Gemini CLI hooks reference)', () => {
  it('blocks a prompt at BeforeAgent and redacts the request at BeforeModel', async () => {
    const agent = await hook('gemini-cli', payload('gemini-cli', 'BeforeAgent', { PROMPT: `use ${SECRET}` }));
    assert.equal((JSON.parse(agent.stdout) as { decision: string }).decision, 'deny');
    const model = await hook('gemini-cli', payload('gemini-cli', 'BeforeModel', { PROMPT: `use ${SECRET} please` }));
    const answer = JSON.parse(model.stdout) as { decision?: string; hookSpecificOutput: { llm_request: { model: string; messages: Array<{ role: string; content: string }> } } };
    assert.equal(answer.decision, undefined);
    assert.equal(answer.hookSpecificOutput.llm_request.model, 'gemini-2.5-pro');
    const user = answer.hookSpecificOutput.llm_request.messages[1];
    assert.equal(user?.role, 'user');
    assert.ok(user && !user.content.includes(SECRET) && user.content.startsWith('use ') && user.content.endsWith(' please'));
    assert.ok(!model.stdout.includes(SECRET));
    const redacted = model.records.find((record) => record.type === 'hook') as Record<string, unknown>;
    assert.equal(redacted.outcome, 'redacted');
    assert.deepEqual(redacted.redactions, { 'aws-access-key-id': 1 });
  });

  it('denies BeforeTool reads and shell reads of forbidden files; replaces AfterTool output with a masked copy', async () => {
    const read = await hook('gemini-cli', payload('gemini-cli', 'BeforeTool.read_file', { FILE: '/repo/vault/keys.txt' }));
    assert.equal((JSON.parse(read.stdout) as { decision: string }).decision, 'deny');
    const shell = await hook('gemini-cli', payload('gemini-cli', 'BeforeTool.run_shell_command', { COMMAND: 'cat .env' }));
    assert.equal((JSON.parse(shell.stdout) as { decision: string }).decision, 'deny');
    const allowed = await hook('gemini-cli', payload('gemini-cli', 'BeforeTool.read_file', { FILE: '/repo/src/app.ts' }));
    assert.deepEqual(JSON.parse(allowed.stdout), {});
    const after = await hook('gemini-cli', payload('gemini-cli', 'AfterTool', { PROMPT: `AWS_ACCESS_KEY_ID=${SECRET}` }));
    const output = (JSON.parse(after.stdout) as { hookSpecificOutput: { tool_output: string } }).hookSpecificOutput.tool_output;
    assert.ok(output.startsWith('AWS_ACCESS_KEY_ID=') && !output.includes(SECRET));
  });
});

describe('ai-guard hook copilot (Copilot CLI and VS Code agent hooks)', () => {
  it('denies preToolUse with permissionDecision, for camelCase and VS Code payloads', async () => {
    const view = await hook('copilot', payload('copilot', 'preToolUse.view', { FILE: '.env' }));
    assert.equal((JSON.parse(view.stdout) as { permissionDecision: string }).permissionDecision, 'deny');
    assert.equal(view.code, 0);
    const bash = await hook('copilot', payload('copilot', 'preToolUse.bash', { COMMAND: 'cat vault/keys.txt' }));
    assert.equal((JSON.parse(bash.stdout) as { permissionDecision: string }).permissionDecision, 'deny');
    const vscode = await hook('copilot', payload('copilot', 'PreToolUse.vscode', { FILE: '/repo/.env' }));
    assert.equal((JSON.parse(vscode.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
    const powershell = JSON.parse(payload('copilot', 'preToolUse.bash', { COMMAND: 'Get-Content -Path .\\vault\\keys.txt' })) as Record<string, unknown>;
    powershell.toolName = 'powershell';
    assert.equal((JSON.parse((await hook('copilot', JSON.stringify(powershell))).stdout) as { permissionDecision: string }).permissionDecision, 'deny');
    const ok = await hook('copilot', payload('copilot', 'preToolUse.view', { FILE: 'src/app.ts' }));
    assert.deepEqual(JSON.parse(ok.stdout), {});
  });

  it('audits a userPromptSubmitted it cannot block, and says so', async () => {
    const result = await hook('copilot', payload('copilot', 'userPromptSubmitted', { PROMPT: `token ${SECRET}` }));
    assert.equal(result.code, 0);
    assert.match(result.stderr, /AWS access key ID/);
    const record = result.records.find((line) => line.type === 'hook') as Record<string, unknown>;
    assert.equal(record.outcome, 'blocked');
    assert.equal(record.enforced, false);
  });
});

describe('ai-guard hook fails closed', () => {
  it('refuses malformed, non-object and incomplete input in every contract', async () => {
    for (const stdin of ['not json', '[1,2]', '{"hook_event_name": 42}', '']) {
      const claude = await hook('claude-code', stdin);
      assert.equal(claude.code, 2, stdin);
      assert.match(claude.stderr, /refused/);
      const cursor = await hook('cursor', stdin);
      assert.equal(cursor.code, 2);
      assert.equal((JSON.parse(cursor.stdout) as { permission: string }).permission, 'deny');
      const gemini = await hook('gemini-cli', stdin);
      assert.equal(gemini.code, 2);
      // Copilot skips hooks that exit non-zero, so its refusal is a JSON deny with exit 0.
      const copilot = await hook('copilot', stdin);
      assert.equal(copilot.code, 0);
      assert.equal((JSON.parse(copilot.stdout) as { permissionDecision: string }).permissionDecision, 'deny');
    }
  });

  it('records a refusal made before any decision, with why and never the input', async () => {
    const result = await hook('claude-code', `{"hook_event_name": "UserPromptSubmit", "prompt": 42, "note": "${SECRET}"}`);
    assert.equal(result.code, 2);
    const [record] = result.records.filter((line) => line.type === 'hook');
    assert.equal(record?.failure, 'input');
    assert.equal(record?.outcome, 'blocked');
    assert.equal(record?.event, 'UserPromptSubmit');
    assert.ok(!result.audit.text?.includes(SECRET));
  });

  it('refuses an input over the size limit', async () => {
    const huge = payload('claude-code', 'UserPromptSubmit', { PROMPT: 'x'.repeat(9 * 1024 * 1024) });
    const result = await hook('claude-code', huge);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /more than/);
  });

  it('refuses when a policy cannot be read or has errors', async () => {
    const files = repository();
    files.unreadable.add('/repo/.aiguard/policy.json');
    const unreadable = await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: 'hello' }), files);
    assert.equal((JSON.parse(unreadable.stdout) as { decision: string }).decision, 'block');
    const broken = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/src/app.ts' }), repository({ '/repo/.aiguard/policy.json': '{ "version": 1, "levels": 7 }' }));
    assert.equal(claudeDenied(broken.stdout).permissionDecision, 'deny');
    assert.match(claudeDenied(broken.stdout).permissionDecisionReason, /policy/);
  });

  it('refuses on an internal error and on its own timeout', async () => {
    let stderr = '';
    const crash = await runCli(['hook', 'claude-code'], {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      env: {},
      cwd: '/repo',
      readFile: () => Promise.reject(new Error('unused')),
      readStdin: () => Promise.reject(new TypeError('boom')),
    });
    assert.equal(crash, 2);
    assert.match(stderr, /boom.*refused/);
    const slow = repository();
    slow.readFile = () => new Promise(() => undefined);
    const timeout = await runCliOn(runCli, ['hook', 'cursor'], slow, {
      cwd: '/repo',
      stdin: payload('cursor', 'beforeReadFile', { FILE: '/repo/src/app.ts', CONTENT: 'x' }),
      env: { AI_GUARD_HOOK_TIMEOUT_MS: '200' },
    });
    assert.equal(timeout.code, 2);
    assert.match(timeout.stdout, /deny/);
  });

  it('refuses when the policy requires an audit record that cannot be written', async () => {
    const files = repository({ '/repo/.aiguard/policy.json': JSON.stringify({ version: 1, audit: { required: true } }) });
    const audit = new MemoryAuditStorage();
    audit.failWrites = true;
    const result = await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/src/app.ts' }), files, audit);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /audit/);
  });
});

describe('ai-guard hook audit records', () => {
  it('records tool, event, outcome, level and counts by kind, never a value, a prompt or a path', async () => {
    const audit = new MemoryAuditStorage();
    await hook('claude-code', payload('claude-code', 'UserPromptSubmit', { PROMPT: `secret ${SECRET} in my prompt` }), repository(), audit);
    await hook('claude-code', payload('claude-code', 'PreToolUse.Read', { FILE: '/repo/vault/keys.txt' }), repository(), audit);
    const records = (audit.text ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const hooks = records.filter((record) => record.type === 'hook');
    assert.equal(hooks.length, 2);
    assert.deepEqual(hooks[0]?.redactions, { 'aws-access-key-id': 1 });
    assert.equal(hooks[0]?.outcome, 'blocked');
    assert.equal(hooks[0]?.event, 'UserPromptSubmit');
    assert.equal(hooks[1]?.level, 'restricted');
    assert.ok(!audit.text?.includes(SECRET));
    assert.ok(!audit.text?.includes('in my prompt'));
    assert.ok(!audit.text?.includes('keys.txt'));
    const verify = await runCliOn(runCli, ['audit', 'verify'], repository(), { cwd: '/repo', audit });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
