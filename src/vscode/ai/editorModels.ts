import * as vscode from 'vscode';
import { type AiProvider, type ChatRequest, type ChatResult, estimateTokens, type ProviderConfig, ProviderError } from '../../core/providers';
import { errorContextOf } from '../../core/providers/endpoints';

/**
 * The editor's own language models (`vscode.lm`: Copilot's, or another extension's) as one more
 * provider behind the same interface, so that the pipeline governs them like any other: the
 * prompt they get is the redacted one, the policy decides whether they may see the file (their
 * tags come from the policy's catalogue, as for any provider id), and the call is audited.
 *
 * Feature-detected: an editor without `vscode.lm`, or without any model, gets a clear message.
 */
export function editorModelsAvailable(): boolean {
  return typeof (vscode as { lm?: { selectChatModels?: unknown } }).lm?.selectChatModels === 'function';
}

/** The selector a configuration's `model` names: `vendor/family`, a model id, a family, or any model. */
export function selectorOf(model: string | undefined): vscode.LanguageModelChatSelector[] {
  const wanted = model?.trim();
  if (!wanted) return [{}];
  const slash = wanted.indexOf('/');
  if (slash > 0) return [{ vendor: wanted.slice(0, slash), family: wanted.slice(slash + 1) }];
  return [{ id: wanted }, { family: wanted }];
}

export async function createEditorModelProvider(config: ProviderConfig): Promise<AiProvider> {
  if (!editorModelsAvailable()) {
    throw new Error(vscode.l10n.t("Provider '{0}' uses the editor's language models, and this editor offers none (no vscode.lm API). Choose another provider.", config.id));
  }
  let chosen: vscode.LanguageModelChat | undefined;
  for (const selector of selectorOf(config.model)) {
    [chosen] = await vscode.lm.selectChatModels(selector);
    if (chosen) break;
  }
  if (chosen === undefined) {
    throw new Error(
      config.model
        ? vscode.l10n.t(
            "The editor has no language model '{0}' for provider '{1}'. Sign in to Copilot or install an extension that provides one, or change the provider's model.",
            config.model,
            config.id,
          )
        : vscode.l10n.t("The editor has no language model for provider '{0}'. Sign in to Copilot or install an extension that provides one.", config.id),
    );
  }
  const model = chosen;
  return {
    id: config.id,
    kind: config.kind,
    model: `${model.vendor}/${model.family}`,
    stream: (request, options) => streamFrom(model, config, request, options),
  };
}

async function streamFrom(
  model: vscode.LanguageModelChat,
  config: ProviderConfig,
  request: ChatRequest,
  options: { signal?: AbortSignal; onText?: (chunk: string) => void } = {},
): Promise<ChatResult> {
  const context = errorContextOf(config);
  // The editor's chat API has no system role: the instructions go first, as the user's own words.
  const messages = [
    ...(request.system ? [vscode.LanguageModelChatMessage.User(request.system)] : []),
    ...request.messages.map((message) => (message.role === 'user' ? vscode.LanguageModelChatMessage.User(message.content) : vscode.LanguageModelChatMessage.Assistant(message.content))),
  ];
  const source = new vscode.CancellationTokenSource();
  const abort = () => source.cancel();
  options.signal?.addEventListener('abort', abort, { once: true });
  let text = '';
  try {
    const response = await model.sendRequest(messages, { justification: vscode.l10n.t('AI Guard sends the redacted prompt of the template you ran.') }, source.token);
    for await (const chunk of response.text) {
      if (source.token.isCancellationRequested) break;
      text += chunk;
      options.onText?.(chunk);
    }
    if (options.signal?.aborted) throw new ProviderError('cancelled', context);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (options.signal?.aborted) throw new ProviderError('cancelled', context, { cause: error });
    throw editorModelError(error, context);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    source.dispose();
  }
  // The editor's models report no usage: both counts are estimates, and say so.
  const input = [request.system ?? '', ...request.messages.map((message) => message.content)].join('\n');
  return { text, model: `${model.vendor}/${model.family}`, usage: { inputTokens: estimateTokens(input), outputTokens: estimateTokens(text), estimated: true } };
}

/** The editor's refusals as the provider errors people already know. */
function editorModelError(error: unknown, context: ReturnType<typeof errorContextOf>): ProviderError {
  const code = error instanceof vscode.LanguageModelError ? error.code : undefined;
  if (code === vscode.LanguageModelError.NoPermissions().code) return new ProviderError('forbidden', context, { cause: error });
  if (code === vscode.LanguageModelError.NotFound().code) return new ProviderError('not-found', context, { notFound: 'model', cause: error });
  if (code === vscode.LanguageModelError.Blocked().code) return new ProviderError('rate-limited', context, { cause: error });
  return new ProviderError('server', context, { cause: error });
}
