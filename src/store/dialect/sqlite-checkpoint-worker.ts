/**
 * The SQLite checkpoint thread's entry (src/store/dialect/sqlite-checkpointer.ts starts it),
 * on a connection of its own to the file. Every `intervalMs` it copies the write-ahead log's
 * committed pages into the database file with a PASSIVE checkpoint, which never waits for a
 * writer or a reader nor makes them wait. Under a steady stream of commits a PASSIVE one
 * never catches up with the last of them, and SQLite rewinds the log only once every page in
 * it is copied: the log would grow without end (28 GB in 10 minutes of a million POSTs). So
 * once the log holds `restartFromPages` pages, a RESTART checkpoint follows: it waits for the
 * writer in progress, holds back new ones while it copies the few pages the PASSIVE one left
 * (the server's writes wait those few ms), and lets the next writer start the log again from
 * its beginning. Writers that never leave it a gap for the RESTART (a tight loop of commits)
 * make it report itself behind, and the server's connection checkpoints too until it is not.
 */
import Sqlite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs, restartFromPages } = workerData as {
  file: string;
  intervalMs: number;
  restartFromPages: number;
};
const database = new Sqlite(file, { fileMustExist: true });
// The WAL synced before the pages are copied, the database file after (SQLite's FULL).
database.pragma('synchronous = FULL');
// A checkpoint thread's own exit must not checkpoint or delete the WAL the server writes.
database.pragma('wal_autocheckpoint = 0');
// A RESTART waiting longer than this for the writer gives up until the next interval. While it
// waits it holds the checkpoint lock, and the server connection's own checkpoints, which it
// makes while this thread is behind, are skipped: at 200 ms, a loop of commits that left no
// gap grew the log to 23-59 % of what it wrote (10 runs); at 50 ms, 17-25 % (8 runs).
database.pragma('busy_timeout = 50');

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

setInterval(() => {
  try {
    const [passive] = database.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    let behind = false;
    if (passive && passive.log >= restartFromPages) {
      const [restart] = database.pragma('wal_checkpoint(RESTART)') as CheckpointResult[];
      // Writers never left a gap long enough: the server's connection helps (see SqliteCheckpointer).
      behind = restart?.busy === 1;
    }
    parentPort?.postMessage({ behind });
  } catch (error) {
    // The main thread takes checkpoints back (see SqliteCheckpointer).
    parentPort?.postMessage({ failed: String(error) });
    process.exit(1);
  }
}, intervalMs);
