/**
 * The AI tools whose own OpenTelemetry the collector reads, as one closed list: the dashboard
 * names a tool only from it. A tool is recognised by its resource's `service.name` (what each
 * tool's exporter sets by default) or, for a record whose resource says nothing, by the prefix
 * of its metric or event name.
 */

/** `other`: a tool a newer AI Guard names that this collector does not know yet. */
export const TOOLS = ['claude-code', 'copilot', 'gemini-cli', 'cursor', 'ai-guard', 'other'] as const;
export type Tool = (typeof TOOLS)[number];

const SERVICE_NAMES: ReadonlyMap<string, Tool> = new Map([
  ['claude-code', 'claude-code'],
  ['copilot-chat', 'copilot'],
  ['github-copilot', 'copilot'],
  ['copilot-cli', 'copilot'],
  ['gemini-cli', 'gemini-cli'],
  ['etech-ai-guard', 'ai-guard'],
]);

const PREFIXES: ReadonlyArray<[string, Tool]> = [
  ['claude_code.', 'claude-code'],
  ['copilot_chat.', 'copilot'],
  ['github.copilot.', 'copilot'],
  ['gemini_cli.', 'gemini-cli'],
  ['aiguard.', 'ai-guard'],
];

/** The tool a resource's `service.name` names, if it is one of ours. */
export function toolOfService(serviceName: unknown): Tool | undefined {
  return typeof serviceName === 'string' ? SERVICE_NAMES.get(serviceName) : undefined;
}

/** The tool a metric or event name belongs to, by its prefix. */
export function toolOfName(name: string): Tool | undefined {
  return PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/**
 * `aiguard.tool` as AI Guard's hook decisions carry it: a tool of the list, `ai-guard` when
 * absent, and `other` for a value this collector does not know (a newer extension's tool is
 * still counted, never named from what the client sent).
 */
export function toolOfAttribute(value: unknown): Tool {
  if (value === undefined) return 'ai-guard';
  return typeof value === 'string' && (TOOLS as readonly string[]).includes(value) ? (value as Tool) : 'other';
}

/**
 * The provider behind each tool's models, for cost per tool and provider. Copilot reports it
 * (`gen_ai.provider.name`); the others use their vendor's models.
 */
export const PROVIDERS = ['anthropic', 'openai', 'google', 'github', 'azure-openai', 'openai-compatible', 'vscode-lm', 'copy', 'other'] as const;
export type Provider = (typeof PROVIDERS)[number];

export function providerOf(tool: Tool, reported: unknown, model: unknown): Provider {
  if (typeof reported === 'string') {
    const name = reported.toLowerCase();
    if (name.includes('anthropic')) return 'anthropic';
    if (name.includes('azure')) return 'azure-openai';
    if (name.includes('openai')) return 'openai';
    if (name.includes('gcp') || name.includes('gemini') || name.includes('google') || name.includes('vertex')) return 'google';
    if (name.includes('github') || name.includes('copilot')) return 'github';
    if ((PROVIDERS as readonly string[]).includes(name)) return name as Provider;
  }
  if (tool === 'claude-code') return 'anthropic';
  if (tool === 'gemini-cli') return 'google';
  if (typeof model === 'string') {
    const m = model.toLowerCase();
    if (m.startsWith('claude')) return 'anthropic';
    if (m.startsWith('gpt') || m.startsWith('o1') || m.startsWith('o3') || m.startsWith('o4')) return 'openai';
    if (m.startsWith('gemini')) return 'google';
  }
  return tool === 'copilot' ? 'github' : 'other';
}
