import * as fs from 'node:fs';

/*
 * The part of `node:fs/promises` that our Node adapters use, answered by synchronous calls, for
 * the hook bundle only (`dist/hook-main.js`: the build's `syncFsPlugin` puts this module in place
 * of `node:fs/promises` there). A hook is a process that answers one request and exits: there is
 * nothing to do while a file is read, so each asynchronous call only adds a round trip through
 * libuv's thread pool, about 0.1 ms on a quiet machine and over 0.5 ms on a loaded one, some forty
 * times per decision. The promises stay, so the code that calls them is the same everywhere.
 *
 * What could block for good is never done synchronously, because then our own timeout could not
 * fire and the tool would give up on the hook instead of reading a refusal: files are opened
 * non-blocking (a FIFO with no writer opens at once instead of waiting), and a path that is not a
 * regular file is read through the real `node:fs/promises`, whose thread-pool wait leaves the
 * event loop free. Metadata calls (stat, mkdir, rename…) do not wait on another process.
 */

type Encoding = BufferEncoding | { encoding?: BufferEncoding | null; mode?: number; flag?: string } | null | undefined;
type Flags = string | number;

function encodingOf(options: Encoding): BufferEncoding | undefined {
  if (typeof options === 'string') return options;
  return options?.encoding ?? undefined;
}

/** Adds `O_NONBLOCK` to a flag string or number, so that opening a FIFO never waits for its other end. */
function nonBlocking(flags: Flags | undefined): number {
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK } = fs.constants;
  if (typeof flags === 'number') return flags | O_NONBLOCK;
  const table: Record<string, number> = {
    r: O_RDONLY,
    'r+': O_RDWR,
    w: O_WRONLY | O_CREAT | O_TRUNC,
    wx: O_WRONLY | O_CREAT | O_TRUNC | O_EXCL,
    'w+': O_RDWR | O_CREAT | O_TRUNC,
    'wx+': O_RDWR | O_CREAT | O_TRUNC | O_EXCL,
    a: O_WRONLY | O_CREAT | O_APPEND,
    ax: O_WRONLY | O_CREAT | O_APPEND | O_EXCL,
    'a+': O_RDWR | O_CREAT | O_APPEND,
    'ax+': O_RDWR | O_CREAT | O_APPEND | O_EXCL,
  };
  const value = table[flags ?? 'r'];
  if (value === undefined) throw new TypeError(`unsupported open flags: ${String(flags)}`);
  return value | O_NONBLOCK;
}

/** The real module, loaded only when a path that is not a regular file must be read without blocking the event loop. */
function realPromises(): typeof fs.promises {
  return fs.promises;
}

/** The subset of `FileHandle` our adapters call. */
export class FileHandle {
  constructor(readonly fd: number) {}

  async stat(): Promise<fs.Stats> {
    return fs.fstatSync(this.fd);
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    return { bytesRead: fs.readSync(this.fd, buffer, offset, length, position), buffer };
  }

  async writeFile(data: string | Uint8Array, options?: Encoding): Promise<void> {
    fs.writeFileSync(this.fd, data, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
  }

  async appendFile(data: string | Uint8Array, options?: Encoding): Promise<void> {
    fs.writeFileSync(this.fd, data, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
  }

  async datasync(): Promise<void> {
    fs.fdatasyncSync(this.fd);
  }

  async sync(): Promise<void> {
    fs.fsyncSync(this.fd);
  }

  async close(): Promise<void> {
    fs.closeSync(this.fd);
  }
}

export async function open(path: string, flags?: Flags, mode?: number): Promise<FileHandle> {
  return new FileHandle(fs.openSync(path, nonBlocking(flags), mode));
}

export async function readFile(path: string, options?: Encoding): Promise<string | Buffer> {
  const fd = fs.openSync(path, nonBlocking('r'));
  let regular: boolean;
  try {
    regular = fs.fstatSync(fd).isFile();
    if (regular) return fs.readFileSync(fd, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
  } finally {
    fs.closeSync(fd);
  }
  return realPromises().readFile(path, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
}

export async function writeFile(path: string, data: string | Uint8Array, options?: Encoding): Promise<void> {
  const flag = typeof options === 'object' && options !== null ? options.flag : undefined;
  const mode = typeof options === 'object' && options !== null ? options.mode : undefined;
  const fd = fs.openSync(path, nonBlocking(flag ?? 'w'), mode ?? 0o666);
  try {
    fs.writeFileSync(fd, data, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
  } finally {
    fs.closeSync(fd);
  }
}

export async function appendFile(path: string, data: string | Uint8Array, options?: Encoding): Promise<void> {
  const mode = typeof options === 'object' && options !== null ? options.mode : undefined;
  const fd = fs.openSync(path, nonBlocking('a'), mode ?? 0o666);
  try {
    fs.writeFileSync(fd, data, encodingOf(options) !== undefined ? { encoding: encodingOf(options) } : undefined);
  } finally {
    fs.closeSync(fd);
  }
}

export async function stat(path: string): Promise<fs.Stats> {
  return fs.statSync(path);
}

export async function lstat(path: string): Promise<fs.Stats> {
  return fs.lstatSync(path);
}

export async function mkdir(path: string, options?: fs.MakeDirectoryOptions): Promise<string | undefined> {
  return fs.mkdirSync(path, options);
}

export async function readdir(path: string, options: { withFileTypes: true }): Promise<fs.Dirent[]> {
  return fs.readdirSync(path, options);
}

export async function realpath(path: string): Promise<string> {
  // The native call, as `fs.promises.realpath` makes.
  return fs.realpathSync.native(path);
}

export async function rename(from: string, to: string): Promise<void> {
  fs.renameSync(from, to);
}

export async function link(existing: string, path: string): Promise<void> {
  fs.linkSync(existing, path);
}

export async function rm(path: string, options?: fs.RmOptions): Promise<void> {
  fs.rmSync(path, options);
}
