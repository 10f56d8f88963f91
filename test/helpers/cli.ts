import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/roster.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../../scripts/build.js', import.meta.url));

// The commands and servers the tests start run what production runs: the bundle in dist/,
// which `npm test` rebuilds first when a source is newer (through tsx, each start took
// about 0.6 s more). A test file run on its own with a stale dist/ fails at its first
// command, saying so, rather than test yesterday's build. test/cli/dev-mode.test.ts runs
// the sources through tsx (ROSTER_DEV=1).
const BUILT = { ROSTER_DEV: '0' };
let checked = false;
function builtEnv(): Record<string, string> {
  if (!checked) {
    execFileSync(process.execPath, [BUILD, '--check'], { stdio: ['ignore', 'ignore', 'pipe'] });
    checked = true;
  }
  return BUILT;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `roster <args>` as a user would, with extra environment and, when given, standard input. */
export function runCli(args: readonly string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...builtEnv(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningServer {
  readonly process: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly output: () => string;
  /**
   * Waits until the output matches `pattern` and returns it; fails with the output after
   * `timeoutMs`. The server's log reaches this process through a pipe, on its own schedule:
   * a response can arrive before the lines the server wrote while answering it.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the process to exit after `signal`. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `roster serve` on a free port and waits until it listens. */
export function startServe(env: Record<string, string>): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, ...builtEnv(), PORT: '0', HOST: '127.0.0.1', ROSTER_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`roster serve did not start:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({
          process: child,
          origin: m[1],
          output: () => out,
          waitForOutput: async (pattern, timeoutMs = 10_000) => {
            const deadline = Date.now() + timeoutMs;
            while (!pattern.test(out)) {
              if (Date.now() > deadline) throw new Error(`the server never wrote ${pattern}:\n${out}`);
              await new Promise((r) => setTimeout(r, 20));
            }
            return out;
          },
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`roster serve exited with ${code}:\n${out}`));
    });
  });
}
