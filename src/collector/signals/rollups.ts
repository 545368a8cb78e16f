import type { Dialect, Row, Sql, SqlValue } from '../storage/driver';
import { dayOf, weekOf } from '../time';
import type { ToolSignal } from './mapping';

/**
 * Every tool's signals, stored and rolled up like AI Guard's own events (see store.ts): the
 * raw signals (what each counted, never what the tool sent), and per dimension, week and
 * value the sums the dashboard shows with the number of distinct **enrolled** installations
 * that contributed. An installation that is not enrolled (a pseudonymous person, or an id the
 * collector did not issue) adds to the sums but never to that number, so it can never lift a
 * group to k. The daily activity per tool counts everyone, as the daily activity does.
 */

export type ToolDimension =
  | 'tool'
  | 'tool-team'
  | 'tool-session'
  | 'tool-prompt'
  | 'tool-tokens'
  | 'tool-cost'
  | 'tool-provider'
  | 'tool-lines'
  | 'tool-active'
  | 'tool-rating'
  | 'tool-minutes'
  | 'tool-block'
  | 'tool-redaction';

export function toolSchemaSql(d: Dialect): string {
  return `
CREATE TABLE IF NOT EXISTS signals (
  id ${d.serialKey},
  time BIGINT NOT NULL,
  received BIGINT NOT NULL,
  tool TEXT NOT NULL,
  kind TEXT NOT NULL,
  installation BIGINT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  cost DOUBLE PRECISION NOT NULL,
  provider TEXT NOT NULL,
  team TEXT NOT NULL,
  uid TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS signals_uid ON signals (installation, uid);
CREATE INDEX IF NOT EXISTS signals_time ON signals (time);
CREATE TABLE IF NOT EXISTS series (key TEXT NOT NULL, installation BIGINT NOT NULL, start_time BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (key, installation))${d.keyedTable};
CREATE TABLE IF NOT EXISTS tool_member (dim TEXT NOT NULL, value TEXT NOT NULL, week INTEGER NOT NULL, installation BIGINT NOT NULL, PRIMARY KEY (dim, value, week, installation))${d.keyedTable};
CREATE TABLE IF NOT EXISTS tool_weekly (
  dim TEXT NOT NULL,
  week INTEGER NOT NULL,
  value TEXT NOT NULL,
  installations INTEGER NOT NULL,
  events BIGINT NOT NULL,
  amount DOUBLE PRECISION NOT NULL,
  cost DOUBLE PRECISION NOT NULL,
  minutes BIGINT NOT NULL,
  rating_sum BIGINT NOT NULL,
  rating_count BIGINT NOT NULL,
  PRIMARY KEY (dim, week, value)
)${d.keyedTable};
CREATE TABLE IF NOT EXISTS tool_activity (day INTEGER NOT NULL, tool TEXT NOT NULL, installation BIGINT NOT NULL, PRIMARY KEY (day, tool, installation))${d.keyedTable};
CREATE TABLE IF NOT EXISTS tool_daily (day INTEGER NOT NULL, tool TEXT NOT NULL, installations INTEGER NOT NULL, PRIMARY KEY (day, tool))${d.keyedTable};
CREATE TABLE IF NOT EXISTS enrolments (day INTEGER PRIMARY KEY, issued INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS collector_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;
}

interface Amounts {
  amount?: number;
  cost?: number;
  minutes?: number;
  ratingSum?: number;
  ratingCount?: number;
}

/** The rollup cells one signal adds to, with what it adds. */
export function contributionsOf(signal: ToolSignal, quantity: number): Array<[ToolDimension, string, Amounts]> {
  const { tool } = signal;
  const cost = quantity * signal.costPerUnit;
  const cells: Array<[ToolDimension, string, Amounts]> = [
    ['tool', tool, {}],
    ['tool-team', `${tool}/${signal.team ?? ''}`, {}],
  ];
  const priced = (): void => {
    if (cost <= 0) return;
    cells.push(['tool-cost', tool, { cost }], ['tool-provider', `${tool}/${signal.provider ?? 'other'}`, { cost }]);
  };
  switch (signal.kind) {
    case 'activity':
      break;
    case 'session':
      cells.push(['tool-session', tool, { amount: quantity }]);
      break;
    case 'prompt':
      cells.push(['tool-prompt', tool, { amount: quantity }]);
      break;
    case 'tokens':
      cells.push(['tool-tokens', tool, { amount: quantity, cost }]);
      priced();
      break;
    case 'cost':
      priced();
      break;
    case 'lines':
      cells.push(['tool-lines', tool, { amount: quantity }]);
      break;
    case 'active-seconds':
      cells.push(['tool-active', tool, { amount: quantity }]);
      break;
    case 'rating':
      cells.push(['tool-rating', tool, { ratingSum: Math.round(quantity * (signal.rating ?? 0)), ratingCount: Math.round(quantity) }]);
      break;
    case 'minutes':
      cells.push(['tool-minutes', tool, { minutes: Math.round(quantity) }]);
      break;
    case 'block':
      cells.push(['tool-block', tool, { amount: quantity }]);
      break;
    case 'redaction':
      cells.push(['tool-redaction', tool, { amount: quantity }]);
      break;
  }
  return cells;
}

const ROWS_PER_STATEMENT = 400;

async function insertRows(sql: Sql, head: string, columns: number, rows: readonly SqlValue[][], tail: string): Promise<Row[]> {
  const returned: Row[] = [];
  const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
    const text = `${head} VALUES ${chunk.map(() => one).join(', ')} ${tail}`;
    if (/\bRETURNING\b/.test(tail)) returned.push(...(await sql.all(text, chunk.flat())));
    else await sql.run(text, chunk.flat());
  }
  return returned;
}

/** Row ids of installations (or pseudonyms) by uid, adding those not yet known. */
async function installationIds(sql: Sql, uids: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (uids.length === 0) return ids;
  await insertRows(
    sql,
    'INSERT INTO installations (uid)',
    1,
    uids.map((uid) => [uid]),
    'ON CONFLICT DO NOTHING',
  );
  for (let from = 0; from < uids.length; from += ROWS_PER_STATEMENT) {
    const chunk = uids.slice(from, from + ROWS_PER_STATEMENT);
    for (const row of await sql.all(`SELECT id, uid FROM installations WHERE uid IN (${chunk.map(() => '?').join(', ')})`, chunk)) ids.set(String(row.uid), Number(row.id));
  }
  return ids;
}

/** A signal as counted: the installation's row id and the quantity it adds (a counter's difference). */
export interface CountedSignal {
  signal: ToolSignal;
  installation: number;
  quantity: number;
}

/**
 * Stores other tools' signals once each (by installation and uid), turns cumulative counters
 * into differences from their series' last value (a counter that restarted counts from zero),
 * and updates the rollups. Runs inside the caller's transaction.
 */
export async function storeSignals(sql: Sql, signals: readonly ToolSignal[], receivedAt: number): Promise<number> {
  if (signals.length === 0) return 0;
  const ids = await installationIds(sql, [...new Set(signals.map((s) => s.who.uid))]);
  const counted: CountedSignal[] = [];
  const fresh: CountedSignal[] = [];
  // Cumulative points, in time order per series, each counted by its difference from the last.
  const series = signals.filter((s) => s.series !== undefined).sort((a, b) => a.time - b.time);
  const last = new Map<string, { start: number; value: number }>();
  for (const signal of series) {
    const installation = ids.get(signal.who.uid) as number;
    const key = `${(signal.series as { key: string }).key}\u0000${installation}`;
    let previous = last.get(key);
    if (previous === undefined) {
      const row = (await sql.all('SELECT start_time, value FROM series WHERE key = ? AND installation = ?', [(signal.series as { key: string }).key, installation]))[0];
      previous = row === undefined ? { start: -1, value: 0 } : { start: Number(row.start_time), value: Number(row.value) };
    }
    const start = (signal.series as { start: number }).start;
    const restarted = start !== previous.start;
    const quantity = restarted ? signal.quantity : Math.max(0, signal.quantity - previous.value);
    if (restarted || signal.quantity > previous.value) last.set(key, { start, value: signal.quantity });
    else last.set(key, previous);
    if (quantity > 0) fresh.push({ signal, installation, quantity });
  }
  for (const [key, { start, value }] of last) {
    const [name, installation] = key.split('\u0000') as [string, string];
    await sql.run(
      'INSERT INTO series (key, installation, start_time, value) VALUES (?, ?, ?, ?) ON CONFLICT (key, installation) DO UPDATE SET start_time = excluded.start_time, value = excluded.value',
      [name, Number(installation), start, value],
    );
  }
  for (const signal of signals) if (signal.series === undefined) fresh.push({ signal, installation: ids.get(signal.who.uid) as number, quantity: signal.quantity });

  const rows = fresh.map(({ signal, installation, quantity }) => [
    signal.time,
    receivedAt,
    signal.tool,
    signal.kind,
    installation,
    quantity,
    quantity * signal.costPerUnit,
    signal.provider ?? '',
    signal.team ?? '',
    signal.series === undefined ? signal.uid : `${signal.uid}:${signal.time}`,
  ]);
  const inserted = new Set(
    (await insertRows(sql, 'INSERT INTO signals (time, received, tool, kind, installation, quantity, cost, provider, team, uid)', 10, rows, 'ON CONFLICT DO NOTHING RETURNING installation, uid')).map(
      (row) => `${Number(row.installation)}\u0000${String(row.uid)}`,
    ),
  );
  for (const item of fresh) {
    const uid = item.signal.series === undefined ? item.signal.uid : `${item.signal.uid}:${item.signal.time}`;
    if (inserted.delete(`${item.installation}\u0000${uid}`)) counted.push(item);
  }
  await updateToolRollups(sql, counted);
  return counted.length;
}

/**
 * Adds counted signals to the tool rollups (for AI Guard's own events the store calls this
 * directly: their events table already told the new ones apart).
 */
export async function updateToolRollups(sql: Sql, counted: readonly CountedSignal[]): Promise<void> {
  if (counted.length === 0) return;
  type Delta = { dim: string; week: number; value: string; installations: number; events: number; amount: number; cost: number; minutes: number; ratingSum: number; ratingCount: number };
  const deltas = new Map<string, Delta>();
  const members = new Map<string, SqlValue[]>();
  const activity = new Map<string, SqlValue[]>();
  for (const { signal, installation, quantity } of counted) {
    const day = dayOf(signal.time);
    const week = weekOf(day);
    if (signal.who.uid !== 'anonymous') activity.set(`${day}\u0000${signal.tool}\u0000${installation}`, [day, signal.tool, installation]);
    for (const [dim, value, amounts] of contributionsOf(signal, quantity)) {
      const key = `${dim}\u0000${week}\u0000${value}`;
      let delta = deltas.get(key);
      if (delta === undefined) deltas.set(key, (delta = { dim, week, value, installations: 0, events: 0, amount: 0, cost: 0, minutes: 0, ratingSum: 0, ratingCount: 0 }));
      delta.events += 1;
      delta.amount += amounts.amount ?? 0;
      delta.cost += amounts.cost ?? 0;
      delta.minutes += amounts.minutes ?? 0;
      delta.ratingSum += amounts.ratingSum ?? 0;
      delta.ratingCount += amounts.ratingCount ?? 0;
      // Only an enrolled installation is a member: the k-anonymity counts read members only.
      if (signal.who.enrolled) members.set(`${key}\u0000${installation}`, [dim, value, week, installation]);
    }
  }
  for (const row of await insertRows(sql, 'INSERT INTO tool_member (dim, value, week, installation)', 4, [...members.values()], 'ON CONFLICT DO NOTHING RETURNING dim, value, week')) {
    (deltas.get(`${String(row.dim)}\u0000${Number(row.week)}\u0000${String(row.value)}`) as Delta).installations += 1;
  }
  await insertRows(
    sql,
    'INSERT INTO tool_weekly (dim, week, value, installations, events, amount, cost, minutes, rating_sum, rating_count)',
    10,
    [...deltas.values()].map((d) => [d.dim, d.week, d.value, d.installations, d.events, d.amount, d.cost, d.minutes, d.ratingSum, d.ratingCount]),
    `ON CONFLICT (dim, week, value) DO UPDATE SET installations = tool_weekly.installations + excluded.installations, events = tool_weekly.events + excluded.events, amount = tool_weekly.amount + excluded.amount,
       cost = tool_weekly.cost + excluded.cost, minutes = tool_weekly.minutes + excluded.minutes, rating_sum = tool_weekly.rating_sum + excluded.rating_sum, rating_count = tool_weekly.rating_count + excluded.rating_count`,
  );
  const days = new Map<string, SqlValue[]>();
  for (const row of await insertRows(sql, 'INSERT INTO tool_activity (day, tool, installation)', 3, [...activity.values()], 'ON CONFLICT DO NOTHING RETURNING day, tool')) {
    const key = `${Number(row.day)}\u0000${String(row.tool)}`;
    const entry = days.get(key) ?? [Number(row.day), String(row.tool), 0];
    entry[2] = (entry[2] as number) + 1;
    days.set(key, entry);
  }
  await insertRows(
    sql,
    'INSERT INTO tool_daily (day, tool, installations)',
    3,
    [...days.values()],
    'ON CONFLICT (day, tool) DO UPDATE SET installations = tool_daily.installations + excluded.installations',
  );
}

/** Counts an enrolment on its day, for the dashboard's flag on bursts of new ids. */
export async function countEnrolment(sql: Sql, time: number): Promise<void> {
  await sql.run('INSERT INTO enrolments (day, issued) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET issued = enrolments.issued + 1', [dayOf(time)]);
}

/**
 * The secret kept in the database itself, for a database named by URL without `--secret`: the
 * first collector draws it, every other one on the same database reads the same.
 */
export async function sharedSecret(sql: Sql, candidate: string): Promise<string> {
  await sql.run("INSERT INTO collector_settings (name, value) VALUES ('secret', ?) ON CONFLICT DO NOTHING", [candidate]);
  return String((await sql.all("SELECT value FROM collector_settings WHERE name = 'secret'"))[0]?.value ?? candidate);
}
