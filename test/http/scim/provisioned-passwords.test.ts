import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../../src/shared/password-hash.ts';
import type { StoreDialect } from '../../../src/store/dialect/store-dialect.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { dialects } from '../../helpers/dialects.ts';
import { USER } from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

for (const dialect of await dialects()) {
  describe(`a provisioned password (${dialect})`, () => {
    let s: TestServer;
    let store: StoreDialect;
    before(async () => {
      s = await startServer(dialect);
      store = openStore({ url: s.databaseUrl, poolSize: 1 });
    });
    after(async () => {
      await store.close();
      await s.close();
    });

    it('should be stored only as an argon2id hash that verifies, and never returned', async () => {
      const password = 'provisioned Passw0rd!';
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'hashed@example.com', password });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.password, undefined);
      const row = await store.db
        .selectFrom('users')
        .select(['password_hash', 'doc'])
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      assert.match(String(row.password_hash), /^\$argon2id\$/);
      assert.ok(!JSON.stringify(row).includes(password), 'the password is nowhere in clear');
      assert.equal(await verifyPassword(String(row.password_hash), password), true);
      assert.equal(await verifyPassword(String(row.password_hash), 'another password'), false);
    });
  });
}
