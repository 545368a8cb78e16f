/**
 * Typed access to the in-memory `vscode` fake (test/support/fake-vscode.cjs). The unit test run
 * registers it as the `vscode` module, so the adapter under test and the test see one instance.
 */
export interface FakeState {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: Array<{ id: string; args: unknown[] }>;
  channels: Array<{ name: string; lines: string[]; shown: number; disposed: boolean }>;
  errorMessages: string[];
  viewProviders: Map<string, unknown>;
  settings: Record<string, unknown>;
  /** Files on the fake disk, by path (policies, AI ignore files). */
  files: Map<string, string>;
  /** The open workspace folders' paths; set before activation. */
  workspaceFolderPaths: string[] | undefined;
  l10nBundle: Record<string, string> | undefined;
  diagnostics: Map<
    string,
    Array<{ message: string; severity: number; source?: string; code?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>
  >;
  infoMessages: string[];
  warningMessages: string[];
  clipboard: string;
  activeTextEditor: unknown;
  textDocuments: FakeTextDocument[];
  documentOpened: { fire(document: unknown): void };
  documentChanged: { fire(event: unknown): void };
  documentClosed: { fire(document: unknown): void };
  /** Fire with a file's Uri after changing it in `files`: every file watcher reports it changed. */
  fileChanged: { fire(uri: unknown): void };
  quickPickAnswers: Array<(items: Array<{ label: string; id?: string }>, pick?: FakeQuickPick) => unknown>;
  /** (An answer may return a promise of its choice: the pick waits for it.) */
  quickPicks: Array<Array<{ label: string; description?: string; id?: string }>>;
  createdQuickPicks: FakeQuickPick[];
  /** Quick picks shown while still busy, before their items were given. */
  busyQuickPicks: FakeQuickPick[];
  /** When set, `workspace.findFiles` waits for it: a slow disk, or a busy machine. */
  slowFindFiles: Promise<void> | undefined;
  inputAnswers: Array<string | undefined>;
  inputBoxes: Array<{ password?: boolean; prompt?: string }>;
  secrets: Map<string, string>;
  telemetryEnabled: boolean;
  telemetryChanged: { fire(value: boolean): void };
  reset(): void;
}

/** A quick pick the extension created (`window.createQuickPick`), as a test sees it. */
export interface FakeQuickPick {
  items: Array<{ label: string; description?: string; id?: string }>;
  value: string;
  placeholder?: string;
  title?: string;
  ignoreFocusOut: boolean;
  busy: boolean;
  /** Closes it, as Escape does. */
  hide(): void;
  /** What the filter box showed after each change typed. */
  shownValues: string[];
  type(text: string): void;
}

export interface FakeTextDocument {
  uri: { toString(): string; path: string };
  version: number;
  isClosed: boolean;
  getText(range?: unknown): string;
  positionAt(offset: number): { line: number; character: number };
}

export interface FakeWebviewView {
  webview: { html: string; options: Record<string, unknown>; posted: unknown[]; visible: boolean; deliver(message: unknown): void };
  dispose(): void;
}

export interface FakeContext {
  subscriptions: Array<{ dispose(): void }>;
  extensionUri: unknown;
  extensionPath: string;
  extensionMode: number;
}

interface FakeModule {
  __fake: FakeState;
  __createFakeWebviewView(): FakeWebviewView;
  __createExtensionContext(path?: string, mode?: number): FakeContext;
  __createTextDocument(path: string, text: string): FakeTextDocument;
  Range: new (start: unknown, end: unknown) => unknown;
  Uri: { file(path: string): { path: string; fsPath: string; scheme: string; toString(): string } };
  ExtensionMode: { Production: number; Development: number; Test: number };
}

const fakeModule = require('vscode') as FakeModule;
if (!('__fake' in fakeModule)) {
  throw new Error('The vscode fake is not registered: run unit tests through `npm run test:unit`.');
}

export const fake = fakeModule.__fake;
export const createWebviewView = fakeModule.__createFakeWebviewView;
export const createContext = fakeModule.__createExtensionContext;
export const ExtensionMode = fakeModule.ExtensionMode;
export const createTextDocument = fakeModule.__createTextDocument;
export const Range = fakeModule.Range;
export const Uri = fakeModule.Uri;

/** Waits until `condition` holds (timers and scans are asynchronous), or fails after `ms`. */
export async function eventually(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for queued promise callbacks (message handlers are async). */
export const flush = () => new Promise((resolve) => setImmediate(resolve));
