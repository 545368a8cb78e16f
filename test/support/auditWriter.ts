// A separate process that appends `count` records to an audit file: two of them at once test
// that concurrent writers keep one valid chain. Usage: node --import tsx auditWriter.ts FILE COUNT NAME
import { fileAuditStorage } from '../../src/node/auditFiles';
import { AuditLog } from '../../src/core/audit';

async function main(): Promise<void> {
  const [file, count, name] = process.argv.slice(2);
  const log = new AuditLog(fileAuditStorage(file as string));
  for (let i = 0; i < Number(count); i++) await log.append('call', { writer: name, i });
}

void main();
