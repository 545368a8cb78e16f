import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The collector's secret: the configured one (`--secret`), or one drawn at the first start
 * and kept beside a SQLite file in `<db>.secret`, readable by its owner only. A database named
 * by URL (PostgreSQL) has no "beside": undefined, and the caller keeps it in the database.
 */
export function isDatabaseUrl(db: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(db);
}

export function collectorSecret(configured: string | undefined, db: string): string | undefined {
  if (configured !== undefined) return configured;
  if (isDatabaseUrl(db)) return undefined;
  const file = `${db}.secret`;
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 16) throw new Error(`${file} does not hold a usable secret (16 characters or more); remove it only if no installation id was issued with it`);
    return secret;
  }
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
