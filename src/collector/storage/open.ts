import type { Driver } from './driver';
import { SqliteDriver } from './sqlite';

/** Whether `--db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens the database `--db` names: a PostgreSQL URL, or a SQLite file (created if missing). */
export async function openDriver(location: string): Promise<Driver> {
  if (isPostgresUrl(location)) {
    const { PostgresDriver } = await import('./postgres');
    return PostgresDriver.open(location);
  }
  return SqliteDriver.open(location);
}
