import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const marker = (file: string, pid: number): string => `${resolve(file)}.server-${pid}`;

/**
 * Marks an SQLite file as served by this process until `release` (or the process's end:
 * a marker whose process is gone counts for nothing). `roster restore` refuses a file a
 * live server uses: replacing it under an open connection would corrupt what it writes.
 * SQLite's own locks cannot tell: an idle WAL connection holds none a restore could test.
 *
 * @example const release = markServed('./data/roster.db'); … release();
 */
export function markServed(file: string): () => void {
  const path = marker(file, process.pid);
  writeFileSync(path, `${process.pid}\n`);
  return () => rmSync(path, { force: true });
}

/** The ids of the live processes serving the file; stale markers are removed. */
export function liveServers(file: string): number[] {
  const dir = dirname(resolve(file));
  const prefix = `${basename(resolve(file))}.server-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isSafeInteger(pid)) continue;
    if (alive(pid)) pids.push(pid);
    else rmSync(join(dir, name), { force: true });
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, and belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
