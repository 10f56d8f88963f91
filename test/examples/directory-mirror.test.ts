import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EventsService } from '../../src/events/events-service.ts';
import { decodeFeedCursor } from '../../src/http/api/feed-cursor.ts';
import { openStore } from '../../src/store/open-store.ts';
import { startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { cliJson, scimOver } from '../helpers/roster-cli.ts';
import { seedUsers } from '../helpers/seed-users.ts';

// The change feed's promise, proven by the consumer a host application would copy
// (examples/directory-mirror): a random provisioning workload through every instance,
// Roster and the mirrors SIGKILLed at random points and restarted, and in the end each
// mirror equals the directory and applied every seq once, in order. Sizes and duration:
// ROSTER_MIRROR_GROUP_SIZE (10,000), ROSTER_MIRROR_WORKLOAD_MS (20 s); the seed
// (ROSTER_MIRROR_SEED) is printed with any failure, to run the same schedule again.

const GROUP_SIZE = Number(process.env.ROSTER_MIRROR_GROUP_SIZE ?? 10_000);
const WORKLOAD_MS = Number(process.env.ROSTER_MIRROR_WORKLOAD_MS ?? 20_000);
const SEED = Number(process.env.ROSTER_MIRROR_SEED ?? randomInt(2 ** 31));
const WRITERS = 4;
const MAX_KILLS = 10;
const MIRROR = fileURLToPath(new URL('../../examples/directory-mirror/main.ts', import.meta.url));
const PUBLIC_URL = 'http://roster.test';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A small deterministic generator: one seed, one schedule of operations and kills. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `roster serve` that can be killed and started again on the same port. */
class Instance {
  server: RunningServer | undefined;
  private port = '0';
  constructor(private readonly env: Record<string, string>) {}

  get origin(): string | undefined {
    return this.server?.origin;
  }

  async start(): Promise<void> {
    this.server = await startServe({ ...this.env, PORT: this.port });
    this.port = new URL(this.server.origin).port;
  }

  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop('SIGKILL');
  }
}

/** The example mirror as a process of its own, with its SQLite file in `dir`. */
class MirrorProcess {
  private child: ChildProcess | undefined;
  private output = '';
  /** Set when the mirror exited without being killed: it refused the feed. */
  failure: string | undefined;
  readonly file: string;

  constructor(
    dir: string,
    readonly name: string,
    private readonly token: string,
  ) {
    this.file = join(dir, `${name}.db`);
  }

  start(url: string): void {
    const child = spawn(process.execPath, ['--import', 'tsx', MIRROR], {
      env: { ...process.env, ROSTER_URL: url, ROSTER_APP_TOKEN: this.token, MIRROR_DB: this.file, MIRROR_JOURNAL: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-20_000);
      appendFileSync(`${this.file}.log`, d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM') this.failure ??= `exited with ${code}:\n${this.output}`;
    });
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Reads the mirror's file (WAL: alongside the running process). */
  read<T>(read: (db: Database.Database) => T): T {
    const db = new Database(this.file, { readonly: true, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  /** Like {@link read}, undefined while the file or its tables do not exist yet. */
  tryRead<T>(read: (db: Database.Database) => T): T | undefined {
    try {
      return this.read(read);
    } catch {
      return undefined;
    }
  }

  log(): string {
    return this.output;
  }
}

interface Directory {
  readonly cursor: string;
  readonly users: Map<string, unknown>;
  readonly groups: Map<string, { version: number; doc: unknown }>;
  readonly members: Set<string>;
}

/** A group as compared: without members (rows) and the meta a membership change moves (version, compared apart). */
function groupDoc(doc: Record<string, unknown>): unknown {
  const { members: _members, meta, ...rest } = doc;
  const { lastModified: _lastModified, version: _version, ...kept } = meta as Record<string, unknown>;
  return { ...rest, meta: kept };
}

const versionOf = (doc: Record<string, unknown>): number =>
  Number(/\d+/.exec(String((doc.meta as { version: string }).version))?.[0]);

for (const dialect of await dialects()) {
  describe(`directory-mirror follows the feed through SIGKILLs (${dialect})`, () => {
    let db: FreshDatabase;
    let dir: string;
    let instances: Instance[];
    const mirrors: MirrorProcess[] = [];
    let idpToken: string;
    let appToken: string;

    before(async () => {
      db = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'roster-mirror-'));
      // One public URL, as behind a load balancer: every instance writes the same meta.location.
      const env = { ROSTER_DATABASE_URL: db.url, ROSTER_PUBLIC_URL: PUBLIC_URL, ROSTER_DATABASE_POOL_SIZE: '4' };
      instances = (dialect === 'postgres' ? [1, 2] : [1]).map(() => new Instance(env));
      await Promise.all(instances.map((i) => i.start()));
      idpToken = (await cliJson(['tokens', 'create', '--idp', 'generic'], env)).token;
      appToken = (await cliJson(['apps', 'create', '--name', 'mirror', '--scopes', 'events:read,directory:read'], env))
        .token;
    });
    after(async () => {
      await Promise.all(mirrors.map((m) => m.stop('SIGKILL')));
      await Promise.all(instances.map((i) => i.kill()));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it(`should equal the directory and apply every seq once, in order (seed ${SEED})`, async () => {
      const random = rng(SEED + (dialect === 'postgres' ? 1 : 0));
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const live = () => instances.filter((i) => i.origin !== undefined);
      const failWith = (message: string) => `${message} (seed ${SEED}; ROSTER_MIRROR_SEED=${SEED} repeats it)`;

      /** A SCIM request through a random live instance; undefined when the instance died under it. */
      const scim = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
        const origin = pick(live())?.origin;
        // No instance up (SQLite's one is restarting), or it died under the request: not acknowledged.
        const down = async () => (await sleep(50), { status: 0, body: undefined });
        if (!origin) return down();
        try {
          const res = await fetch(`${origin}/scim/v2${path}`, {
            method,
            headers: { authorization: `Bearer ${idpToken}`, 'content-type': 'application/scim+json' },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : undefined };
        } catch {
          return down();
        }
      };
      const mirrorUrl = () => pick(live()).origin!;

      // The big group, and its members a thousand at a time (users seeded straight into the
      // store with their events, members added over SCIM); the first mirror starts at a
      // random point of it, so its snapshot is taken while writes land.
      const started = Date.now();
      const users: string[] = [];
      const everyone = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Everyone' });
      assert.equal(everyone.status, 201, JSON.stringify(everyone.body));
      const bigGroup = everyone.body.id as string;
      const first = new MirrorProcess(dir, 'first', appToken);
      mirrors.push(first);
      const batches = Math.ceil(GROUP_SIZE / 1000);
      const firstStartsAt = Math.floor(random() * batches);
      const batch = async (b: number): Promise<void> => {
        if (b === firstStartsAt) first.start(mirrorUrl());
        const n = Math.min(1000, GROUP_SIZE - b * 1000);
        const names = Array.from({ length: n }, (_, k) => `user${b * 1000 + k}@example.com`);
        const ids = await seedUsers(db.url, names, `${PUBLIC_URL}/scim/v2`);
        users.push(...ids);
        const added = await scim('PATCH', `/Groups/${bigGroup}`, {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
        });
        assert.equal(added.status, 204, JSON.stringify(added.body));
      };
      for (let b = 0; b < batches; b++) await batch(b);
      const setupMs = Date.now() - started;

      // The workload: writers through every instance, while a chaos loop kills and restarts.
      const smallGroups: string[] = [];
      let stop = false;
      let seq = 0;
      const operations: (() => Promise<unknown>)[] = [
        async () => {
          const res = await scim('POST', '/Users', { schemas: [USER], userName: `new${seq++}@example.com` });
          if (res.status === 201) users.push(res.body.id);
        },
        () =>
          scim('PATCH', `/Users/${pick(users)}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'userName', value: `renamed${seq++}@example.com` }],
          }),
        () =>
          scim('PATCH', `/Users/${pick(users)}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', value: { active: random() < 0.5, displayName: `Name ${seq++}` } }],
          }),
        () => scim('DELETE', `/Users/${pick(users)}`),
        () =>
          scim('PATCH', `/Groups/${bigGroup}`, {
            schemas: [PATCH],
            Operations: [
              {
                op: 'add',
                path: 'members',
                value: Array.from({ length: 1 + Math.floor(random() * 20) }, () => ({ value: pick(users) })),
              },
            ],
          }),
        () =>
          scim('PATCH', `/Groups/${bigGroup}`, {
            schemas: [PATCH],
            Operations: Array.from({ length: 1 + Math.floor(random() * 20) }, () => ({
              op: 'remove',
              path: `members[value eq "${pick(users)}"]`,
            })),
          }),
        // Rarely, thousands of members in one request: several events of one transaction.
        () =>
          random() < 0.8
            ? Promise.resolve()
            : scim('PATCH', `/Groups/${bigGroup}`, {
                schemas: [PATCH],
                Operations: [
                  {
                    op: random() < 0.5 ? 'add' : 'remove',
                    path: 'members',
                    value: Array.from({ length: 2500 }, () => ({ value: pick(users) })),
                  },
                ],
              }),
        async () => {
          const res = await scim('POST', '/Groups', {
            schemas: [GROUP],
            displayName: `Team ${seq++}`,
            members: Array.from({ length: Math.floor(random() * 5) }, () => ({ value: pick(users) })),
          });
          if (res.status === 201) smallGroups.push(res.body.id);
        },
        () =>
          smallGroups.length === 0
            ? Promise.resolve()
            : scim('PATCH', `/Groups/${pick(smallGroups)}`, {
                schemas: [PATCH],
                Operations: [
                  { op: 'replace', path: 'displayName', value: `Team ${seq++}` },
                  { op: 'add', path: 'members', value: [{ value: pick(users) }] },
                ],
              }),
        () => (smallGroups.length === 0 ? Promise.resolve() : scim('DELETE', `/Groups/${pick(smallGroups)}`)),
      ];
      let writes = 0;
      const writers = Array.from({ length: WRITERS }, async () => {
        while (!stop) {
          await pick(operations)();
          writes++;
        }
      });

      let kills = 0;
      const late = new MirrorProcess(dir, 'late', appToken);
      const lateStartsAt = Date.now() + random() * WORKLOAD_MS * 0.15;
      const restarting = new Set<Instance | MirrorProcess>();
      const restarts: Promise<void>[] = [];
      const chaos = (async () => {
        const end = Date.now() + WORKLOAD_MS;
        while (Date.now() < end && kills < MAX_KILLS) {
          await sleep(800 + random() * 2500);
          if (!mirrors.includes(late) && Date.now() >= lateStartsAt && live().length > 0) {
            mirrors.push(late);
            late.start(mirrorUrl());
          }
          // Half the kills hit a mirror, half an instance (whose restart takes seconds).
          const victims = (random() < 0.5 ? mirrors : instances).filter((v) => !restarting.has(v));
          if (victims.length === 0) continue;
          const victim = pick<Instance | MirrorProcess>(victims);
          const downMs = random() * 1000;
          kills++;
          restarting.add(victim);
          // Restarted in the background: a kill may land while another victim is still down.
          restarts.push(
            (async () => {
              if (victim instanceof Instance) {
                await victim.kill();
                await sleep(downMs);
                await victim.start();
              } else {
                await victim.stop('SIGKILL');
                await sleep(downMs);
                while (live().length === 0) await sleep(100);
                victim.start(mirrorUrl());
              }
              restarting.delete(victim);
            })(),
          );
        }
        stop = true;
      })();
      await chaos;
      await Promise.all([...writers, ...restarts]);
      if (!mirrors.includes(late)) {
        mirrors.push(late);
        late.start(mirrorUrl());
      }

      if (process.env.ROSTER_MIRROR_VERBOSE) {
        for (const m of mirrors) {
          const lines = (existsSync(`${m.file}.log`) ? readFileSync(`${m.file}.log`, 'utf8') : '')
            .split('\n')
            .filter((l) => !/applied \d+ events/.test(l));
          process.stdout.write(`--- ${m.name}\n${lines.join('\n')}\n`);
        }
        for (const i of instances) process.stdout.write(`--- instance\n${i.server?.output().slice(-3000)}\n`);
      }
      const directory = await expectMirrorsEqualDirectory(mirrors, instances[0]!.origin!, appToken, failWith);
      const endSeq = decodeFeedCursor(directory.cursor)!;

      // And SCIM agrees with the snapshot on the big group.
      const big = await scim('GET', `/Groups/${bigGroup}`);
      assert.equal(big.status, 200);
      const scimMembers = new Set((big.body.members ?? []).map((m: { value: string }) => `${bigGroup}|${m.value}`));
      assert.deepEqual(
        new Set([...directory.members].filter((m) => m.startsWith(`${bigGroup}|`))),
        scimMembers,
        failWith('the snapshot and SCIM differ on the big group'),
      );

      const applied = mirrors.map((m) => {
        const [snapshots, events] = journalCounts(m);
        return `${m.name}: ${snapshots} snapshot(s), ${events} events`;
      });
      process.stdout.write(
        `# directory-mirror (${dialect}, seed ${SEED}): setup ${setupMs} ms for ${GROUP_SIZE} members; ` +
          `${writes} writes, ${kills} kills, feed end seq ${endSeq}; ${directory.users.size} users, ` +
          `${directory.groups.size} groups, ${directory.members.size} memberships; applied ${applied.join(', ')}; ` +
          `total ${Date.now() - started} ms\n`,
      );
    });

    it('should load a snapshot again when retention deleted events it had not read (410)', async () => {
      const failWith = (message: string) => `${message} (seed ${SEED})`;
      const mirror = mirrors[0]!;
      const origin = instances[0]!.origin!;
      await mirror.stop('SIGKILL');
      const [snapshotsBefore] = journalCounts(mirror);
      const created = await scimOver(origin, idpToken, 'POST', '/Users', {
        schemas: [USER],
        userName: 'after.the.cut@example.com',
      });
      assert.equal(created.status, 201);
      const renamed = await scimOver(origin, idpToken, 'PATCH', `/Users/${created.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Cut' }],
      });
      assert.equal(renamed.status, 200);
      // Every published event is older than the cutoff; on PostgreSQL the instances publish first.
      await sleep(1000);
      const store = openStore({ url: db.url, poolSize: 1 });
      try {
        assert.ok((await new EventsService(store).prune(new Date(Date.now() + 60_000).toISOString())) > 0);
      } finally {
        await store.close();
      }
      mirror.start(origin);
      await expectMirrorsEqualDirectory([mirror], origin, appToken, failWith);
      assert.equal(journalCounts(mirror)[0], snapshotsBefore + 1, 'one more snapshot');
      assert.match(mirror.log(), /the cursor expired; loading a snapshot/);
    });
  });
}

/** How many snapshots and events a mirror's journal holds. */
function journalCounts(mirror: MirrorProcess): [number, number] {
  return mirror.read((db) => {
    const count = (kind: string) =>
      (db.prepare('select count(*) as n from journal where kind = ?').get(kind) as { n: number }).n;
    return [count('snapshot'), count('event')];
  });
}

/**
 * Waits until every mirror applied the feed through its end, then checks each against a
 * fresh snapshot (users, groups, memberships) and its journal: after each snapshot's cursor,
 * every seq once, in order, through the end.
 */
async function expectMirrorsEqualDirectory(
  mirrors: readonly MirrorProcess[],
  origin: string,
  token: string,
  failWith: (message: string) => string,
): Promise<Directory> {
  // The directory as a fresh snapshot reads it, once every instance published what it committed.
  await sleep(1500);
  const directory = await readSnapshot(origin, token);
  const endSeq = decodeFeedCursor(directory.cursor)!;
  const deadline = Date.now() + 90_000;
  for (const mirror of mirrors) {
    for (;;) {
      assert.equal(mirror.failure, undefined, failWith(`mirror ${mirror.name} ${mirror.failure}`));
      // Undefined until the mirror made its file and loaded a snapshot.
      const at = mirror.tryRead(
        (m) => m.prepare('select cursor from feed_state').get() as { cursor: string } | undefined,
      );
      const seqAt = at ? decodeFeedCursor(at.cursor) : undefined;
      if (seqAt === endSeq) break;
      assert.ok(seqAt === undefined || seqAt < endSeq, failWith(`mirror ${mirror.name} is past the feed's end`));
      assert.ok(
        Date.now() < deadline,
        failWith(`mirror ${mirror.name} stuck at ${seqAt} of ${endSeq}:\n${mirror.log()}`),
      );
      await sleep(200);
    }
  }

  for (const mirror of mirrors) {
    const copy = mirror.read(readMirror);
    const what = (x: string) => failWith(`mirror ${mirror.name}: ${x}`);
    assert.deepEqual(copy.users, directory.users, what('users differ'));
    assert.deepEqual(copy.groups, directory.groups, what('groups differ'));
    assert.deepEqual(copy.members, directory.members, what('memberships differ'));

    // Every event once, in order: after the snapshot's cursor, each seq is one past the last.
    const journal = mirror.read(
      (m) =>
        m.prepare('select kind, seq, event_id, cursor from journal order by n').all() as {
          kind: string;
          seq: number | null;
          event_id: string | null;
          cursor: string | null;
        }[],
    );
    let expected: number | undefined;
    const ids = new Set<string>();
    for (const row of journal) {
      if (row.kind === 'snapshot') expected = decodeFeedCursor(row.cursor!)! + 1;
      else {
        assert.equal(row.seq, expected, what(`applied seq ${row.seq} where ${expected} was next`));
        assert.ok(!ids.has(row.event_id!), what(`applied event ${row.event_id} twice`));
        ids.add(row.event_id!);
        expected = row.seq + 1;
      }
    }
    assert.equal(expected, endSeq + 1, what('did not apply through the end of the feed'));
  }
  return directory;
}

/** The directory as `GET /api/v1/snapshot` gives it, in the shape {@link readMirror} gives the mirror. */
async function readSnapshot(origin: string, token: string): Promise<Directory> {
  const res = await fetch(`${origin}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const lines = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.at(-1).type, 'end', 'the snapshot ended');
  const users = new Map<string, unknown>();
  const groups = new Map<string, { version: number; doc: unknown }>();
  const members = new Set<string>();
  for (const line of lines) {
    if (line.type === 'user') {
      const { groups: _groups, ...doc } = line.resource;
      users.set(doc.id, doc);
    } else if (line.type === 'group') {
      groups.set(line.resource.id, { version: versionOf(line.resource), doc: groupDoc(line.resource) });
      for (const m of line.resource.members ?? []) members.add(`${line.resource.id}|${m.value}`);
    }
  }
  return { cursor: lines[0].cursor, users, groups, members };
}

function readMirror(db: Database.Database): Omit<Directory, 'cursor'> {
  const users = new Map<string, unknown>();
  for (const row of db.prepare('select id, doc from users where doc is not null').all() as {
    id: string;
    doc: string;
  }[]) {
    users.set(row.id, JSON.parse(row.doc));
  }
  const groups = new Map<string, { version: number; doc: unknown }>();
  const rows = db.prepare('select id, version, doc from groups where doc is not null').all() as {
    id: string;
    version: number;
    doc: string;
  }[];
  for (const row of rows) groups.set(row.id, { version: row.version, doc: groupDoc(JSON.parse(row.doc)) });
  const members = new Set(
    (db.prepare('select group_id, member_id from members').all() as { group_id: string; member_id: string }[]).map(
      (m) => `${m.group_id}|${m.member_id}`,
    ),
  );
  return { users, groups, members };
}
