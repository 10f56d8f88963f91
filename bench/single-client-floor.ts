/**
 * The machine's floor for one client: a node:http server in a child process answering
 * `{"hello":"world"}`, alone and after one PostgreSQL round trip (`select 1`, prepared),
 * driven by one client, one request at a time. A Roster p99 near these is the machine's; one
 * far above them is Roster's. Alternating passes, 5,000 requests each after 2,000 to warm up.
 *
 *   npx tsx bench/single-client-floor.ts [--passes 2] [--requests 5000]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { HttpClient } from './load-driver.ts';

const { values: args } = parseArgs({
  options: {
    passes: { type: 'string', default: '2' },
    requests: { type: 'string', default: '5000' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});

const SERVER = `
const http = require('node:http');
let before = async () => {};
if (process.argv[1] === 'postgres') {
  const client = new (require('pg').Client)({ connectionString: process.argv[2] });
  client.connect();
  before = () => client.query({ name: 'one', text: 'select 1 as x' });
}
const body = '{"hello":"world"}';
http
  .createServer(async (req, res) => {
    await before();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

async function pass(mode: 'hello' | 'postgres', requests: number): Promise<string> {
  const child = spawn(process.execPath, ['-e', SERVER, mode, args['pg-url']], {
    cwd: new URL('..', import.meta.url),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
    const client = new HttpClient(`http://127.0.0.1:${port}`, {});
    for (let i = 0; i < 2000; i++) await client.send('GET', '/');
    const ms: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await client.send('GET', '/');
      ms.push(performance.now() - started);
    }
    client.close();
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
    return `${mode === 'hello' ? 'hello' : 'hello + PostgreSQL select 1'}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, p99.9 ${at(0.999)} ms`;
  } finally {
    child.kill();
  }
}

for (let i = 0; i < Number(args.passes); i++) {
  for (const mode of ['hello', 'postgres'] as const) console.log(await pass(mode, Number(args.requests)));
}
