import * as vscode from 'vscode';
import { ANSWER_SCHEME } from '../../shared/ids';
import { VirtualDocuments } from '../platform/virtualDocuments';

/** How many answers the view keeps: their texts are held in memory for the session only. */
const MAX_ANSWERS = 20;

/**
 * The one answer view of a window: every run's answer in one read-only document, the latest
 * first, so runs do not pile up as tabs that are all named alike and earlier answers stay at
 * hand below. Each run still has its own URI (`create`), which is how the run's text is written
 * and how the answer's actions know what it was about; only the view's URI is ever shown.
 */
export class AnswerView implements vscode.Disposable {
  private readonly documents = new VirtualDocuments(ANSWER_SCHEME);
  /** The document people see. */
  readonly uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${vscode.l10n.t('AI Guard answers')}.md` });
  /** The runs' keys, latest first. */
  private readonly order: string[] = [];
  private readonly texts = new Map<string, string>();
  private count = 0;

  constructor() {
    this.documents.set(this.uri, '', true);
  }

  /** A new answer, first in the view, holding `text` (its header); returns the run's own URI. */
  create(name: string, text: string): vscode.Uri {
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/runs/${this.count}/${name}` });
    const key = uri.toString();
    this.order.unshift(key);
    this.texts.set(key, text);
    for (const old of this.order.splice(MAX_ANSWERS)) this.texts.delete(old);
    this.render(true);
    return uri;
  }

  /** A run's own text (its header, answer and footer). */
  text(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  append(uri: vscode.Uri, chunk: string): void {
    this.set(uri, this.text(uri) + chunk, false);
  }

  /** Replaces a run's text; `now` refreshes the view at once (the end of a run) instead of at the next tick. */
  set(uri: vscode.Uri, text: string, now = true): void {
    const key = uri.toString();
    if (!this.texts.has(key)) return;
    this.texts.set(key, text);
    this.render(now);
  }

  /** Opens the view beside the active editor (or reveals it where it is), leaving the focus where it was. */
  async show(): Promise<void> {
    const open = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs.map((tab) => ({ group, tab })))
      .find(({ tab }) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === this.uri.toString());
    const document = await vscode.workspace.openTextDocument(this.uri);
    await vscode.window.showTextDocument(document, { viewColumn: open?.group.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    // The newest answer is at the top: show it there.
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === this.uri.toString());
    editor?.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
  }

  private render(now: boolean): void {
    this.documents.set(this.uri, this.order.map((key) => this.texts.get(key) ?? '').join('\n\n'), now);
  }

  dispose(): void {
    this.documents.dispose();
    this.texts.clear();
  }
}
