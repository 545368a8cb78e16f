import * as vscode from 'vscode';
import type * as ClassificationModule from '../../core/classification';
import type { FileChange, PolicyStore } from '../../core/classification';
import { describeError } from '../../core/errors';
import { normaliseLocale } from '../../core/locale';
import type { Problem } from '../../core/policy';
import type * as PolicyModule from '../../core/policy';
import type { Logger } from '../../core/ports';
import { DIAGNOSTIC_SOURCE, NAMESPACE, Settings } from '../../shared/ids';
import { fetchHttp } from '../../node/http';
import { getSetting } from '../platform/configuration';

/** The policy and classification modules: loaded after activation, on first use. */
export type ClassificationEngine = typeof ClassificationModule & typeof PolicyModule;
let engineModule: Promise<ClassificationEngine> | undefined;
export function loadClassificationEngine(): Promise<ClassificationEngine> {
  engineModule ??= Promise.all([import('../../core/classification'), import('../../core/policy')]).then(([classification, policy]) => ({ ...classification, ...policy }));
  return engineModule;
}

/** Every file the store tracks: policies and the AI tools' ignore files, in any folder. */
function trackedGlob(engine: ClassificationEngine): string {
  return `**/{${[`${engine.POLICY_FOLDER}/${engine.POLICY_FILE_NAME}`, ...engine.AI_IGNORE_FILES].join(',')}}`;
}
/** Dependencies' folders hold other people's policies and ignore files, which govern nothing here. */
const EXCLUDED_FOLDERS = '**/{node_modules,.git}/**';
/** What the user's own layer is called in problems and reasons. */
const USER_POLICY_NAME = `settings.json (${NAMESPACE}.${Settings.userPolicy})`;
const ORG_CACHE_PREFIX = 'aiGuard.cache:';

/**
 * Keeps the core's PolicyStore in step with the workspace: the folders, every policy and AI
 * ignore file in them (found at start, then followed by a file watcher), the organisation policy
 * from the machine setting (with an offline copy in global state), the user's own layer and the
 * display language. Policy problems go to the Problems panel, at their line and column.
 */
export class WorkspacePolicies implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly problems = vscode.languages.createDiagnosticCollection('aiGuard.policy');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the policies, ignore files or settings changed: every classification may differ. */
  readonly onDidChange = this.changed.event;
  private readonly ready: Promise<PolicyStore>;
  private orgLoad = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
  ) {
    this.disposables.push(this.problems, this.changed);
    this.ready = this.start();
  }

  /** The store, once the workspace's policy files have been read. */
  store(): Promise<PolicyStore> {
    return this.ready;
  }

  private async start(): Promise<PolicyStore> {
    const engine = await loadClassificationEngine();
    const store = new engine.PolicyStore({ locale: normaliseLocale(vscode.env.language), displayPath: (path) => vscode.workspace.asRelativePath(path) });
    this.disposables.push(
      store.onDidChange(() => {
        this.showProblems(store.problems());
        this.changed.fire();
      }),
    );
    store.setRoots(this.roots());
    this.applyUserPolicy(store);

    const watcher = vscode.workspace.createFileSystemWatcher(trackedGlob(engine));
    const reread = (uri: vscode.Uri) => void this.read([uri]).then((changes) => store.apply(changes));
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reread),
      watcher.onDidChange(reread),
      watcher.onDidDelete((uri) => store.remove(uri.fsPath)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        store.setRoots(this.roots());
        void this.readAll(engine).then((changes) => store.apply(changes));
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${NAMESPACE}.${Settings.userPolicy}`)) this.applyUserPolicy(store);
        if (event.affectsConfiguration(`${NAMESPACE}.${Settings.orgPolicy}`)) void this.loadOrganisationPolicy(engine, store);
      }),
    );
    store.apply(await this.readAll(engine));
    await this.loadOrganisationPolicy(engine, store);
    return store;
  }

  private roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  }

  private async readAll(engine: ClassificationEngine): Promise<FileChange[]> {
    const uris = await vscode.workspace.findFiles(trackedGlob(engine), EXCLUDED_FOLDERS);
    return this.read(uris);
  }

  /**
   * Reads files for the store. One that cannot be read is reported as such (a policy that
   * cannot be read fails closed, it is not taken as deleted), and the log says why.
   */
  private async read(uris: readonly vscode.Uri[]): Promise<FileChange[]> {
    return Promise.all(
      uris.map(async (uri): Promise<FileChange> => {
        try {
          return { path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
        } catch (error) {
          this.logger.warn(`Could not read ${uri.fsPath}: ${describeError(error)}`);
          return { path: uri.fsPath, text: undefined, unreadable: describeError(error) };
        }
      }),
    );
  }

  private applyUserPolicy(store: PolicyStore): void {
    const value = getSetting(Settings.userPolicy);
    store.setUserPolicy(Object.keys(value).length === 0 ? undefined : { file: USER_POLICY_NAME, value: { version: 1, ...value } });
  }

  /**
   * Loads the organisation policy named by the machine setting. Loads can overlap when the
   * setting changes quickly; only the latest one is applied.
   */
  private async loadOrganisationPolicy(engine: ClassificationEngine, store: PolicyStore): Promise<void> {
    const location = getSetting(Settings.orgPolicy).trim();
    const load = ++this.orgLoad;
    if (location === '') {
      store.setOrganisationPolicy(undefined);
      return;
    }
    const state = this.context.globalState;
    const result = await engine.loadOrganisationPolicy(location, {
      readFile: (path) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.file(path))),
      http: fetchHttp(),
      cache: {
        get: (key) => Promise.resolve(state.get<string>(ORG_CACHE_PREFIX + key)),
        set: (key, value) => Promise.resolve(state.update(ORG_CACHE_PREFIX + key, value)),
      },
    });
    if (load !== this.orgLoad) return;
    for (const problem of result.problems) this.logger.warn(`Organisation policy ${location}: ${problem.message}`);
    store.setOrganisationPolicy({ file: result.file, text: result.text, problems: result.problems });
  }

  /** Policy problems in the Problems panel, for the files that are on this machine. */
  private showProblems(all: ReadonlyMap<string, readonly Problem[]>): void {
    this.problems.clear();
    for (const [file, problems] of all) {
      if (!file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file)) {
        // The organisation policy from a URL and the user's settings have no file to point at.
        for (const problem of problems) this.logger.warn(`${file}:${problem.line}:${problem.column}: ${problem.message}`);
        continue;
      }
      this.problems.set(vscode.Uri.file(file), problems.map(toDiagnostic));
    }
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
  const end = problem.endLine !== undefined && problem.endColumn !== undefined ? new vscode.Position(Math.max(0, problem.endLine - 1), Math.max(0, problem.endColumn - 1)) : start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}
