import type { Driver } from './driver';
import { SqliteDriver } from './sqlite';
import { isPostgresUrl } from './url';

export { isPostgresUrl };

/** Opens the database `--db` names: a PostgreSQL URL, or a SQLite file (created if missing). */
export async function openDriver(location: string): Promise<Driver> {
  if (isPostgresUrl(location)) {
    const { PostgresDriver } = await import('./postgres');
    return PostgresDriver.open(location);
  }
  return SqliteDriver.open(location);
}
