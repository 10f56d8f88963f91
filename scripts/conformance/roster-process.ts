import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/roster.js', import.meta.url));

/** A `roster serve` process started for a conformance pass. */
export interface RosterProcess {
  /** e.g. `http://127.0.0.1:41234` */
  readonly origin: string;
  /** What the process printed, for a report when something goes wrong. */
  readonly output: () => string;
  /** The server's process id (the benchmark samples its memory). */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `roster serve` as an operator would (the compiled dist/, which `npm run conformance`
 * and `npm run bench` rebuild first when src/ changed), on a free loopback port, and waits for its "listening
 * on" line.
 *
 * `bin` runs another checkout's Roster (a benchmark's baseline); `nodeArgs` go to node before
 * it (a benchmark's `--cpu-prof`, which NODE_OPTIONS may not carry).
 *
 * @example const roster = await startRoster({ ROSTER_DATABASE_URL: '/tmp/x/roster.db' })
 */
export function startRoster(
  env: Readonly<Record<string, string>>,
  bin = BIN,
  nodeArgs: readonly string[] = [],
): Promise<RosterProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ROSTER_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`roster serve exited with ${code} before listening:\n${out}`));
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(new Error(`roster serve did not start within 60 s:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const origin = /listening on (http:\/\/[^\s]+)/.exec(out)?.[1];
      if (!origin) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
      resolve({
        origin,
        output: () => out,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', onExit);
  });
}

/**
 * Issues a token through the CLI (`roster tokens create --idp <kind> --json`), the way an
 * administrator does, and returns its secret; `tenant` names a tenant other than `default`
 * (see createTenant).
 *
 * @example const token = await createToken({ ROSTER_DATABASE_URL: db.url }, 'okta')
 */
export function createToken(
  env: Readonly<Record<string, string>>,
  idp: string,
  bin = BIN,
  tenant?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'tokens',
        'create',
        '--idp',
        idp,
        '--name',
        `conformance ${idp}`,
        '--json',
        ...(tenant ? ['--tenant', tenant] : []),
      ],
      {
        env: { ...process.env, ROSTER_LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        const { token } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { token?: unknown };
        if (typeof token !== 'string') throw new Error('no "token" in its output');
        resolve(token);
      } catch (error) {
        reject(
          new Error(`roster tokens create --idp ${idp} failed (${(error as Error).message}):\n${stdout}${stderr}`),
        );
      }
    });
  });
}

/**
 * Creates a tenant through the CLI (`roster tenants create <slug>`).
 *
 * @example await createTenant({ ROSTER_DATABASE_URL: db.url }, 'other')
 */
export function createTenant(env: Readonly<Record<string, string>>, slug: string, bin = BIN): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'tenants', 'create', slug], {
      env: { ...process.env, ROSTER_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`roster tenants create ${slug} failed (exit ${code}):\n${stderr}`)),
    );
  });
}
