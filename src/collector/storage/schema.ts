import { toolSchemaSql } from '../signals/rollups';
import type { Dialect, Driver, Sql } from './driver';

/**
 * The collector's tables, in one place for both engines. A change to them is a new
 * `SCHEMA_VERSION` and, for databases that exist already, a step in `MIGRATIONS` that upgrades
 * from the version before (columns added with `ALTER TABLE … ADD COLUMN`, written in the subset
 * both engines accept). New tables need no step: `CREATE TABLE IF NOT EXISTS` below adds them.
 *
 * Raw events are kept (with the resource they came from) so that nothing is lost and new views
 * can be computed later; the dashboard reads only rollups, updated in the same transaction as
 * each insert, so its queries cost the same over a thousand events or a million:
 * - `weekly`: per dimension (template, profile, provider kind, reason, team, …), week and value,
 *   the sums the dashboard shows, and how many distinct installations contributed that week;
 * - `member`: which installations contributed to each (dimension, value, week), so that the
 *   distinct installations of a group over several weeks can be counted exactly when the weekly
 *   counts alone cannot prove it reaches the k-anonymity threshold;
 * - `activity` and `daily`: the installations active each day, and their number.
 */

export const SCHEMA_VERSION = 4;

/**
 * `MIGRATIONS[n]` upgrades a database of version n to n + 1.
 * 1 → 2: schema 1 told events apart by installation, time and name, so two events of one
 * millisecond were one; schema 2 by the event's own id (`uid`). Old events keep a uid of their row id.
 * 2 → 3: the version moves from SQLite's `user_version` to the `schema_version` table both engines have.
 * 3 → 4: other AI tools' signals and their rollups (new tables only: `toolSchemaSql`).
 */
const MIGRATIONS: Record<number, (dialect: Dialect) => string> = {
  1: () => `ALTER TABLE events ADD COLUMN uid TEXT; UPDATE events SET uid = 'v1:' || id; DROP INDEX IF EXISTS events_once;`,
  2: () => '',
  3: () => '',
};

export function schemaSql(d: Dialect): string {
  return `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS installations (id ${d.serialKey}, uid TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS resources (
  id ${d.serialKey},
  installation BIGINT NOT NULL REFERENCES installations(id),
  team TEXT NOT NULL,
  extension_version TEXT NOT NULL,
  editor TEXT NOT NULL,
  editor_version TEXT NOT NULL,
  UNIQUE (installation, team, extension_version, editor, editor_version)
);
CREATE TABLE IF NOT EXISTS events (
  id ${d.serialKey},
  time BIGINT NOT NULL,
  received BIGINT NOT NULL,
  name TEXT NOT NULL,
  installation BIGINT NOT NULL,
  resource BIGINT NOT NULL REFERENCES resources(id),
  attributes TEXT NOT NULL,
  uid TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_uid ON events (installation, uid);
CREATE INDEX IF NOT EXISTS events_time ON events (time);
CREATE TABLE IF NOT EXISTS activity (day INTEGER NOT NULL, installation BIGINT NOT NULL, PRIMARY KEY (day, installation))${d.keyedTable};
CREATE TABLE IF NOT EXISTS daily (day INTEGER PRIMARY KEY, installations INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS member (dim TEXT NOT NULL, value TEXT NOT NULL, week INTEGER NOT NULL, installation BIGINT NOT NULL, PRIMARY KEY (dim, value, week, installation))${d.keyedTable};
CREATE TABLE IF NOT EXISTS weekly (
  dim TEXT NOT NULL,
  week INTEGER NOT NULL,
  value TEXT NOT NULL,
  installations INTEGER NOT NULL,
  events BIGINT NOT NULL,
  cost DOUBLE PRECISION NOT NULL,
  minutes BIGINT NOT NULL,
  rating_sum BIGINT NOT NULL,
  rating_count BIGINT NOT NULL,
  PRIMARY KEY (dim, week, value)
)${d.keyedTable};
${toolSchemaSql(d)}`;
}

/** The version of the database's tables; 0 for an empty database. */
async function versionOf(sql: Sql, dialect: Dialect): Promise<number> {
  const table =
    dialect.name === 'sqlite'
      ? await sql.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`)
      : await sql.all(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'`);
  if (table.length > 0) return Number((await sql.all('SELECT max(version) AS v FROM schema_version'))[0]?.v ?? 0);
  // Files written before version 3 (SQLite only) kept it in the header.
  return dialect.name === 'sqlite' ? Number((await sql.all('PRAGMA user_version'))[0]?.user_version ?? 0) : 0;
}

/**
 * Creates the tables, or upgrades them, in one transaction. Refuses a database that a newer
 * collector wrote, naming both versions, rather than read it half-understood.
 */
export async function ensureSchema(driver: Driver): Promise<void> {
  await driver.transaction(async (sql) => {
    const version = await versionOf(sql, driver.dialect);
    if (version > SCHEMA_VERSION) throw new Error(`the database ${driver.location} was written by a newer collector (schema ${version}; this one reads ${SCHEMA_VERSION})`);
    if (version === SCHEMA_VERSION) return;
    for (let from = version; from > 0 && from < SCHEMA_VERSION; from++) {
      const step = MIGRATIONS[from]?.(driver.dialect) ?? '';
      if (step !== '') await sql.exec(step);
    }
    await sql.exec(schemaSql(driver.dialect));
    await sql.run('DELETE FROM schema_version');
    await sql.run('INSERT INTO schema_version (version) VALUES (?)', [SCHEMA_VERSION]);
  });
}
