import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { reconcile, type ExpectedFailure } from '../../../scripts/conformance/expected-failures.ts';
import { runRunscopeTest } from '../../../scripts/conformance/runscope-runner.ts';
import type { RunscopeTest } from '../../../scripts/conformance/runscope-test.ts';

// A stand-in server: records what it received, answers a fixed list response.
describe('the Runscope runner', () => {
  let server: Server;
  let base: string;
  const received: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.method === 'POST') {
          res.writeHead(201, { 'content-type': 'application/scim+json' });
          res.end(JSON.stringify({ id: 'u-1', active: true, schemas: ['urn:a'] }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        res.end(
          JSON.stringify({ totalResults: 1, status: '200', Resources: [{ id: 'u-1', emails: [{ value: 'a@b' }] }] }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const test: RunscopeTest = {
    name: 't',
    steps: [
      {
        step_type: 'request',
        note: 'create',
        method: 'POST',
        url: '{{base}}/Users',
        headers: { Authorization: '{{auth}}' },
        body: '{"userName":"{{name}}"}',
        variables: [{ source: 'response_json', property: 'id', name: 'userId' }],
        assertions: [
          { source: 'response_status', comparison: 'equal_number', value: '201' },
          { source: 'response_json', property: 'active', comparison: 'equal', value: 'true' },
          { source: 'response_json', property: 'schemas', comparison: 'contains', value: 'urn:a' },
        ],
      },
      { step_type: 'pause', duration: 5 },
      {
        step_type: 'request',
        note: 'list',
        method: 'GET',
        url: '{{base}}/Users?filter=userName eq "{{name}}"',
        headers: { Authorization: ['{{auth}}'] },
        assertions: [
          { source: 'response_json', property: 'Resources[0].id', comparison: 'equal', value: '{{userId}}' },
          { source: 'response_json', property: 'Resources[0].emails[0].value', comparison: 'not_empty', value: null },
          { source: 'response_json', property: 'Resources[0].emails.value', comparison: 'has_value', value: null },
          { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '2' },
        ],
        scripts: ['assert.strictEqual(typeof JSON.parse(response.body).status, "string")', 'assert.ok(false, "nope")'],
      },
      {
        step_type: 'request',
        note: 'unsent',
        method: 'GET',
        url: '{{base}}/{{missing}}',
        assertions: [{ source: 'response_status', comparison: 'equal_number', value: '200' }],
      },
      { step_type: 'condition', note: 'a condition' },
    ],
  };

  it('should fill templates, extract variables, and name each assertion without its values', async () => {
    const pauses: number[] = [];
    const { checks, variables } = await runRunscopeTest(test, {
      variables: new Map([
        ['base', base],
        ['auth', 'Bearer t0k'],
        ['name', 'Jo Doe'],
      ]),
      pause: async (s) => void pauses.push(s),
    });
    assert.deepEqual(pauses, [5]);
    assert.equal(variables.get('userId'), 'u-1');
    assert.equal(received[0]?.headers.authorization, 'Bearer t0k');
    assert.equal(received[0]?.headers['content-type'], undefined, 'no Content-Type the step does not name');
    assert.equal(received[0]?.body, '{"userName":"Jo Doe"}');
    assert.equal(received[1]?.url, '/Users?filter=userName%20eq%20%22Jo%20Doe%22');
    const byName = new Map(checks.map((c) => [`${c.request} | ${c.assertion}`, c]));
    assert.equal(byName.get('create | response_status equal_number 201')?.passed, true);
    assert.equal(byName.get('create | response_json active equal true')?.passed, true);
    assert.equal(byName.get('create | response_json schemas contains urn:a')?.passed, true);
    assert.equal(byName.get('list | response_json Resources[0].id equal {{userId}}')?.passed, true);
    assert.equal(byName.get('list | response_json Resources[0].emails[0].value not_empty')?.passed, true);
    assert.equal(
      byName.get('list | response_json Resources[0].emails.value has_value')?.passed,
      false,
      'no projection into arrays',
    );
    assert.equal(byName.get('list | response_json totalResults equal_number 2')?.passed, false);
    assert.equal(byName.get('list | script 1')?.passed, true);
    assert.match(byName.get('list | script 2')?.error ?? '', /nope/);
    assert.match(
      byName.get('unsent | response_status equal_number 200')?.error ?? '',
      /Variable 'missing' was not defined/,
    );
    assert.match(byName.get('a condition | step')?.error ?? '', /unsupported step type "condition"/);
  });

  it('should send a body as fetch sends a string, declared text/plain, when asked to', async () => {
    const before = received.length;
    await runRunscopeTest(test, {
      variables: new Map([
        ['base', base],
        ['auth', 'Bearer t0k'],
        ['name', 'Jo Doe'],
      ]),
      pause: async () => {},
      bodyAs: 'string',
    });
    assert.equal(received[before]?.method, 'POST');
    assert.equal(received[before]?.headers['content-type'], 'text/plain;charset=UTF-8');
    assert.equal(received[before]?.body, '{"userName":"Jo Doe"}');
  });

  it('should tell expected failures, unexpected ones, stale entries and ones that now pass apart', () => {
    const outcomes = [
      { suite: 'okta' as const, request: 'r', assertion: 'a', passed: false },
      { suite: 'okta' as const, request: 'r', assertion: 'b', passed: false },
      { suite: 'okta' as const, request: 'r', assertion: 'c', passed: true },
    ];
    const entry = (assertion: string): ExpectedFailure => ({
      suite: 'okta',
      request: 'r',
      assertion,
      reason: 'x',
      source: 'y',
    });
    const r = reconcile(outcomes, [entry('a'), entry('c'), entry('gone')]);
    assert.deepEqual(
      r.expected.map((e) => e.outcome.assertion),
      ['a'],
    );
    assert.deepEqual(
      r.unexpected.map((o) => o.assertion),
      ['b'],
    );
    assert.deepEqual(
      r.nowPassing.map((f) => f.assertion),
      ['c'],
    );
    assert.deepEqual(
      r.notRun.map((f) => f.assertion),
      ['gone'],
    );
  });
});
