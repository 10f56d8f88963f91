import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

// How bodies are read is HTTP-only behaviour, the same on every store: SQLite suffices.
describe('SCIM request bodies and their Content-Type', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite', 'okta');
  });
  after(() => server.close());

  const send = (method: 'POST' | 'PUT', path: string, payload: string, contentType?: string) =>
    server.app.inject({
      method,
      url: `/scim/v2${path}`,
      headers: { authorization: `Bearer ${server.token}`, ...(contentType ? { 'content-type': contentType } : {}) },
      payload,
    });

  it("should read a JSON body sent with no Content-Type (as Okta's 2016 SPEC test sends it)", async () => {
    const res = await send('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'no.content.type' }));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(JSON.parse(res.body).userName, 'no.content.type');
  });

  it('should answer 400 invalidSyntax to a body with no Content-Type that is not JSON', async () => {
    const res = await send('POST', '/Users', 'userName=x');
    assert.equal(res.statusCode, 400);
    assert.equal(JSON.parse(res.body).scimType, 'invalidSyntax');
  });

  it('should read a JSON body declared as text/plain, as fetch and .NET StringContent send it', async () => {
    for (const [i, type] of [
      'text/plain;charset=UTF-8',
      'text/plain',
      'TEXT/JSON',
      'application/vnd.api+json',
    ].entries()) {
      const userName = `text.body.${i}`;
      const res = await send('POST', '/Users', JSON.stringify({ schemas: [USER], userName }), type);
      assert.equal(res.statusCode, 201, `${type}: ${res.body}`);
      assert.equal(JSON.parse(res.body).userName, userName);
    }
    const created = JSON.parse(
      (await send('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'text.put' }), 'text/plain')).body,
    );
    const put = await send(
      'PUT',
      `/Users/${created.id}`,
      JSON.stringify({ schemas: [USER], userName: 'text.put', displayName: 'T' }),
      'text/plain;charset=UTF-8',
    );
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(JSON.parse(put.body).displayName, 'T');
  });

  it('should answer 400 invalidSyntax to a text/plain body that is not JSON, creating nothing', async () => {
    const res = await send('POST', '/Users', 'userName=plain', 'text/plain');
    assert.equal(res.statusCode, 400);
    assert.equal(JSON.parse(res.body).scimType, 'invalidSyntax');
    const list = await server.app.inject({
      method: 'GET',
      url: `/scim/v2/Users?filter=${encodeURIComponent('userName eq "userName=plain"')}`,
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(JSON.parse(list.body).totalResults, 0);
  });

  it('should refuse a form body with 415', async () => {
    const res = await send('POST', '/Users', 'userName=x', 'application/x-www-form-urlencoded');
    assert.equal(res.statusCode, 415);
    assert.equal(JSON.parse(res.body).status, '415');
  });

  it('should refuse a body declared as another media type with 415', async () => {
    const res = await send('POST', '/Users', '<user/>', 'application/xml');
    assert.equal(res.statusCode, 415);
    assert.equal(JSON.parse(res.body).status, '415');
  });

  it('should answer 405 to a write on a discovery endpoint before reading its body', async () => {
    for (const path of ['/ServiceProviderConfig', '/serviceConfiguration', '/ResourceTypes', '/Schemas']) {
      const res = await send('POST', path, 'test\r\n\r\n', 'application/scim+json; charset=utf-8');
      assert.equal(res.statusCode, 405, path);
      assert.equal(JSON.parse(res.body).status, '405', path);
    }
  });

  it('should still ask for the token first on a write to a discovery endpoint', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/scim/v2/Schemas',
      payload: 'test',
      headers: { 'content-type': 'application/scim+json' },
    });
    assert.equal(res.statusCode, 401);
  });
});
