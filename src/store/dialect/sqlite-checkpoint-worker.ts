/**
 * The SQLite checkpoint thread's entry (src/store/dialect/sqlite-checkpointer.ts starts it):
 * on a connection of its own to the file, it copies the write-ahead log's committed pages
 * into the database file every few hundred milliseconds, with a PASSIVE checkpoint (never
 * waiting for a writer or a reader, nor making them wait), and syncs both files.
 */
import Sqlite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const database = new Sqlite(file, { fileMustExist: true });
// The WAL synced before the pages are copied, the database file after (SQLite's FULL).
database.pragma('synchronous = FULL');
// A checkpoint thread's own exit must not checkpoint or delete the WAL the server writes.
database.pragma('wal_autocheckpoint = 0');

setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // The main thread takes checkpoints back (see SqliteCheckpointer).
    parentPort?.postMessage({ failed: String(error) });
    process.exit(1);
  }
}, intervalMs);
