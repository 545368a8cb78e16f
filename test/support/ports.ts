import type { CliIo } from '../../src/cli/io';
import { AuditLog, type AuditStorage } from '../../src/core/audit';
import type { DirectoryEntry, FileReader, Http, HttpResponse, TextCache } from '../../src/core/ports';

/**
 * In-memory fakes of the core's ports, for unit tests: a file tree, an HTTP server and a cache.
 * Paths are absolute with `/`; folders exist implicitly, as the parents of files (or when
 * listed in `folders`).
 */
export class MemoryFiles implements FileReader {
  readonly files = new Map<string, Uint8Array>();
  readonly unreadable = new Set<string>();
  private readonly extraFolders = new Set<string>();

  constructor(files: Record<string, string | Uint8Array> = {}, folders: readonly string[] = []) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
    for (const folder of folders) this.extraFolders.add(folder);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const content = this.files.get(path);
    if (content === undefined || this.unreadable.has(path)) throw new Error(`ENOENT: no such file, open '${path}'`);
    return content;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const prefix = path === '/' ? '/' : `${path}/`;
    const entries = new Map<string, DirectoryEntry['kind']>();
    const consider = (candidate: string, isFile: boolean) => {
      if (!candidate.startsWith(prefix)) return;
      const rest = candidate.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (rest === '') return;
      if (slash < 0) entries.set(rest, isFile ? 'file' : 'directory');
      else entries.set(rest.slice(0, slash), 'directory');
    };
    for (const file of this.files.keys()) consider(file, true);
    for (const folder of this.extraFolders) consider(folder, false);
    if (entries.size === 0 && !this.isFolder(path)) throw new Error(`ENOENT: no such directory, scandir '${path}'`);
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  private isFolder(path: string): boolean {
    return [...this.files.keys(), ...this.extraFolders].some((file) => file.startsWith(`${path}/`)) || this.extraFolders.has(path);
  }
}

/** An HTTP server answering from a table; `calls` records the URLs asked for. */
export class FakeHttp implements Http {
  readonly calls: string[] = [];
  constructor(public routes: Record<string, HttpResponse | Error>) {}

  async get(url: string): Promise<HttpResponse> {
    this.calls.push(url);
    const route = this.routes[url];
    if (route === undefined) throw new Error(`getaddrinfo ENOTFOUND ${new URL(url).hostname}`);
    if (route instanceof Error) throw route;
    return route;
  }
}

export class MemoryCache implements TextCache {
  readonly entries = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }
}

/** A CLI run against an in-memory disk: returns the exit code and what was printed. */
export async function runCliOn(
  run: (argv: string[], io: CliIo) => Promise<number>,
  argv: string[],
  files: MemoryFiles,
  options: { cwd?: string; env?: Record<string, string>; http?: Http; cache?: TextCache; stdin?: string; audit?: AuditStorage; interrupts?: CliIo['interrupts']; onStdout?: (text: string) => void } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd ?? '/',
    readFile: (path) => files.readFile(path),
    readStdin: () => Promise.resolve(new TextEncoder().encode(options.stdin ?? '')),
    readDirectory: (path) => files.readDirectory(path),
    ...(options.http ? { http: options.http } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.interrupts ? { interrupts: options.interrupts } : {}),
    ...(options.audit ? { auditLog: (path: string | undefined) => ({ log: new AuditLog(options.audit as AuditStorage), path: path ?? 'audit.jsonl' }) } : {}),
  });
  return { code, stdout, stderr };
}
