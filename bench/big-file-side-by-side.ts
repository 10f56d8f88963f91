/**
 * This tree against another checkout on a SQLite file larger than the page cache (issue #13):
 * both servers run at once on copies of one seeded file, and every measure alternates between
 * them in short slices, the order flipped each repetition, so the shared machine's load falls
 * on both alike. Prints each measure's median and the per-repetition ratio, and each server's
 * peak RSS. Build both checkouts first (they run their dist/).
 *
 *   npx tsx bench/big-file-side-by-side.ts --baseline <checkout> [--users 100000] [--reps 9]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createToken, startRoster, type RosterProcess } from '../scripts/conformance/roster-process.ts';
import { drive, HttpClient } from './load-driver.ts';
import { memberPatchBody } from './member-patch-body.ts';
import { ingestUsers } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    users: { type: 'string', default: '100000' },
    reps: { type: 'string', default: '9' },
    dir: { type: 'string', default: join(tmpdir(), 'roster-big-file') },
  },
});
if (!args.baseline) throw new Error('--baseline <checkout> is required');
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const users = Number(args.users);
const seedFile = join(args.dir, `seed-${users}.db`);
const seedMeta = `${seedFile}.json`;
const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });

interface Seed {
  readonly token: string;
  readonly ids: string[];
  /** A group of every user, and one of the first 20,000. */
  readonly groups: [string, string];
}

/** Seeds the file once (reused by later runs): `users` users, a group of all, one of 20,000. */
async function seed(): Promise<Seed> {
  if (existsSync(seedMeta)) return JSON.parse(readFileSync(seedMeta, 'utf8')) as Seed;
  mkdirSync(args.dir, { recursive: true });
  const env = { ROSTER_DATABASE_URL: seedFile };
  const token = await createToken(env, 'generic');
  const server = await startRoster(env);
  const client = new HttpClient(server.origin, headers(token));
  try {
    const { ids } = await ingestUsers(client, 'big', users, 32);
    const groups: string[] = [];
    for (const size of [users, Math.min(20000, users)]) {
      const res = await client.send('POST', '/scim/v2/Groups', { schemas: [GROUP], displayName: `g${size}` });
      const group = (JSON.parse(res.body) as { id: string }).id;
      for (let i = 0; i < size; i += 1000) {
        const value = ids.slice(i, Math.min(i + 1000, size)).map((id) => ({ value: id }));
        const added = await client.send('PATCH', `/scim/v2/Groups/${group}`, {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'members', value }],
        });
        if (added.status !== 204) throw new Error(`adding members: HTTP ${added.status}`);
      }
      groups.push(group);
    }
    const out: Seed = { token, ids, groups: [groups[0]!, groups[1]!] };
    writeFileSync(seedMeta, JSON.stringify(out));
    return out;
  } finally {
    client.close();
    await server.stop();
  }
}

const { token, ids, groups } = await seed();
const pick = (i: number): string => ids[(i * 7919) % ids.length]!;
const outsider = ids[ids.length - 1]!;

/** Each measure: a figure where larger is better, except the big GET's time. */
const measures: Record<string, (client: HttpClient, rep: number) => Promise<number>> = {
  'GET /Users/{id} /s': async (client) =>
    (
      await drive({
        concurrency: 32,
        seconds: 1.5,
        send: async (i) => (await client.send('GET', `/scim/v2/Users/${pick(i)}`)).status,
      })
    ).perSecond,
  'filter userName eq /s': async (client) =>
    (
      await drive({
        concurrency: 32,
        seconds: 1.5,
        send: async (i) =>
          (
            await client.send(
              'GET',
              `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${(i * 7919) % ids.length}.big@example.com"`)}`,
            )
          ).status,
      })
    ).perSecond,
  'POST /Users /s': async (client, rep) =>
    (
      await drive({
        concurrency: 32,
        seconds: 1.5,
        send: async (i) =>
          (
            await client.send('POST', '/scim/v2/Users', {
              schemas: [USER],
              userName: `p${rep}.${i}@example.com`,
              active: true,
            })
          ).status,
      })
    ).perSecond,
  'cursor walk users/s': async (client) => {
    let cursor = '';
    let walked = 0;
    const started = performance.now();
    do {
      const res = await client.send('GET', `/scim/v2/Users?count=1000&cursor=${encodeURIComponent(cursor)}`);
      const page = JSON.parse(res.body) as { nextCursor?: string; Resources: unknown[] };
      walked += page.Resources.length;
      cursor = page.nextCursor ?? '';
    } while (cursor !== '');
    return walked / ((performance.now() - started) / 1000);
  },
  '1-member PATCH, 20k group /s': async (client) => {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      const res = await client.send('PATCH', `/scim/v2/Groups/${groups[1]}`, memberPatchBody(i, outsider));
      if (res.status !== 204) throw new Error(`member PATCH: HTTP ${res.status}`);
    }
    return 100 / ((performance.now() - started) / 1000);
  },
  'GET of the all-users group, ms': async (client) => {
    const started = performance.now();
    const res = await client.send('GET', `/scim/v2/Groups/${groups[0]}`);
    if (res.status !== 200) throw new Error(`big GET: HTTP ${res.status}`);
    return performance.now() - started;
  },
};

interface Variant {
  readonly name: string;
  readonly server: RosterProcess;
  readonly client: HttpClient;
  peakMiB: number;
}

const variants: Variant[] = [];
const bins = [
  ['this tree', fileURLToPath(new URL('../bin/roster.js', import.meta.url))],
  ['baseline', join(args.baseline, 'bin/roster.js')],
] as const;
for (const [n, [name, bin]] of bins.entries()) {
  const file = join(args.dir, `run${n}.db`);
  copyFileSync(seedFile, file);
  copyFileSync(`${seedFile}.secret-key`, `${file}.secret-key`);
  const server = await startRoster({ ROSTER_DATABASE_URL: file }, bin);
  variants.push({ name, server, client: new HttpClient(server.origin, headers(token)), peakMiB: 0 });
}
const timer = setInterval(() => {
  for (const v of variants) {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${v.server.pid}/status`, 'utf8'))?.[1];
    v.peakMiB = Math.max(v.peakMiB, Number(kb ?? 0) / 1024);
  }
}, 200);
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
try {
  for (const [name, measure] of Object.entries(measures)) {
    const got = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (let rep = 0; rep < Number(args.reps); rep++) {
      for (const v of rep % 2 === 0 ? variants : [...variants].reverse())
        got.get(v.name)!.push(await measure(v.client, rep));
    }
    const mine = got.get('this tree')!;
    const base = got.get('baseline')!;
    console.log(
      `${name.padEnd(32)} this tree ${median(mine).toFixed(0).padStart(7)}  baseline ${median(base).toFixed(0).padStart(7)}  ` +
        `this tree / baseline, median per repetition ${median(mine.map((x, i) => x / base[i]!)).toFixed(2)}`,
    );
  }
} finally {
  clearInterval(timer);
  for (const v of variants) {
    v.client.close();
    await v.server.stop();
  }
}
console.log(`peak RSS: ${variants.map((v) => `${v.name} ${v.peakMiB.toFixed(0)} MiB`).join(', ')}`);
