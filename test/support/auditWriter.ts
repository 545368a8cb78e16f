// A separate process that appends `count` records to an audit file: several of them at once test
// that concurrent writers keep one valid chain. Usage: node --import tsx auditWriter.ts FILE COUNT NAME [calls]
// With `calls`, each record is a call's attempt and its completion, as `ai-guard run` writes them,
// sealed with a key beside the file (made by whichever writer comes first).
import { dirname, join } from 'node:path';
import { fileAuditKey, fileAuditStorage } from '../../src/node/auditFiles';
import { AuditLog } from '../../src/core/audit';

async function main(): Promise<void> {
  const [file, count, name, mode] = process.argv.slice(2);
  const log = new AuditLog(fileAuditStorage(file as string), undefined, mode === 'calls' ? fileAuditKey(join(dirname(file as string), 'audit.key')) : undefined);
  for (let i = 0; i < Number(count); i++) {
    if (mode !== 'calls') {
      await log.append('call', { writer: name, i });
      continue;
    }
    const { id } = await log.begin({ writer: name, i }, () => ({ status: 'ok' }));
    await log.complete(id as string, { outcome: 'ok' });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
