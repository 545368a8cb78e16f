// The audit trail: append-only, hash-chained JSON Lines (see chain.ts for the format).
export { AUDIT_FORMAT, GENESIS, lineHash, parseLine, recordLine, verifyText, type Verification, type AuditEnvelope } from './chain';
export { AuditLog, AuditError, type AuditStorage } from './log';
export { pairRecords } from './pairs';
export { type SpendingLedgerStorage } from './ledger';
export { type AuditKeyStore } from './seal';
export { auditCsv } from './export';
export { auditUrlOf, digestOf, forwardPending, type ForwardBatch, type ForwardedRecord, type ForwardResult } from './forward';
