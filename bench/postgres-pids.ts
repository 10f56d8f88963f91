import { readdirSync, readFileSync } from 'node:fs';

/**
 * The process ids of every PostgreSQL process on this machine (its backends serve the
 * server under test, and any other client). Linux /proc.
 */
export function postgresPids(): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false; // The process ended meanwhile.
    }
  });
}
