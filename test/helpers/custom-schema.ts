import assert from 'node:assert/strict';
import type { Actor } from '../../src/audit/actor.ts';
import type { DefinitionInput } from '../../src/attributes/attribute-definition.ts';
import type { TestServer } from './scim-server.ts';

/** The custom extension's URN when ROSTER_CUSTOM_SCHEMA_URN is not set. */
export const CUSTOM = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ADMIN: Actor = { kind: 'admin', email: 'ann@example.com' };

/** Defines custom attributes in the server's tenant, as an administrator would. */
export async function define(s: TestServer, ...inputs: DefinitionInput[]): Promise<void> {
  for (const input of inputs) await s.roster.attributes.define(s.tenantId, input, ADMIN);
}

/** A schema's attributes as published, by name. */
export type Published = Record<string, Record<string, unknown>>;

/**
 * What discovery says about the extension `urn` right now: its attributes from `/Schemas`
 * (undefined when it is not published), checked against `/Schemas/<urn>` and against
 * `/ResourceTypes/User`, which must list it as an extension exactly when it is published.
 */
export async function publishedSchema(s: TestServer, urn = CUSTOM): Promise<Published | undefined> {
  const all = await s.scim('GET', '/Schemas');
  assert.equal(all.status, 200, JSON.stringify(all.body));
  const schema = (all.body.Resources as any[]).find((r) => r.id === urn);
  const one = await s.scim('GET', `/Schemas/${urn}`);
  const type = await s.scim('GET', '/ResourceTypes/User');
  const extensions = (type.body.schemaExtensions as { schema: string }[]).map((e) => e.schema);
  if (!schema) {
    assert.equal(one.status, 404, `/Schemas/${urn} when unpublished`);
    assert.ok(!extensions.includes(urn), '/ResourceTypes/User does not list an unpublished extension');
    return undefined;
  }
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, schema, '/Schemas/<urn> is the entry of /Schemas');
  assert.ok(extensions.includes(urn), '/ResourceTypes/User lists the extension');
  return Object.fromEntries((schema.attributes as any[]).map((a) => [a.name, a]));
}

/** The names of the extension's published attributes, in order; [] when it is not published. */
export async function publishedNames(s: TestServer, urn = CUSTOM): Promise<string[]> {
  return Object.keys((await publishedSchema(s, urn)) ?? {});
}

/** Polls until `check` passes or `ms` elapse (for changes made by another process). */
export async function eventually(check: () => Promise<void>, ms = 4000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
