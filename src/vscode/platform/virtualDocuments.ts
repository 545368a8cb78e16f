import * as vscode from 'vscode';

/** How often, at most, a streaming answer's document is refreshed: often enough to read along, rarely enough to stay cheap. */
const REFRESH_MS = 60;

/**
 * Read-only documents held in memory under one URI scheme: AI answers (`aiguard-answer:`, one
 * per run, shown as Markdown text beside the editor and updated as pieces arrive), the prompt
 * previews and the proposed changes shown in diff views. Plain text is used rather than the
 * Markdown preview because it updates reliably in every editor build, and the person can still
 * open the preview from the editor title.
 */
export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor(private readonly scheme: string) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new document named `name` (with its extension, which sets its language), holding `text`. */
  create(name: string, text: string): vscode.Uri {
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${this.count}/${name}` });
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
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(uri);
        }, REFRESH_MS),
      );
    }
  }

  /** Opens the document beside the active editor, leaving the focus where it was. */
  async show(uri: vscode.Uri): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  /** Closes the diff views that show `uri` on their right-hand side, then forgets its text. */
  async close(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === key);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    this.delete(uri);
  }

  /** Forgets a document that is no longer needed (a declined proposal, a closed preview). */
  delete(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.texts.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.texts.clear();
    this.registration.dispose();
    this.changed.dispose();
  }
}
