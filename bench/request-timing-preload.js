/**
 * Loaded into `roster serve` with `node --import` by bench/single-client-tail.ts (never by
 * Roster itself): times every request from node:http's 'request' event to the response's
 * 'finish', the event loop's stalls (a 1 ms timer late by over 2.5 ms), and each
 * `FileHandle.datasync()` from its call to its promise settling (on SQLite, the WAL's sync
 * that every write waits for), and V8's garbage collections (their kind is one of
 * perf_hooks' NODE_PERFORMANCE_GC_* constants). On SIGTERM it writes them as JSON to
 * ROSTER_BENCH_TIMING_FILE and exits.
 */
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

const requests = [];
const stalls = [];
const syncs = [];
const gcs = [];

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration, e.detail?.kind ?? 0]);
}).observe({ entryTypes: ['gc'] });

let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 2.5) stalls.push([last + 1, now]);
  last = now;
}, 1).unref();

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === 'request') {
    const started = performance.now();
    res.once('finish', () => requests.push([started, performance.now(), req.method]));
  }
  return emit.apply(this, arguments);
};

const probe = await open(process.execPath, 'r');
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
const datasync = FileHandle.datasync;
FileHandle.datasync = async function () {
  const started = performance.now();
  try {
    return await datasync.call(this);
  } finally {
    syncs.push([started, performance.now()]);
  }
};

process.once('SIGTERM', () => {
  writeFileSync(process.env.ROSTER_BENCH_TIMING_FILE, JSON.stringify({ requests, stalls, syncs, gcs }));
  process.exit(0);
});
