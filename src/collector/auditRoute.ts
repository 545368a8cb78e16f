import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeIssue } from '../core/telemetry';
import { AuditBatchSchema, type AuditChainStore } from './auditStore';
import type { CollectorConfig } from './config';
import { hasBearer, HttpError, mediaType, readBody, sendJson } from './http';

/**
 * `POST /v1/audit`: one batch of an installation's forwarded audit records (JSON, the same bearer
 * token as `/v1/logs`), stored and checked against that log's chain (`auditStore.ts`). It answers
 * what was stored and how many flags the batch raised, never what other installations sent.
 */
export async function auditIngest(request: IncomingMessage, response: ServerResponse, context: { config: CollectorConfig; audit?: AuditChainStore; now: () => number }): Promise<void> {
  const { token, maxBodyBytes, maxRecords } = context.config;
  if (token !== undefined && !hasBearer(request, token)) {
    throw new HttpError(401, 'This collector needs a bearer token: send Authorization: Bearer <token>, the token given to the collector with --token.', {
      'WWW-Authenticate': 'Bearer realm="aiguard-audit"',
    });
  }
  if (context.audit === undefined) throw new HttpError(501, 'This collector was started without a store for forwarded audit trails.');
  if (mediaType(request) !== 'application/json') throw new HttpError(415, 'Audit records are sent as application/json.');
  const body = await readBody(request, maxBodyBytes);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `The body is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = AuditBatchSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new HttpError(400, `The body is not a batch of forwarded audit records: ${first === undefined ? 'invalid' : describeIssue(first, '(body)')}.`);
  }
  if (parsed.data.records.length > maxRecords) throw new HttpError(413, `The batch holds more than ${maxRecords} records: send smaller batches, or raise --max-records.`);
  const result = await context.audit.ingest(parsed.data, context.now());
  sendJson(response, 200, { stored: result.stored, duplicates: result.duplicates, flags: result.flags.length });
}
