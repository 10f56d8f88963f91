import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ScimError } from '../../../src/scim/error.ts';
import { applyPatch } from '../../../src/scim/patch/index.ts';
import { normalizeResource } from '../../../src/scim/resource/index.ts';
import { userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// Values of the right and of the wrong types, so that refusals are exercised as well.
const text = fc.string({ unit: fc.constantFrom('a', 'B', 'é', ' ', '@'), maxLength: 4 });
const scalar = fc.oneof(text, fc.boolean(), fc.constantFrom('True', 'false', null, 7, ''));
const email = fc.record(
  { value: text, type: fc.constantFrom('work', 'home', 'Work'), primary: fc.boolean(), display: text },
  { requiredKeys: [] },
);
const value = fc.oneof(
  scalar,
  email,
  fc.array(email, { maxLength: 3 }),
  fc.record({ givenName: text, familyName: fc.oneof(text, fc.constant(null)) }, { requiredKeys: [] }),
  fc.array(scalar, { maxLength: 2 }),
);
const path = fc.constantFrom(
  'userName',
  'displayName',
  'title',
  'active',
  'name',
  'name.givenName',
  'NAME.familyName',
  'emails',
  'emails.value',
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'emails[not (primary eq true)].display',
  'emails[value sw "a"].primary',
  ENTERPRISE,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:manager.value`,
);
const pathless = fc.dictionary(
  fc.constantFrom('title', 'displayName', 'name.givenName', 'active', 'emails', `${ENTERPRISE}:department`, 'shoeSize'),
  value,
  { maxKeys: 3 },
);
const operation = fc.oneof(
  fc.record({ op: fc.constantFrom('add', 'replace', 'Replace', 'remove'), path, value }),
  fc.record({ op: fc.constantFrom('add', 'replace', 'Add'), value: pathless }),
  fc.record({ op: fc.constant('remove'), path }),
);
const requests = fc.array(fc.array(operation, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

const start = (): Record<string, unknown> => ({
  schemas: [USER],
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { value: 'work@example.com', type: 'work', primary: true },
    { value: 'home@example.org', type: 'home' },
  ],
});

/** Valid against the schema: the normalizer accepts the resource and leaves it as it is. */
function assertValid(resource: Record<string, unknown>): void {
  const { id, ...attributes } = resource;
  assert.equal(id, 'u1');
  assert.deepEqual(normalizeResource(rs, attributes, 'replace').resource, attributes);
  const primaries = ((resource.emails as { primary?: boolean }[] | undefined) ?? []).filter((e) => e.primary === true);
  assert.ok(primaries.length <= 1, 'at most one primary email');
  const extensions = Object.keys(resource).filter((k) => k.startsWith('urn:'));
  assert.deepEqual(resource.schemas, [USER, ...extensions]);
}

describe('PATCH properties', () => {
  it('keeps a user valid against its schema through any sequence of requests, refused ones changing nothing', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(requests, (sequence) => {
        let user = start();
        for (const operations of sequence) {
          const before = structuredClone(user);
          try {
            user = applyPatch(rs, user, { schemas: [PATCH_OP], Operations: operations }).resource;
          } catch (e) {
            if (!(e instanceof ScimError) || e.status !== 400) throw e;
            assert.deepEqual(user, before, 'a refused request changes nothing');
            refused++;
            continue;
          }
          accepted++;
          assertValid(user);
        }
      }),
      { seed: 20261204, numRuns: 500 },
    );
    // The generators must reach both outcomes often, or the property proves little.
    assert.ok(accepted > 300 && refused > 300, `accepted ${accepted}, refused ${refused}`);
  });

  it('is idempotent for replace: applying the same replace twice gives what applying it once gives', () => {
    const replace = fc.record({ op: fc.constant('replace'), path, value });
    fc.assert(
      fc.property(replace, (op) => {
        const body = { schemas: [PATCH_OP], Operations: [op] };
        let once: Record<string, unknown>;
        try {
          once = applyPatch(rs, start(), body).resource;
        } catch (e) {
          if (e instanceof ScimError && e.status === 400) return;
          throw e;
        }
        assert.deepEqual(applyPatch(rs, once, body).resource, once);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
