/**
 * Path arithmetic for classification, on plain strings. The core sees paths from the editor
 * (`Uri.fsPath`), from a terminal and from tests, on Linux, macOS and Windows; it turns them all
 * into one form — `/` separators, no `.` or `..` segments, no trailing `/` — so that the same
 * file always has the same key. It never touches a disk.
 */

const DRIVE = /^[A-Za-z]:\//;

/** Anything `normalisePath` would change: `\`, `//`, `.` or `..` segments, a trailing `/`. */
const NOT_CANONICAL = /\\|\/\/|(?:^|\/)\.\.?(?:\/|$)|.\/$/;

/**
 * The canonical form of a path: `\` becomes `/`, repeated separators collapse, `.` segments
 * vanish and `..` segments are resolved lexically (never above the start of an absolute path).
 * A relative path stays relative; `''` means "the folder itself".
 */
export function normalisePath(path: string): string {
  if (!NOT_CANONICAL.test(path)) return path;
  const slashed = path.replace(/\\/g, '/');
  const drive = DRIVE.exec(slashed)?.[0] ?? '';
  const absolute = drive !== '' || slashed.startsWith('/');
  const rest = drive !== '' ? slashed.slice(drive.length) : slashed;
  const out: string[] = [];
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const body = out.join('/');
  if (drive !== '') return `${drive}${body}`;
  return absolute ? `/${body}` : body;
}

/** Whether a canonical path is absolute: `/…` or a Windows drive `C:/…`. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || DRIVE.test(path);
}

/** `folder` joined with a relative `path`, canonical. */
export function joinPath(folder: string, path: string): string {
  if (folder === '') return normalisePath(path);
  return normalisePath(`${folder}/${path}`);
}

/** The folder part of a canonical path (`''` for a bare name, `/` for a file at the root). */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '';
  if (slash === 0) return '/';
  if (slash === 2 && DRIVE.test(path)) return path.slice(0, 3);
  return path.slice(0, slash);
}

/** The last segment of a canonical path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * `path` relative to `folder` when it lies inside it (`''` when it is the folder itself), or
 * undefined when it does not. Both are canonical; a relative folder `''` contains every
 * relative path.
 */
export function relativeInside(folder: string, path: string): string | undefined {
  if (folder === '') return isAbsolutePath(path) ? undefined : path;
  if (path === folder) return '';
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * An absolute path made relative to the top of its file system (`/etc/x` → `etc/x`,
 * `C:/x` → `x`), for matching patterns against files outside every workspace folder.
 */
export function withoutRoot(path: string): string {
  const drive = DRIVE.exec(path)?.[0];
  if (drive !== undefined) return path.slice(drive.length);
  return path.startsWith('/') ? path.slice(1) : path;
}

/** Every proper ancestor of a relative path, outermost first: `a/b/c` → `['', 'a', 'a/b']`. */
export function ancestorsOf(relative: string): string[] {
  const out = [''];
  let slash = relative.indexOf('/');
  while (slash >= 0) {
    out.push(relative.slice(0, slash));
    slash = relative.indexOf('/', slash + 1);
  }
  return out;
}
