import * as vscode from 'vscode';
import { proposalOf, proposedCode, type ProposalResult } from '../../core/answers';
import type { Template } from '../../core/templates';
import { ContextKeys } from '../../shared/ids';
import type { AiContext } from './deps';
import { runPrompt } from './runPrompt';
import type { AiService, AnswerRun } from './service';

/** A change proposed by "Apply as diff", waiting for the person to accept it. */
interface PendingProposal {
  source: vscode.Uri;
  version: number;
}

const pending = new Map<string, PendingProposal>();

/** The run an action is about: the answer view it was invoked from, else the active one, else the last answered run. */
function answerRunFor(ai: AiService, uri: unknown): AnswerRun | undefined {
  const candidates = [uri instanceof vscode.Uri ? uri : undefined, vscode.window.activeTextEditor?.document.uri].filter((candidate): candidate is vscode.Uri => candidate !== undefined);
  for (const candidate of candidates) {
    const run = ai.answerRun(candidate);
    if (run) return run;
  }
  return ai.lastAnswerRun();
}

async function requireRun(context: AiContext, uri: unknown): Promise<AnswerRun | undefined> {
  const run = answerRunFor(context.ai, uri);
  if (run === undefined) void vscode.window.showInformationMessage(vscode.l10n.t('There is no AI answer to act on yet: run a prompt first.'));
  return run;
}

export async function copyAnswer(context: AiContext, uri?: unknown): Promise<void> {
  const run = await requireRun(context, uri);
  if (!run) return;
  await vscode.env.clipboard.writeText(run.answer);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied the answer to the clipboard.'));
}

/** The editor showing the run's source file, opened (with its range selected) when none shows it. */
async function sourceEditor(run: AnswerRun, select: boolean): Promise<vscode.TextEditor> {
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === run.source.uri.toString());
  if (visible && !select) return vscode.window.showTextDocument(visible.document, { ...(visible.viewColumn !== undefined ? { viewColumn: visible.viewColumn } : {}), preserveFocus: false });
  const document = await vscode.workspace.openTextDocument(run.source.uri);
  return vscode.window.showTextDocument(document, {
    ...(visible?.viewColumn !== undefined ? { viewColumn: visible.viewColumn } : {}),
    ...(select && run.source.range ? { selection: run.source.range } : {}),
  });
}

/** Inserts the answer (its code, for templates whose output is code) at the cursor of the source file, replacing a selection like a paste. */
export async function insertAnswer(context: AiContext, uri?: unknown): Promise<void> {
  const run = await requireRun(context, uri);
  if (!run) return;
  const text = run.template.output === 'code' ? (proposedCode(run.answer, true) ?? run.answer) : run.answer;
  const editor = await sourceEditor(run, false);
  const done = await editor.edit((builder) => {
    for (const selection of editor.selections) builder.replace(selection, text);
  });
  if (!done) void vscode.window.showWarningMessage(vscode.l10n.t('The answer could not be inserted: the file changed or is read-only.'));
}

/**
 * Runs the same template on the same part of the same file again, with the same provider, after
 * the same confirmation as a first run: the preview of what would be sent, whatever the level
 * (the file may have changed since, and a palette's Enter is no decision to send).
 */
export async function rerunAnswer(context: AiContext, uri?: unknown): Promise<void> {
  const run = await requireRun(context, uri);
  if (!run) return;
  await sourceEditor(run, true);
  await runPrompt(context, { template: run.template.id, provider: run.providerId, again: true });
}

function refusal(result: Extract<ProposalResult, { ok: false }>, template: Template): string {
  switch (result.reason) {
    case 'no-code':
      return vscode.l10n.t('The answer holds no code block to apply; copy or insert it instead.');
    case 'no-diff':
      return vscode.l10n.t('The answer holds no unified diff to apply.');
    case 'diff-other-file':
      return vscode.l10n.t('The diff in the answer is about another file; open that file and apply it there by hand.');
    case 'several-files':
      return vscode.l10n.t('The diff in the answer changes this file more than once; apply it by hand.');
    case 'diff-does-not-apply':
      return vscode.l10n.t('The diff in the answer does not match the file as it is now (the template {0} may have been run on an older version); nothing was changed.', template.id);
  }
}

/**
 * "Apply as Diff": the file as the answer would leave it, in a diff view beside the file as it
 * is; nothing changes until the person accepts (from the notification or the diff view's title).
 */
export async function applyAnswer(context: AiContext, uri?: unknown): Promise<void> {
  const run = await requireRun(context, uri);
  if (!run) return;
  if (run.template.output === 'markdown') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The template {0} answers in prose, which cannot be applied as a change; copy or insert it instead.', run.template.id));
    return;
  }
  const document = await vscode.workspace.openTextDocument(run.source.uri);
  if (run.template.output === 'code' && run.source.range === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The run was about several selections, so the code cannot be put back in place; insert it where you want it.'));
    return;
  }
  const original = document.getText();
  const range = run.source.range ?? new vscode.Range(document.positionAt(0), document.positionAt(original.length));
  // Code replaces the part the run was about, which an edit since may have moved; a diff carries its own context.
  if (run.template.output === 'code' && document.version !== run.source.version) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The file changed since the run, so the code may no longer fit where it came from; insert it by hand or run the prompt again.'));
    return;
  }
  const result = proposalOf(run.answer, run.template.output, { path: vscode.workspace.asRelativePath(document.uri, false), original, part: document.getText(range) });
  if (!result.ok) {
    void vscode.window.showWarningMessage(refusal(result, run.template));
    return;
  }
  const text = result.proposal.kind === 'replace-file' ? result.proposal.text : original.slice(0, document.offsetAt(range.start)) + result.proposal.text + original.slice(document.offsetAt(range.end));
  const ai = context.ai;
  const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
  const proposal = ai.proposals.create(name, text);
  pending.set(proposal.toString(), { source: document.uri, version: document.version });
  void vscode.commands.executeCommand('setContext', ContextKeys.hasProposal, true);
  await vscode.commands.executeCommand('vscode.diff', document.uri, proposal, vscode.l10n.t('{0} ↔ proposed by {1}', name, run.template.title), { preview: false });
  const accept = vscode.l10n.t('Apply');
  const discard = vscode.l10n.t('Discard');
  void vscode.window.showInformationMessage(vscode.l10n.t('Apply the proposed change to {0}?', name), accept, discard).then(async (choice) => {
    if (choice === accept) await acceptProposal(context, proposal);
    else if (choice === discard) await discardProposal(context, proposal);
  });
}

/** The pending proposal an accept or discard is about: the one given, else the one in the active diff view, else the latest. */
function pendingFor(uri: unknown): [string, PendingProposal] | undefined {
  const keys = [uri instanceof vscode.Uri ? uri.toString() : undefined, vscode.window.activeTextEditor?.document.uri.toString()];
  for (const key of keys) {
    const found = key === undefined ? undefined : pending.get(key);
    if (key !== undefined && found) return [key, found];
  }
  return [...pending.entries()].at(-1);
}

/** Writes an accepted proposal into the file (unsaved, so it can be undone), if the file did not change in the meantime. */
export async function acceptProposal(context: AiContext, uri?: unknown): Promise<boolean> {
  const entry = pendingFor(uri);
  if (!entry) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no proposed change waiting to be applied.'));
    return false;
  }
  const [key, proposal] = entry;
  const document = await vscode.workspace.openTextDocument(proposal.source);
  if (document.version !== proposal.version) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The file changed after the change was proposed; nothing was applied. Use "Apply as Diff" again.'));
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), context.ai.proposals.text(vscode.Uri.parse(key)));
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The change could not be applied (the file may be read-only).'));
    return false;
  }
  await forget(context, key);
  await vscode.window.showTextDocument(document);
  return true;
}

export async function discardProposal(context: AiContext, uri?: unknown): Promise<void> {
  const entry = pendingFor(uri);
  if (entry) await forget(context, entry[0]);
}

/** Drops a proposal and closes its diff view. */
async function forget(context: AiContext, key: string): Promise<void> {
  pending.delete(key);
  void vscode.commands.executeCommand('setContext', ContextKeys.hasProposal, pending.size > 0);
  await context.ai.proposals.close(vscode.Uri.parse(key));
}

/** "Rate Answer": 1–5 and minutes saved, each skippable, in two quick picks. */
export async function rateAnswer(context: AiContext, uri?: unknown): Promise<void> {
  const run = await requireRun(context, uri);
  if (!run) return;
  const stars = await vscode.window.showQuickPick(
    [5, 4, 3, 2, 1]
      .map((rating) => ({ label: `${'★'.repeat(rating)}${'☆'.repeat(5 - rating)}`, description: String(rating), rating }))
      .concat([{ label: vscode.l10n.t('Skip'), description: '', rating: 0 }]),
    { title: vscode.l10n.t('How useful was this answer? ({0})', run.template.title), placeHolder: vscode.l10n.t('1 = not useful, 5 = very useful') },
  );
  if (stars === undefined) return;
  const minutes = await vscode.window.showQuickPick(
    [0, 5, 15, 30, 60, 120]
      .map((value) => ({ label: value === 0 ? vscode.l10n.t('No time saved') : vscode.l10n.t('About {0} minutes', value), minutes: value }))
      .concat([{ label: vscode.l10n.t('Skip'), minutes: -1 }]),
    { title: vscode.l10n.t('How much time did it save you?') },
  );
  const ai = context.ai;
  ai.rate({
    runId: run.runId,
    template: run.template.id,
    profile: run.template.profile,
    ...(stars.rating > 0 ? { rating: stars.rating } : {}),
    ...(minutes !== undefined && minutes.minutes >= 0 ? { minutesSaved: minutes.minutes } : {}),
  });
  if (stars.rating > 0 || (minutes !== undefined && minutes.minutes >= 0)) void vscode.window.showInformationMessage(vscode.l10n.t('Thank you: your feedback was recorded.'));
}
