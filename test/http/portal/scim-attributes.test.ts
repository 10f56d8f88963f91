import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../../src/audit/actor.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { textOf } from '../../helpers/table-rows.ts';

const PAGE = '/admin/identity/scim-attributes';
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The custom attributes table's rows, by attribute name: each cell's text. */
function customRows(page: string): Map<string, string[]> {
  const section = /<section aria-labelledby="custom-heading">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  const rows = [...section.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)];
  return new Map(
    rows.map(([, name = '', cells = '']) => [
      textOf(name),
      [...cells.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, c = '']) => textOf(c)),
    ]),
  );
}

/** The paths the "attributes an IdP may update" table lists. */
function writablePaths(page: string): string[] {
  const section = /<section aria-labelledby="writable-heading">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  return [...section.matchAll(/<tr>\s*<td><code>([^<]*)<\/code><\/td>/g)].map(([, path = '']) => textOf(path));
}

for (const dialect of await dialects()) {
  describe(`SCIM Attributes page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    let viewer: PortalAgent;
    let token: string;

    /** The custom extension's attributes as /Schemas publishes them, by name. */
    const published = async (): Promise<Record<string, any>> => {
      const res = await p.scim(token, 'GET', '/Schemas');
      assert.equal(res.status, 200);
      const schema = (res.body.Resources as any[]).find((r) => r.id === CUSTOM);
      return Object.fromEntries(((schema?.attributes ?? []) as any[]).map((a) => [a.name, a]));
    };

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
      viewer = await p.signIn('viewer');
      const actor: Actor = { kind: 'cli', user: 'test' };
      const connection = await p.roster.tokens.ensureConnection(p.tenantId, 'generic', { actor });
      token = (await p.roster.tokens.issue(p.tenantId, connection, { actor })).secret;
    });
    after(() => p.close());

    it('should show the custom URN with a Copy button, and the Add form to a writer', async () => {
      const res = await owner.get(PAGE);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.match(res.body, new RegExp(`<code id="custom-urn">${CUSTOM}</code>`));
      assert.match(res.body, /data-copy="custom-urn"/);
      assert.match(res.body, /No custom attribute is defined yet/);
      assert.match(res.body, new RegExp(`<form method="post" action="${PAGE}" class="definition">`));
      for (const type of ['string', 'boolean', 'integer', 'decimal', 'dateTime', 'reference', 'binary']) {
        assert.match(res.body, new RegExp(`<option value="${type}"`));
      }
      assert.doesNotMatch(res.body, /<script>(?!<)/, 'no inline script');
      assert.doesNotMatch(res.body, / style="/);
    });

    it('should add an attribute through the form: it shows on the page with its path and in /Schemas', async () => {
      const res = await owner.post(PAGE, {
        name: 'badgeNumber',
        type: 'integer',
        required: 'on',
        mutability: 'readWrite',
        description: 'Door badge <b>number</b>',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${PAGE}?done=added&name=badgeNumber`);
      const page = await owner.get(String(res.headers.location));
      assert.match(textOf(page.body), /Attribute badgeNumber added/);
      const row = customRows(page.body).get('badgeNumber');
      assert.ok(row, 'the attribute is listed');
      assert.deepEqual(row.slice(0, 9), [
        `${CUSTOM}:badgeNumber Copy`,
        'integer',
        'No',
        'Yes',
        'No',
        'Read and write',
        'Door badge <b>number</b>',
        'No',
        'Select Edit Deprecate Remove',
      ]);
      assert.match(page.body, /Door badge &lt;b&gt;number&lt;\/b&gt;/, 'the description is escaped');
      assert.match(page.body, new RegExp(`<code id="custom-path-0">${CUSTOM}:badgeNumber</code>`));
      assert.match(page.body, /data-copy="custom-path-0"/);
      const schema = await published();
      assert.equal(schema.badgeNumber?.type, 'integer');
      assert.equal(schema.badgeNumber?.required, true);
      assert.equal(schema.badgeNumber?.description, 'Door badge <b>number</b>');
    });

    it('should refuse a bad name with 400, the message, the typed values kept, and nothing defined', async () => {
      const res = await owner.post(PAGE, {
        name: '9lives',
        type: 'boolean',
        multiValued: 'on',
        mutability: 'readWrite',
        description: 'kept text',
      });
      assert.equal(res.status, 400);
      assert.match(textOf(res.body), /The attribute was not added: "9lives" is not a valid attribute name/);
      assert.match(res.body, /id="add-name" name="name" value="9lives"/);
      assert.match(res.body, /<option value="boolean" selected>/);
      assert.match(res.body, /id="add-multiValued" name="multiValued" checked/);
      assert.match(res.body, />kept text<\/textarea>/);
      assert.deepEqual(
        (await p.roster.attributes.list(p.tenantId)).map((d) => d.name),
        ['badgeNumber'],
      );
      assert.equal((await published())['9lives'], undefined);
    });

    it('should refuse a name already defined, in any case, with 409', async () => {
      const res = await owner.post(PAGE, { name: 'BADGENUMBER', type: 'string', mutability: 'readWrite' });
      assert.equal(res.status, 409);
      assert.match(textOf(res.body), /already defined/);
      assert.equal((await p.roster.attributes.list(p.tenantId)).length, 1);
    });

    it('should edit the description and flags, shown on the page and in /Schemas', async () => {
      const form = await owner.get(`${PAGE}/badgeNumber/edit`);
      assert.equal(form.status, 200);
      assert.match(form.body, /<option value="integer" selected>/);
      assert.match(form.body, /id="edit-required" name="required" checked/);
      assert.match(form.body, /Door badge &lt;b&gt;number&lt;\/b&gt;<\/textarea>/);
      const res = await owner.post(`${PAGE}/badgeNumber/edit`, {
        type: 'integer',
        mutability: 'immutable',
        caseExact: 'on',
        description: 'The door badge',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${PAGE}?done=updated&name=badgeNumber`);
      const row = customRows((await owner.get(PAGE)).body).get('badgeNumber');
      assert.deepEqual(row?.slice(1, 7), ['integer', 'No', 'No', 'Yes', 'Set once (immutable)', 'The door badge']);
      const schema = await published();
      assert.equal(schema.badgeNumber?.description, 'The door badge');
      assert.equal(schema.badgeNumber?.mutability, 'immutable');
      assert.equal(schema.badgeNumber?.required, false);
    });

    it('should deprecate and undeprecate from the Select menu', async () => {
      const res = await owner.post(`${PAGE}/badgeNumber/deprecate`, { deprecated: 'on' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${PAGE}?done=deprecated&name=badgeNumber`);
      const page = await owner.get(PAGE);
      assert.equal(customRows(page.body).get('badgeNumber')?.[7], 'Yes');
      assert.match(page.body, /Undeprecate/);
      assert.equal((await published()).badgeNumber?.description, 'Deprecated. The door badge');
      assert.equal((await owner.post(`${PAGE}/badgeNumber/deprecate`, { deprecated: 'off' })).status, 303);
      assert.equal((await published()).badgeNumber?.description, 'The door badge');
    });

    it('should refuse a type change while users hold values with 409, keeping the form as typed', async () => {
      const user = await p.scim(token, 'POST', '/Users', {
        userName: 'holder@example.com',
        [CUSTOM]: { badgeNumber: 7 },
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const res = await owner.post(`${PAGE}/badgeNumber/edit`, {
        type: 'string',
        mutability: 'immutable',
        description: 'typed again',
      });
      assert.equal(res.status, 409);
      assert.match(
        textOf(res.body),
        /Cannot change the type of "badgeNumber" from integer to string: 1 user has a value of it/,
      );
      assert.match(res.body, /<option value="string" selected>/);
      assert.match(res.body, />typed again<\/textarea>/);
      assert.equal((await p.roster.attributes.list(p.tenantId))[0]?.type, 'integer');
    });

    it('should remove an attribute only after a confirmation step that says how many values go', async () => {
      const ask = await owner.post(`${PAGE}/badgeNumber/remove`);
      assert.equal(ask.status, 200);
      assert.match(textOf(ask.body), new RegExp(`Remove the attribute badgeNumber \\(${CUSTOM}:badgeNumber\\)\\?`));
      assert.match(textOf(ask.body), /1 user holds a value of it/);
      assert.match(ask.body, /name="confirm" value="yes"/);
      assert.equal((await p.roster.attributes.list(p.tenantId)).length, 1, 'asking removes nothing');

      const res = await owner.post(`${PAGE}/badgeNumber/remove`, { confirm: 'yes' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${PAGE}?done=removed&name=badgeNumber&count=1`);
      const page = await owner.get(String(res.headers.location));
      assert.match(textOf(page.body), /Attribute badgeNumber removed, with its values of 1 user\./);
      const french = await p.signIn('viewer', { locale: 'fr' });
      assert.match(
        textOf((await french.get(`${PAGE}?done=removed&name=badgeNumber&count=0`)).body),
        /avec ses valeurs chez 0 utilisateur\./,
        'French counts 0 as one',
      );
      assert.match(
        textOf((await french.get(`${PAGE}?done=removed&name=badgeNumber&count=2`)).body),
        /avec ses valeurs chez 2 utilisateurs\./,
      );
      assert.equal(customRows(page.body).size, 0);
      assert.deepEqual(await p.roster.attributes.list(p.tenantId), []);
      const list = await p.scim(token, 'GET', '/Users?filter=userName%20eq%20%22holder@example.com%22');
      assert.equal(list.body.Resources[0][CUSTOM], undefined, "the user's value is gone");
    });

    it('should answer 404 for an attribute that is not defined', async () => {
      assert.equal((await owner.get(`${PAGE}/nothing/edit`)).status, 404);
      assert.equal((await owner.post(`${PAGE}/nothing/remove`)).status, 404);
      assert.equal((await owner.post(`${PAGE}/nothing/remove`, { confirm: 'yes' })).status, 404);
    });

    it('should list the enterprise attributes with their paths, and what an IdP may update from the schemas', async () => {
      await p.roster.attributes.define(p.tenantId, { name: 'costCode', type: 'string' }, { kind: 'cli' });
      await p.roster.attributes.define(
        p.tenantId,
        { name: 'sealed', type: 'string', mutability: 'readOnly' },
        { kind: 'cli' },
      );
      const page = (await owner.get(PAGE)).body;
      for (const name of ['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']) {
        assert.match(page, new RegExp(`<code id="enterprise-path-\\d">${ENTERPRISE}:${name}</code>`));
      }
      assert.match(textOf(page), /department .* string .* The name of a department\./);
      const paths = writablePaths(page);
      for (const path of [
        'userName',
        'displayName',
        'emails',
        'name.givenName',
        'name.familyName',
        'active',
        'password',
        'externalId',
        'addresses',
        'x509Certificates',
        `${ENTERPRISE}:department`,
        `${ENTERPRISE}:manager.value`,
        `${CUSTOM}:costCode`,
      ]) {
        assert.ok(paths.includes(path), `${path} may be updated`);
      }
      for (const path of ['id', 'meta', 'groups', 'name', `${ENTERPRISE}:manager.displayName`, `${CUSTOM}:sealed`]) {
        assert.ok(!paths.includes(path), `${path} is not listed`);
      }
      assert.equal(new Set(paths).size, paths.length, 'each path once');
      assert.ok(!paths.some((path) => path.startsWith(CORE)), 'core paths are written without their URN');
    });

    it("should show a viewer no forms, and refuse a viewer's changes with 403, changing nothing", async () => {
      const page = await viewer.get(PAGE);
      assert.equal(page.status, 200);
      assert.match(page.body, /Your role is read-only/);
      assert.doesNotMatch(page.body, new RegExp(`action="${PAGE}`), 'no form posts to the attributes pages');
      assert.doesNotMatch(page.body, /<details class="menu">/);
      const before = await p.roster.attributes.list(p.tenantId);
      const attempts = [
        await viewer.post(PAGE, { name: 'sneaky', type: 'string', mutability: 'readWrite' }),
        await viewer.post(`${PAGE}/costCode/edit`, { type: 'string', mutability: 'readWrite', description: 'changed' }),
        await viewer.post(`${PAGE}/costCode/deprecate`, { deprecated: 'on' }),
        await viewer.post(`${PAGE}/costCode/remove`),
        await viewer.post(`${PAGE}/costCode/remove`, { confirm: 'yes' }),
        await viewer.get(`${PAGE}/costCode/edit`),
      ];
      assert.deepEqual(
        attempts.map((r) => r.status),
        [403, 403, 403, 403, 403, 403],
      );
      assert.deepEqual(await p.roster.attributes.list(p.tenantId), before);
    });

    it('should speak French', async () => {
      const fr = await p.signIn('admin', { locale: 'fr-FR,fr;q=0.9' });
      const page = await fr.get(PAGE);
      assert.equal(page.status, 200);
      assert.match(page.body, /<html lang="fr">/);
      const text = textOf(page.body);
      for (const label of [
        'Attributs SCIM',
        'Attributs personnalisés',
        "Schéma d'extension personnalisé (URN)",
        'Ajouter un attribut',
        'Multivalué',
        'Sensible à la casse',
        'Mutabilité',
        "Attributs de l'extension entreprise",
        "Attributs qu'un fournisseur d'identité peut mettre à jour",
        'Lecture et écriture',
        'Copier',
      ]) {
        assert.ok(text.includes(label), `"${label}" is on the French page`);
      }
      assert.match(page.body, /data-copied="Copié"/);
      const refused = await fr.post(PAGE, { name: '', type: 'string', mutability: 'readWrite' });
      assert.equal(refused.status, 400);
      assert.match(textOf(refused.body), /L'attribut n'a pas été ajouté/);
    });
  });
}
