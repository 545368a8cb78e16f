/**
 * Whether a process of this machine still exists, for telling a stale lock from a held one (the
 * audit log's writers' lock, the collector's owner file). `kill(pid, 0)` sends nothing; EPERM
 * means the process exists but belongs to someone else.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
