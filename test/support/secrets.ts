import type { SecretStore } from '../../src/core/ports';

/** An in-memory keychain; `failing` makes every read reject, like a desktop without a keyring. */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  failing = false;

  constructor(entries: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(entries)) this.entries.set(key, value);
  }

  async get(key: string): Promise<string | undefined> {
    if (this.failing) throw new Error('Cannot access the keyring');
    return this.entries.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
