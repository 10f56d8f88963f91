/**
 * The machine's raw limits, measured in the same run as the scenarios so that each
 * scenario can be quoted as a ratio: node:http answering a small JSON body (served by a
 * child process, driven like Roster), better-sqlite3's single-row insert with WAL and
 * `synchronous = FULL` and its point select, and a PostgreSQL INSERT round trip.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { drive, HttpClient } from './load-driver.ts';

const HELLO_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ hello: 'world' });
http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
`;

/** Requests per second of a node:http server answering `{"hello":"world"}`. */
export async function nodeHelloPerSecond(concurrency: number, seconds: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', HELLO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const found = /listening on (\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`the hello server exited with ${code}`)));
    });
    const client = new HttpClient(origin, {});
    try {
      return (await drive({ concurrency, seconds, send: async () => (await client.send('GET', '/')).status }))
        .perSecond;
    } finally {
      client.close();
    }
  } finally {
    child.kill();
  }
}

/** Single-row inserts (one transaction, one fsync each) and point selects per second on a fresh SQLite file. */
export function sqliteLimits(seconds: number): { insertPerSecond: number; selectPerSecond: number } {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-raw-'));
  const db = new Sqlite(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id text primary key, doc text not null)');
    const insert = db.prepare('insert into t (id, doc) values (?, ?)');
    let n = 0;
    let started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      insert.run(`id-${n}`, '{"userName":"someone@example.com","active":true}');
      n++;
    }
    const insertPerSecond = n / ((performance.now() - started) / 1000);
    const select = db.prepare('select * from t where id = ?');
    let m = 0;
    started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      select.get(`id-${m % n}`);
      m++;
    }
    return { insertPerSecond, selectPerSecond: m / ((performance.now() - started) / 1000) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sequential single-row INSERT round trips per second on one PostgreSQL connection (a temporary table). */
export async function postgresInsertPerSecond(url: string, seconds: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create temporary table roster_bench_raw (id text primary key, doc jsonb not null)');
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await client.query('insert into roster_bench_raw (id, doc) values ($1, $2)', [
        `id-${n}`,
        '{"userName":"someone@example.com"}',
      ]);
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}
