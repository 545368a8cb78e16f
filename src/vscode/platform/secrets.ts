import type * as vscode from 'vscode';
import type { SecretStore } from '../../core/ports';

/** The editor's SecretStorage as the core's port (its methods return thenables, the port promises). */
export function secretStoreOf(storage: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}
