// @ts-check
'use strict';
/**
 * An in-memory stand-in for the `vscode` module: just enough of the API for the adapter to
 * activate outside an editor, with every call recorded in `__fake` so tests can assert on what
 * the extension did. Used by the unit tests and by `npm run bench` (activation time).
 * It is deliberately small: behaviour that only a real editor can show is tested in
 * test/integration (inside code-server) and test/e2e (in a real browser).
 */

class FakeDisposable {
  /** @param {() => void} callOnDispose */
  constructor(callOnDispose) {
    this.callOnDispose = callOnDispose;
  }
  dispose() {
    this.callOnDispose();
  }
}

/** See `window.createQuickPick` below. */
function createFakeQuickPick() {
  const changedValue = new EventEmitter();
  const accepted = new EventEmitter();
  const hidden = new EventEmitter();
  let hiddenOnce = false;
  let waitingForItems = false;
  let busy = false;
  const pick = {
    get busy() {
      return busy;
    },
    set busy(value) {
      busy = value;
      if (!value && waitingForItems && !hiddenOnce) {
        waitingForItems = false;
        pick.show();
      }
    },
    /** @type {any[]} */
    items: [],
    /** @type {any[]} */
    selectedItems: [],
    value: '',
    title: undefined,
    placeholder: undefined,
    ignoreFocusOut: false,
    matchOnDescription: false,
    matchOnDetail: false,
    /** Every value the filter box showed after each change, for tests. */
    /** @type {string[]} */
    shownValues: [],
    onDidChangeValue: changedValue.event,
    onDidAccept: accepted.event,
    onDidHide: hidden.event,
    /** @param {string} text */
    type(text) {
      pick.value = text;
      changedValue.fire(text);
      pick.shownValues.push(pick.value);
    },
    show() {
      // A pick shown busy (while its items load) is answered once it is filled, as a person would.
      if (pick.busy) {
        waitingForItems = true;
        fake.busyQuickPicks.push(pick);
        return;
      }
      fake.quickPicks.push(pick.items);
      fake.createdQuickPicks.push(pick);
      const answer = fake.quickPickAnswers.shift();
      /** @param {unknown} chosen */
      const settle = (chosen) => {
        if (typeof chosen === 'string') {
          pick.type(chosen);
          pick.selectedItems = [];
          accepted.fire(undefined);
          if (!hiddenOnce) pick.hide();
        } else if (chosen !== undefined) {
          pick.selectedItems = [chosen];
          accepted.fire(undefined);
        } else {
          pick.hide();
        }
      };
      queueMicrotask(() => {
        const chosen = answer ? answer(pick.items, pick) : undefined;
        // An answer may take its time (a person who saves a file while the pick is open): a promise is awaited.
        if (chosen instanceof Promise) void chosen.then(settle);
        else settle(chosen);
      });
    },
    hide() {
      if (hiddenOnce) return;
      hiddenOnce = true;
      hidden.fire(undefined);
    },
    dispose() {
      pick.hide();
    },
  };
  return pick;
}

class EventEmitter {
  constructor() {
    /** @type {Set<(value: unknown) => void>} */
    this.listeners = new Set();
    /** @param {(value: unknown) => void} listener */
    this.event = (listener) => {
      this.listeners.add(listener);
      return new FakeDisposable(() => this.listeners.delete(listener));
    };
  }
  /** @param {unknown} value */
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  /** @param {string} scheme @param {string} path */
  constructor(scheme, path) {
    this.scheme = scheme;
    this.path = path;
    this.fsPath = path;
  }
  /** @param {string} path */
  static file(path) {
    return new Uri('file', path);
  }
  /** @param {{ scheme: string; path: string }} components */
  static from(components) {
    return new Uri(components.scheme, components.path);
  }
  /** What `toString` gives, read back (`file:///a/b` is the file `/a/b`). @param {string} text */
  static parse(text) {
    const match = /^([a-z][\w+.-]*):\/\/(.*)$/i.exec(text);
    return match ? new Uri(match[1] ?? 'file', match[2] ?? '') : new Uri('file', text);
  }
  /** @param {Uri} base @param {string[]} segments */
  static joinPath(base, ...segments) {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...segments].join('/'));
  }
  toString() {
    return `${this.scheme}://${this.path}`;
  }
}

class Position {
  /** @param {number} line @param {number} character */
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  /** @param {Position} start @param {Position} end */
  constructor(start, end) {
    this.start = start;
    this.end = end;
  }
}

class Diagnostic {
  /** @param {Range} range @param {string} message @param {number} severity */
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
    /** @type {string | undefined} */
    this.source = undefined;
    /** @type {unknown} */
    this.code = undefined;
  }
}

class ThemeColor {
  /** @param {string} id */
  constructor(id) {
    this.id = id;
  }
}

class MarkdownString {
  /** @param {string} value @param {boolean} [supportThemeIcons] */
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
    /** @type {unknown} */
    this.isTrusted = undefined;
  }
}

class FileDecoration {
  /** @param {string} [badge] @param {string} [tooltip] @param {ThemeColor} [color] */
  constructor(badge, tooltip, color) {
    this.badge = badge;
    this.tooltip = tooltip;
    this.color = color;
    this.propagate = false;
  }
}

/** A status bar item that records what it shows in `__fake.statusBarItems`. */
function createStatusBarItem(/** @type {string} */ id) {
  const item = {
    id,
    text: '',
    tooltip: /** @type {unknown} */ (undefined),
    visible: false,
    command: /** @type {unknown} */ (undefined),
    name: '',
    backgroundColor: /** @type {unknown} */ (undefined),
    accessibilityInformation: /** @type {unknown} */ (undefined),
    show() {
      item.visible = true;
    },
    hide() {
      item.visible = false;
    },
    dispose() {
      fake.statusBarItems.delete(id);
    },
  };
  fake.statusBarItems.set(id, item);
  return item;
}

/** A text document over a string, with the offsets ↔ positions the adapter uses. */
function createTextDocument(/** @type {string} */ path, /** @type {string} */ text) {
  const uri = new Uri('file', path);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetAt = (/** @type {Position} */ position) => (lineStarts[position.line] ?? text.length) + position.character;
  return {
    uri,
    version: 1,
    isClosed: false,
    getText: (/** @type {Range | undefined} */ range) => (range ? text.slice(offsetAt(range.start), offsetAt(range.end)) : text),
    positionAt: (/** @type {number} */ offset) => {
      let line = 0;
      while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= offset) line++;
      return new Position(line, offset - (lineStarts[line] ?? 0));
    },
  };
}

/** Formats `{0}`-style placeholders like vscode.l10n.t, translating through `l10n.bundle`. */
function t(/** @type {string} */ message, /** @type {unknown[]} */ ...args) {
  const template = (fake.l10nBundle && fake.l10nBundle[message]) || message;
  return template.replace(/\{(\d+)\}/g, (match, index) => (index < args.length ? String(args[index]) : match));
}

const fake = {
  /** @type {Map<string, (...args: unknown[]) => unknown>} */
  commands: new Map(),
  /** @type {Array<{ id: string; args: unknown[] }>} */
  executed: [],
  /** @type {Array<{ name: string; lines: string[]; shown: number; disposed: boolean }>} */
  channels: [],
  /** @type {string[]} */
  errorMessages: [],
  /** @type {Map<string, unknown>} */
  viewProviders: new Map(),
  /** @type {Record<string, unknown>} */
  settings: {},
  /** Files on the fake disk, by path: what `workspace.findFiles` lists and `workspace.fs.readFile` reads. */
  files: /** @type {Map<string, string>} */ (new Map()),
  /** The open workspace folders' paths (none by default). */
  workspaceFolderPaths: /** @type {string[] | undefined} */ (undefined),
  /** @type {Record<string, string> | undefined} */
  l10nBundle: undefined,
  /** @type {Map<string, any[]>} */
  diagnostics: new Map(),
  /** @type {string[]} */
  infoMessages: [],
  /** @type {string[]} */
  warningMessages: [],
  clipboard: '',
  /** @type {any} */
  activeTextEditor: undefined,
  /** @type {any[]} */
  textDocuments: [],
  /** @type {Map<string, any>} */
  statusBarItems: new Map(),
  /** @type {any[]} */
  decorationProviders: [],
  activeEditorChanged: new EventEmitter(),
  documentOpened: new EventEmitter(),
  documentChanged: new EventEmitter(),
  documentClosed: new EventEmitter(),
  /** Fire with a file's Uri after changing it in `files`: every file watcher reports it changed. */
  fileChanged: new EventEmitter(),
  /** Answers of the next quick picks, in order: each chooses among the items shown (undefined: dismissed). */
  /** @type {Array<(items: any[]) => unknown>} */
  quickPickAnswers: [],
  /** The items of every quick pick shown, in order. */
  /** @type {any[][]} */
  quickPicks: [],
  /** Every quick pick the extension created and showed (`window.createQuickPick`), in order. */
  /** @type {any[]} */
  createdQuickPicks: [],
  /** Every quick pick shown while still busy (before its items were given), in order. */
  /** @type {any[]} */
  busyQuickPicks: [],
  /** When set, `workspace.findFiles` waits for it: a slow disk, or a busy machine. */
  /** @type {Promise<void> | undefined} */
  slowFindFiles: undefined,
  /** Answers of the next input boxes, in order (undefined: dismissed). */
  /** @type {Array<string | undefined>} */
  inputAnswers: [],
  /** The options of every input box shown, in order. */
  /** @type {any[]} */
  inputBoxes: [],
  /** The extension's SecretStorage. */
  /** @type {Map<string, string>} */
  secrets: new Map(),
  /** The editor's telemetry switch (`env.isTelemetryEnabled`); fire `telemetryChanged` after changing it. */
  telemetryEnabled: false,
  telemetryChanged: new EventEmitter(),
  reset() {
    fake.telemetryEnabled = false;
    fake.quickPickAnswers.length = 0;
    fake.quickPicks.length = 0;
    fake.createdQuickPicks.length = 0;
    fake.busyQuickPicks.length = 0;
    fake.slowFindFiles = undefined;
    fake.inputAnswers.length = 0;
    fake.inputBoxes.length = 0;
    fake.secrets.clear();
    fake.commands.clear();
    fake.executed.length = 0;
    fake.channels.length = 0;
    fake.errorMessages.length = 0;
    fake.viewProviders.clear();
    fake.settings = {};
    fake.files.clear();
    fake.workspaceFolderPaths = undefined;
    fake.l10nBundle = undefined;
    fake.diagnostics.clear();
    fake.infoMessages.length = 0;
    fake.warningMessages.length = 0;
    fake.clipboard = '';
    fake.activeTextEditor = undefined;
    fake.textDocuments = [];
    fake.statusBarItems.clear();
    fake.decorationProviders.length = 0;
  },
};

/** @param {string} name */
function createLogChannel(name) {
  const record = { name, lines: /** @type {string[]} */ ([]), shown: 0, disposed: false };
  fake.channels.push(record);
  /** @param {string} level */
  const log =
    (level) =>
    (/** @type {unknown} */ message, /** @type {unknown[]} */ ...args) =>
      record.lines.push(`[${level}] ${message instanceof Error ? message.message : String(message)}${args.length ? ` ${args.map(String).join(' ')}` : ''}`);
  return {
    name,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    appendLine: log('info'),
    show: () => {
      record.shown++;
    },
    dispose: () => {
      record.disposed = true;
    },
  };
}

/** A webview whose page is played by the test: `deliver` plays a message from the page. */
function createFakeWebview() {
  const received = new EventEmitter();
  /** @type {unknown[]} */
  const posted = [];
  return {
    options: {},
    html: '',
    cspSource: 'https://fake.vscode-cdn.net',
    posted,
    visible: true,
    /** @param {Uri} uri */
    asWebviewUri: (uri) => new Uri('https', `fake.vscode-cdn.net${uri.path}`),
    /** @param {unknown} message */
    postMessage(message) {
      posted.push(message);
      return Promise.resolve(this.visible);
    },
    onDidReceiveMessage: received.event,
    /** @param {unknown} message */
    deliver: (message) => received.fire(message),
  };
}

function createFakeWebviewView() {
  const disposed = new EventEmitter();
  return { webview: createFakeWebview(), visible: true, onDidDispose: disposed.event, onDidChangeVisibility: new EventEmitter().event, dispose: () => disposed.fire(undefined) };
}

/** A minimal ExtensionContext for activation outside an editor. */
function createExtensionContext(extensionPath = '/fake/extension', extensionMode = 1) {
  return {
    subscriptions: /** @type {FakeDisposable[]} */ ([]),
    extensionUri: Uri.file(extensionPath),
    extensionPath,
    extensionMode,
    globalState: createMemento(),
    secrets: {
      /** @param {string} key */
      get: async (key) => fake.secrets.get(key),
      /** @param {string} key @param {string} value */
      store: async (key, value) => void fake.secrets.set(key, value),
      /** @param {string} key */
      delete: async (key) => void fake.secrets.delete(key),
      onDidChange: new EventEmitter().event,
    },
  };
}

/** An in-memory Memento (global state). */
function createMemento() {
  /** @type {Map<string, unknown>} */
  const values = new Map();
  return {
    /** @param {string} key @param {unknown} [fallback] */
    get: (key, fallback) => (values.has(key) ? values.get(key) : fallback),
    /** @param {string} key @param {unknown} value */
    update: async (key, value) => void values.set(key, value),
    keys: () => [...values.keys()],
  };
}

module.exports = {
  __fake: fake,
  __createTextDocument: createTextDocument,
  Position,
  Range,
  TabInputText: class {},
  TabInputTextDiff: class {},
  TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ThemeColor,
  MarkdownString,
  FileDecoration,
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  languages: {
    /** What every diagnostic collection holds for a file (the other extensions' are none). @param {Uri} uri */
    getDiagnostics: (uri) => fake.diagnostics.get(uri.toString()) ?? [],
    /** @param {string} _name */
    createDiagnosticCollection: (_name) => {
      // Collections share one map, keyed by URI; each clears only what it set.
      /** @type {Set<string>} */
      const mine = new Set();
      const clear = () => {
        for (const key of mine) fake.diagnostics.delete(key);
        mine.clear();
      };
      return {
        /** @param {Uri} uri @param {any[]} diagnostics */
        set: (uri, diagnostics) => {
          mine.add(uri.toString());
          fake.diagnostics.set(uri.toString(), diagnostics);
        },
        /** @param {Uri} uri */
        delete: (uri) => {
          mine.delete(uri.toString());
          fake.diagnostics.delete(uri.toString());
        },
        clear,
        dispose: clear,
      };
    },
  },
  __createFakeWebviewView: createFakeWebviewView,
  __createExtensionContext: createExtensionContext,
  version: '1.96.0',
  // The language model API: absent here, as in an editor without it; a test may provide it.
  lm: undefined,
  LanguageModelChatMessage: undefined,
  LanguageModelError: undefined,
  CancellationTokenSource: undefined,
  Disposable: FakeDisposable,
  // No other extension is installed in the in-memory editor.
  extensions: {
    all: [],
    getExtension: () => undefined,
    onDidChange: new EventEmitter().event,
  },
  EventEmitter,
  Uri,
  UIKind: { Desktop: 1, Web: 2 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  env: {
    get isTelemetryEnabled() {
      return fake.telemetryEnabled;
    },
    onDidChangeTelemetryEnabled: fake.telemetryChanged.event,
    appName: 'Fake Code',
    language: 'en',
    uiKind: 1,
    clipboard: {
      /** @param {string} text */
      writeText: async (text) => void (fake.clipboard = text),
      readText: async () => fake.clipboard,
    },
  },
  l10n: {
    t,
    get bundle() {
      return fake.l10nBundle;
    },
  },
  window: {
    /** @param {string} name */
    createOutputChannel: (name) => createLogChannel(name),
    // No tab is open in the in-memory editor, and a shown document gets an editor nobody sees.
    tabGroups: { all: [], onDidChangeTabs: new EventEmitter().event },
    visibleTextEditors: [],
    /** @param {any} document */
    showTextDocument: async (document) => ({ document, selections: [], revealRange: () => undefined }),
    createStatusBarItem,
    onDidChangeActiveTextEditor: fake.activeEditorChanged.event,
    /** @param {any} provider */
    registerFileDecorationProvider: (provider) => {
      fake.decorationProviders.push(provider);
      return new FakeDisposable(() => fake.decorationProviders.splice(fake.decorationProviders.indexOf(provider), 1));
    },
    get activeTextEditor() {
      return fake.activeTextEditor;
    },
    /** @param {string} message */
    showInformationMessage: (message) => {
      fake.infoMessages.push(message);
      return Promise.resolve(undefined);
    },
    /** @param {string} message */
    showWarningMessage: (message) => {
      fake.warningMessages.push(message);
      return Promise.resolve(undefined);
    },
    /** @param {unknown} _options @param {(progress: unknown, token: unknown) => Promise<unknown>} task */
    withProgress: (_options, task) => task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new FakeDisposable(() => undefined) }),
    /** @param {any[] | Promise<any[]>} items */
    showQuickPick: async (items) => {
      const shown = await items;
      fake.quickPicks.push(shown);
      const answer = fake.quickPickAnswers.shift();
      return answer ? answer(shown) : undefined;
    },
    /**
     * A quick pick built by the extension. It answers like `showQuickPick`, from
     * `quickPickAnswers`, once shown; an answer gets the pick too, so a test can type into its
     * filter box (`pick.type(text)`) and read what it shows (`pick.value`). An answer that
     * returns a string types it and presses Enter with nothing selected.
     */
    createQuickPick: () => createFakeQuickPick(),
    /** @param {unknown} options */
    showInputBox: async (options) => {
      fake.inputBoxes.push(options);
      return fake.inputAnswers.shift();
    },
    /** @param {string} message */
    showErrorMessage: (message) => {
      fake.errorMessages.push(message);
      return Promise.resolve(undefined);
    },
    /** @param {string} id @param {unknown} provider */
    registerWebviewViewProvider: (id, provider) => {
      fake.viewProviders.set(id, provider);
      return new FakeDisposable(() => fake.viewProviders.delete(id));
    },
  },
  commands: {
    /** @param {string} id @param {(...args: unknown[]) => unknown} handler */
    registerCommand: (id, handler) => {
      if (fake.commands.has(id)) throw new Error(`command '${id}' already exists`);
      fake.commands.set(id, handler);
      return new FakeDisposable(() => fake.commands.delete(id));
    },
    /** @param {string} id @param {unknown[]} args */
    executeCommand: async (id, ...args) => {
      fake.executed.push({ id, args });
      const handler = fake.commands.get(id);
      if (!handler) throw new Error(`command '${id}' not found`);
      return handler(...args);
    },
    getCommands: async () => [...fake.commands.keys()],
  },
  workspace: {
    isTrusted: true,
    /** A virtual document (an AI answer), opened empty. @param {Uri} uri */
    openTextDocument: async (uri) => ({ ...createTextDocument(uri.path, ''), uri }),
    get workspaceFolders() {
      return fake.workspaceFolderPaths?.map((path, index) => ({ uri: Uri.file(path), name: path.replace(/^.*\//, ''), index }));
    },
    get textDocuments() {
      return fake.textDocuments;
    },
    onDidOpenTextDocument: fake.documentOpened.event,
    onDidChangeTextDocument: fake.documentChanged.event,
    onDidCloseTextDocument: fake.documentClosed.event,
    onDidChangeConfiguration: new EventEmitter().event,
    onDidGrantWorkspaceTrust: new EventEmitter().event,
    onDidChangeWorkspaceFolders: new EventEmitter().event,
    findFiles: async () => {
      await fake.slowFindFiles;
      return [...fake.files.keys()].map((path) => Uri.file(path));
    },
    /** @param {string} _scheme @param {unknown} _provider */
    registerTextDocumentContentProvider: (_scheme, _provider) => new FakeDisposable(() => undefined),
    /** @param {Uri | string} pathOrUri */
    asRelativePath: (pathOrUri) => (typeof pathOrUri === 'string' ? pathOrUri : pathOrUri.path),
    createFileSystemWatcher: () => {
      const never = new EventEmitter().event;
      return { onDidChange: fake.fileChanged.event, onDidCreate: never, onDidDelete: never, dispose: () => undefined };
    },
    fs: {
      /** The files and folders of the fake disk directly inside a folder (none: it does not exist). @param {Uri} uri */
      readDirectory: async (uri) => {
        const prefix = `${uri.path.replace(/\/$/, '')}/`;
        /** @type {Map<string, number>} */
        const entries = new Map();
        for (const path of fake.files.keys()) {
          if (!path.startsWith(prefix)) continue;
          const [name, ...rest] = path.slice(prefix.length).split('/');
          if (name) entries.set(name, rest.length > 0 ? 2 : 1);
        }
        if (entries.size === 0) throw new Error(`ENOENT: ${uri.path} is not a folder on the fake disk`);
        return [...entries];
      },
      /** @param {Uri} uri */
      readFile: async (uri) => {
        const text = fake.files.get(uri.path);
        return text === undefined ? Promise.reject(new Error(`ENOENT: ${uri.path} is not on the fake disk`)) : new TextEncoder().encode(text);
      },
    },
    /** @param {string} section */
    getConfiguration: (section) => ({
      /** @param {string} key */
      get: (key) => fake.settings[`${section}.${key}`],
    }),
  },
};
