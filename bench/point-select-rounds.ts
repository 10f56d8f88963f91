/**
 * The shared frame of the point-select benchmarks (statement cache, compiled once): a fresh
 * SQLite file with N users made through the users service, and two ways of running the
 * same lookup measured in alternating rounds, so that machine noise hits both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openRoster } from '../src/roster.ts';

export interface PointSelectFixture {
  readonly file: string;
  readonly tenantId: string;
  readonly ids: readonly string[];
  readonly rounds: number;
  readonly queries: number;
  readonly users: number;
  remove(): void;
}

/** Reads `--users`, `--rounds` and `--queries`, then seeds a fresh database file. */
export async function pointSelectFixture(): Promise<PointSelectFixture> {
  const { values: args } = parseArgs({
    options: {
      users: { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '5' },
      queries: { type: 'string', default: '10000' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  const file = join(dir, 'bench.db');
  const roster = await openRoster({ databaseUrl: file });
  const tenant = (await roster.tenants.findBySlug('default'))!;
  const ctx = { tenantId: tenant.id, baseUrl: 'http://bench' };
  const ids: string[] = [];
  for (let i = 0; i < Number(args.users); i++) {
    ids.push((await roster.users.create(ctx, { userName: `u${i}@example.com`, active: true })).resource.id as string);
  }
  await roster.close();
  return {
    file,
    tenantId: tenant.id,
    ids,
    rounds: Number(args.rounds),
    queries: Number(args.queries),
    users: Number(args.users),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `a` and `b` in alternating rounds of `queries` calls; prints the medians and their ratio. */
export async function compareRounds(
  fixture: PointSelectFixture,
  a: { readonly label: string; readonly run: (i: number) => Promise<unknown> },
  b: { readonly label: string; readonly run: (i: number) => Promise<unknown> },
): Promise<void> {
  const round = async (run: (i: number) => Promise<unknown>): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < fixture.queries; i++) await run(i);
    return fixture.queries / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  await round(a.run);
  await round(b.run);
  const first: number[] = [];
  const second: number[] = [];
  for (let r = 0; r < fixture.rounds; r++) {
    first.push(await round(a.run));
    second.push(await round(b.run));
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(
    `node ${process.version}, ${fixture.users} users, ${fixture.queries} queries a round, ${fixture.rounds} rounds`,
  );
  console.log(`${a.label}: ${median(first).toFixed(0)} queries/s (median)`);
  console.log(`${b.label}: ${median(second).toFixed(0)} queries/s (median)`);
  console.log(`ratio: ${(median(first) / median(second)).toFixed(2)}x`);
}
