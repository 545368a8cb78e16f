import type { AuditStorage, SpendingLedgerStorage } from '../../src/core/audit';

/** An audit file in memory, with the same contract as the disk one (whole-line appends, a lock). */
export class MemoryAuditStorage implements AuditStorage {
  text: string | undefined;
  readonly asides: Array<{ name: string; text: string }> = [];
  failWrites = false;
  /** Appends fail while the file still opens, as on a full disk (`/dev/full`). */
  diskFull = false;
  private locked: Promise<void> = Promise.resolve();
  readonly identity = '/memory/audit.jsonl';
  /** The files beside the log (`verified`, `forwarded`), by name. */
  readonly sidecars = new Map<string, string>();

  sidecar(name: 'verified' | 'forwarded') {
    return {
      read: () => Promise.resolve(this.sidecars.get(name)),
      write: (text: string) => {
        this.sidecars.set(name, text);
        return Promise.resolve();
      },
    };
  }

  constructor(text?: string) {
    this.text = text;
  }

  read(): Promise<string | undefined> {
    return Promise.resolve(this.text);
  }

  readLastLine(): Promise<string | undefined> {
    if (this.text === undefined || this.text === '') return Promise.resolve(undefined);
    return Promise.resolve(this.text.slice(this.text.lastIndexOf('\n', this.text.length - 2) + 1));
  }

  append(text: string): Promise<void> {
    if (this.failWrites || this.diskFull) return Promise.reject(new Error('ENOSPC: no space left on device'));
    this.text = (this.text ?? '') + text;
    return Promise.resolve();
  }

  replace(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }

  probe(): Promise<void> {
    return this.failWrites ? Promise.reject(new Error('EROFS: read-only file system')) : Promise.resolve();
  }

  /** The head file's text. */
  head: string | undefined;

  readHead(): Promise<string | undefined> {
    return Promise.resolve(this.head);
  }

  writeHead(text: string): Promise<void> {
    if (this.failWrites || this.diskFull) return Promise.reject(new Error('ENOSPC: no space left on device'));
    this.head = text;
    return Promise.resolve();
  }

  keepAside(text: string): Promise<string> {
    const name = `audit.jsonl.torn-${this.asides.length + 1}`;
    this.asides.push({ name, text });
    return Promise.resolve(name);
  }

  setAside(): Promise<string> {
    const name = `audit.jsonl.corrupt-${this.asides.length + 1}`;
    this.asides.push({ name, text: this.text ?? '' });
    this.text = undefined;
    return Promise.resolve(name);
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.locked;
    let release: () => void = () => undefined;
    this.locked = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** A spending ledger in memory, with a lock, counting its writes. */
export class MemoryLedgerStorage implements SpendingLedgerStorage {
  text: string | undefined;
  private locked: Promise<void> = Promise.resolve();

  read(): Promise<string | undefined> {
    return Promise.resolve(this.text);
  }

  write(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.locked;
    let release: () => void = () => undefined;
    this.locked = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
