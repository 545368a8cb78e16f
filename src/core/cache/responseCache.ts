import { sha256Hex } from '../hash';
import type { ChatResult } from '../providers/types';

/** What identifies a call whose answer may be reused: the same redacted prompt to the same model of the same provider. */
export interface CacheKeyParts {
  providerId: string;
  model: string;
  system: string;
  user: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  // A JSON array keeps the parts apart: no two different splits of the same text give one key.
  return sha256Hex(JSON.stringify([parts.providerId, parts.model, parts.system, parts.user]));
}

interface Entry {
  result: ChatResult;
  expiresAt: number;
}

/**
 * Answers to identical redacted prompts, kept in memory for a while (the policy's `cache`
 * switch and TTL), so that asking the same thing twice costs once. What is kept is the
 * provider's answer as it came back, placeholders and all: it is restored with the session of
 * the run that reuses it, whose placeholders stand for the same values since the redacted
 * prompt is identical. Nothing is written to disk, and the oldest entries go first beyond
 * `capacity`.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 100) {}

  get(key: string, now: number): ChatResult | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  set(key: string, result: ChatResult, ttlMs: number, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { result, expiresAt: now + ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
