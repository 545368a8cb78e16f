import type * as vscode from 'vscode';
import { acceptProposal, applyAnswer, copyAnswer, discardProposal, insertAnswer, rateAnswer, rerunAnswer } from './answerActions';
import { setApiKey } from './apiKeys';
import type { AiContext, AiDeps } from './deps';
import { editorPrompter } from './prompter';
import { decidePreview } from './preview';
import { type RunRequest, runPrompt } from './runPrompt';
import { AiService } from './service';

/** The AI feature's API: the commands' work, and the service's state for the panel and the audit commands. */
export interface AiFeature extends vscode.Disposable {
  readonly service: AiService;
  run(request?: RunRequest): Promise<void>;
  setApiKey(providerId?: string): Promise<void>;
  /** The preview's Send and Don't send: decides the waiting preview, or says there is none. */
  decidePreview(send: boolean): Promise<boolean>;
  copyAnswer(uri?: unknown): Promise<void>;
  insertAnswer(uri?: unknown): Promise<void>;
  applyAnswer(uri?: unknown): Promise<void>;
  rerunAnswer(uri?: unknown): Promise<void>;
  rateAnswer(uri?: unknown): Promise<void>;
  acceptProposal(uri?: unknown): Promise<boolean>;
  discardProposal(uri?: unknown): Promise<void>;
}

/**
 * The AI runs, from what they use. The container imports this module on the first AI command,
 * so activation neither evaluates the provider and template modules nor registers anything for them.
 */
export function createAiFeature(deps: AiDeps): AiFeature {
  const ai = new AiService(deps);
  const context: AiContext = { ...deps, ai, prompter: deps.prompter ?? editorPrompter };
  return {
    service: ai,
    run: (request = {}) => runPrompt(context, request),
    setApiKey: (providerId) => setApiKey(context, providerId),
    decidePreview: (send) => decidePreview(ai, send),
    copyAnswer: (uri) => copyAnswer(context, uri),
    insertAnswer: (uri) => insertAnswer(context, uri),
    applyAnswer: (uri) => applyAnswer(context, uri),
    rerunAnswer: (uri) => rerunAnswer(context, uri),
    rateAnswer: (uri) => rateAnswer(context, uri),
    acceptProposal: (uri) => acceptProposal(context, uri),
    discardProposal: (uri) => discardProposal(context, uri),
    dispose: () => ai.dispose(),
  };
}
