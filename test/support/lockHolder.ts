// A separate process that takes a file lock and holds it until it is killed, printing `held` once
// it has it. Usage: node --import tsx lockHolder.ts LOCK
import { withFileLock } from '../../src/node/fileLock';

const [lock] = process.argv.slice(2);
void withFileLock(
  lock as string,
  () => {
    process.stdout.write('held\n');
    return new Promise<never>(() => setInterval(() => undefined, 60_000));
  },
  (cause) => new Error('locked', { cause }),
);
