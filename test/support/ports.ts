import type { CliIo } from '../../src/cli/io';
import { AuditLog, type AuditStorage } from '../../src/core/audit';
import type { DirectoryEntry, FileReader, Http, HttpResponse, TextCache } from '../../src/core/ports';

/**
 * In-memory fakes of the core's ports, for unit tests: a file tree, an HTTP server and a cache.
 * Paths are absolute with `/`; folders exist implicitly, as the parents of files (or when
 * listed in `folders`). `link` makes a symbolic link (to a file or a folder, absolute or
 * relative to the link's folder): reads follow links, listings show them as `other` (as the
 * CLI does), and `realPath` resolves them.
 */
export class MemoryFiles implements FileReader {
  readonly files = new Map<string, Uint8Array>();
  readonly unreadable = new Set<string>();
  readonly links = new Map<string, string>();
  private readonly extraFolders = new Set<string>();

  constructor(files: Record<string, string | Uint8Array> = {}, folders: readonly string[] = []) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
    for (const folder of folders) this.extraFolders.add(folder);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  link(path: string, target: string): void {
    this.links.set(path, target);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const real = this.resolve(path);
    const content = this.files.get(real);
    if (content === undefined || this.unreadable.has(path) || this.unreadable.has(real)) throw new Error(`ENOENT: no such file, open '${path}'`);
    return content;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const real = this.resolve(path);
    const prefix = real === '/' ? '/' : `${real}/`;
    const entries = new Map<string, DirectoryEntry['kind']>();
    const consider = (candidate: string, kind: DirectoryEntry['kind']) => {
      if (!candidate.startsWith(prefix)) return;
      const rest = candidate.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (rest === '') return;
      if (slash < 0) entries.set(rest, kind);
      else if (!entries.has(rest.slice(0, slash))) entries.set(rest.slice(0, slash), 'directory');
    };
    for (const file of this.files.keys()) consider(file, 'file');
    for (const folder of this.extraFolders) consider(folder, 'directory');
    // A link is listed as what it is, whatever lies behind it.
    for (const link of this.links.keys()) consider(link, 'other');
    if (entries.size === 0 && !this.isFolder(real)) throw new Error(`ENOENT: no such directory, scandir '${path}'`);
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  async realPath(path: string): Promise<string> {
    const real = this.resolve(path);
    if (!this.files.has(real) && !this.isFolder(real)) throw new Error(`ENOENT: no such file or directory, realpath '${path}'`);
    return real;
  }

  /** `path` with every link along it replaced by its target, as the file system would (at most 40 links). */
  private resolve(path: string): string {
    let segments = path.split('/').filter((segment) => segment !== '');
    for (let hops = 0, index = 0; index < segments.length;) {
      const prefix = `/${segments.slice(0, index + 1).join('/')}`;
      const target = this.links.get(prefix);
      if (target === undefined) {
        index += 1;
        continue;
      }
      if (++hops > 40) throw new Error(`ELOOP: too many symbolic links, '${path}'`);
      const base = target.startsWith('/')
        ? target
        : `${segments
            .slice(0, index)
            .map((segment) => `/${segment}`)
            .join('')}/${target}`;
      const resolved: string[] = [];
      for (const segment of base.split('/')) {
        if (segment === '' || segment === '.') continue;
        if (segment === '..') resolved.pop();
        else resolved.push(segment);
      }
      segments = [...resolved, ...segments.slice(index + 1)];
      index = 0;
    }
    return `/${segments.join('/')}`;
  }

  private isFolder(path: string): boolean {
    return path === '/' || [...this.files.keys(), ...this.extraFolders].some((file) => file.startsWith(`${path}/`)) || this.extraFolders.has(path);
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
  options: {
    cwd?: string;
    env?: Record<string, string>;
    http?: Http;
    cache?: TextCache;
    stdin?: string;
    audit?: AuditStorage;
    git?: (args: readonly string[]) => Promise<string>;
    interrupts?: CliIo['interrupts'];
    onStdout?: (text: string) => void;
    hookTelemetry?: CliIo['hookTelemetry'];
  } = {},
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
    realPath: (path) => files.realPath(path),
    ...(options.git ? { git: options.git } : {}),
    ...(options.http ? { http: options.http } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.interrupts ? { interrupts: options.interrupts } : {}),
    ...(options.hookTelemetry ? { hookTelemetry: options.hookTelemetry } : {}),
    ...(options.audit ? { auditLog: (path: string | undefined) => ({ log: new AuditLog(options.audit as AuditStorage), path: path ?? 'audit.jsonl' }) } : {}),
  });
  return { code, stdout, stderr };
}
