import * as vscode from 'vscode';
import { ANSWER_SCHEME } from '../../shared/ids';

/** How often, at most, a streaming answer's document is refreshed: often enough to read along, rarely enough to stay cheap. */
const REFRESH_MS = 60;

/**
 * The read-only documents that show AI answers (`aiguard-answer:` URIs). Each run gets its own
 * document, shown as Markdown text beside the editor and updated as pieces arrive. Plain text is
 * used rather than the Markdown preview because it updates reliably in every editor build, and
 * the person can still open the preview from the editor title.
 */
export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new answer document, named after the template, holding `text`. */
  create(name: string, text: string): vscode.Uri {
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${this.count}/${name}.md` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  text(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  append(uri: vscode.Uri, chunk: string): void {
    this.set(uri, this.text(uri) + chunk, false);
  }

  /** Replaces the text; `now` refreshes at once (the end of a run) instead of at the next tick. */
  set(uri: vscode.Uri, text: string, now = true): void {
    const key = uri.toString();
    this.texts.set(key, text);
    const pending = this.timers.get(key);
    if (now) {
      clearTimeout(pending);
      this.timers.delete(key);
      this.changed.fire(uri);
    } else if (pending === undefined) {
      this.timers.set(key, setTimeout(() => {
        this.timers.delete(key);
        this.changed.fire(uri);
      }, REFRESH_MS));
    }
  }

  /** Opens the document beside the active editor, leaving the focus where it was. */
  async show(uri: vscode.Uri): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.texts.clear();
    this.registration.dispose();
    this.changed.dispose();
  }
}
