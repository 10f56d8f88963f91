import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open-store.ts';
import { runCli, type RunningServer } from './cli.ts';
import { scimOver } from './roster-cli.ts';

export type Env = Record<string, string>;

/** Runs `roster export` and returns the dump, failing the test unless it succeeds. */
export async function exported(env: Env, ...args: string[]): Promise<string> {
  const res = await runCli(['export', ...args], env);
  assert.equal(res.code, 0, res.stderr);
  return res.stdout;
}

/** Runs `roster import --json` on a dump, failing the test unless it succeeds. */
export async function imported(env: Env, dump: string): Promise<any> {
  const res = await runCli(['import', '--json'], env, dump);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout);
}

/** A dump's records without what differs between two exports of the same data: when it was made. */
export const comparable = (dump: string): unknown[] =>
  dump
    .trimEnd()
    .split('\n')
    .map((l) => ({ ...JSON.parse(l), exportedAt: undefined }));

/** A response body with the server's own origin taken out of it (meta.location, $ref). */
export async function body(server: RunningServer, token: string, path: string): Promise<unknown> {
  const res = await scimOver(server.origin, token, 'GET', path);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return JSON.parse(JSON.stringify(res.body).replaceAll(server.origin, 'ORIGIN'));
}

/** Every list page of an endpoint, and the ids it lists. */
export async function pages(
  server: RunningServer,
  token: string,
  endpoint: string,
): Promise<{ pages: unknown[]; ids: string[] }> {
  const out: unknown[] = [];
  const ids: string[] = [];
  for (let start = 1; ; start += 1000) {
    const page: any = await body(server, token, `${endpoint}?startIndex=${start}&count=1000`);
    out.push(page);
    ids.push(...(page.Resources ?? []).map((r: any) => r.id as string));
    if (start + 1000 > page.totalResults) return { pages: out, ids };
  }
}

/** Asserts that two servers answer every GET of `paths` with the same body. */
export async function sameAnswers(a: RunningServer, aToken: string, b: RunningServer, bToken: string, paths: string[]) {
  for (const path of paths) {
    assert.deepEqual(await body(b, bToken, path), await body(a, aToken, path), `GET ${path}`);
  }
}

/** Each group's member_count against its membership rows: what an import must keep right. */
export async function memberCounts(url: string): Promise<{ kept: number; counted: number }[]> {
  const store = openStore({ url, poolSize: 1 });
  try {
    const rows = await store.db
      .selectFrom('groups as g')
      .select((eb) => [
        'g.member_count as kept',
        eb
          .selectFrom('group_members as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.tenant_id', '=', 'g.tenant_id')
          .whereRef('m.group_id', '=', 'g.id')
          .as('counted'),
      ])
      .execute();
    return rows.map((r) => ({ kept: Number(r.kept), counted: Number(r.counted) }));
  } finally {
    await store.close();
  }
}
