/**
 * The SQLite writer thread's entry (src/store/dialect/sqlite-writer-thread.ts starts it), on
 * a connection of its own to the file: each message is a list of statements, run in one
 * IMMEDIATE transaction, answered with its id and, if it failed, the error's message and
 * SQLite code (the caller tells a refused row from a failed database by it).
 */
import Sqlite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWriter, ToWriter } from './sqlite-writer-messages.ts';

const { file } = workerData as { file: string };
const database = new Sqlite(file, { fileMustExist: true });
// The commit writes its frames to the WAL and returns; the server's connection syncs the WAL
// (WalSync) after its own commits, which covers these frames too, and the checkpoint thread
// syncs before it copies. What this thread writes is never acknowledged to a client.
database.pragma('synchronous = NORMAL');
database.pragma('foreign_keys = ON');
database.pragma('busy_timeout = 15000');
// Checkpoints are the checkpoint thread's (sqlite-checkpointer.ts, which counts this thread's
// commits too). SQLite's own, inside this thread's COMMIT, only past 10,000 pages (40 MiB),
// beyond the checkpoint thread's rewind at 8,192: a net for when that thread has failed and
// the server's connection, which checkpoints then, is not writing (only reads, logged here).
// At 1,000 it ran after every commit between the two, each with its fsync.
database.pragma('wal_autocheckpoint = 10000');

const statements = new Map<string, Sqlite.Statement>();
const prepared = (sql: string): Sqlite.Statement => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = database.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
const runAll = database.transaction((list: ToWriter['statements']) => {
  for (const { sql, parameters } of list) prepared(sql).run(parameters);
});

parentPort?.on('message', (message: ToWriter) => {
  let reply: FromWriter;
  try {
    runAll.immediate(message.statements);
    reply = { id: message.id };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    reply = { id: message.id, error: { message: String((error as Error)?.message ?? error), code } };
  }
  parentPort?.postMessage(reply);
});
