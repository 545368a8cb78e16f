import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectorConfig } from './config';
import { handle } from './routes';
import { EnrolmentLimiter } from './signals/enrolment';
import { IdentityKeys } from './signals/identity';
import { sharedSecret } from './signals/rollups';
import { collectorSecret } from './signals/secret';
import { TelemetryStore } from './store';
import { AuditChainStore, auditDbOf } from './auditStore';

/** The reference collector: an HTTP server over one SQLite store. */

export interface CollectorOptions {
  config: CollectorConfig;
  /** The clock (tests set it); `Date.now` otherwise. */
  now?: () => number;
  /** Where operational messages go (never an event's content, a token or a body). */
  log?: (line: string) => void;
}

export interface RunningCollector {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  server: Server;
  store: TelemetryStore;
  /** The forwarded audit trails (`auditStore.ts`). */
  audit: AuditChainStore;
  /** Stops accepting requests, ends open connections, closes the database. */
  close(): Promise<void>;
}

const RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;

export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  // The secret first: a collector that cannot sign ids must not start half-working.
  const fileSecret = collectorSecret(config.secret, config.db);
  const store = await TelemetryStore.open(config.db);
  // The forwarded audit trails: a SQLite file of their own beside a SQLite store, their own
  // tables in a PostgreSQL store's database.
  let audit: AuditChainStore;
  try {
    audit = await AuditChainStore.open(auditDbOf(config.db));
  } catch (error) {
    await store.close();
    throw error;
  }

  const prune = async () => {
    if (config.retentionDays === undefined || !store.isOpen) return;
    const deleted = await store.pruneBefore(now() - config.retentionDays * 86_400_000);
    if (deleted > 0) log(`retention: deleted ${deleted} raw events older than ${config.retentionDays} days`);
  };
  let retention: NodeJS.Timeout | undefined;
  try {
    await prune();
    retention = setInterval(() => void prune().catch((error: unknown) => log(`retention: ${(error as Error).message}`)), RETENTION_EVERY_MS).unref();
  } catch (error) {
    await store.close();
    await audit.close();
    throw error;
  }

  const secret = fileSecret ?? (await store.driver.transaction((sql) => sharedSecret(sql, randomBytes(32).toString('hex'))));
  const context = { config, store, now, log, keys: new IdentityKeys(secret), enrolments: new EnrolmentLimiter(config.enrolPerHour), audit };
  const server = createServer((request, response) => void handle(request, response, context));
  // Slow or idle clients must not hold the collector: bounded headers and request times.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(retention);
    await store.close();
    await audit.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    store,
    audit,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        clearInterval(retention);
        server.close(() => {
          void Promise.all([audit.close(), store.close()]).then(
            () => resolve(),
            (error: unknown) => {
              log(`close: ${(error as Error).message}`);
              resolve();
            },
          );
        });
        server.closeAllConnections();
      })),
  };
}
