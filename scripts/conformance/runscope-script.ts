import assert from 'node:assert';
import { runInNewContext } from 'node:vm';

/** What a Runscope post-response script sees of the response. */
export interface ScriptResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly response_time: number;
  readonly size: number;
}

/**
 * Runs one of a step's `scripts` the way Runscope does: with `response`, `variables`
 * (get/set), a Chai-like `assert` (node's, whose `assert(x)`, `assert.ok`, `assert.equal`
 * behave alike) and `log`. A throw is a failed assertion. The context has no `require`
 * nor `process`, and a script gets one second.
 *
 * @example runScript('assert.ok(JSON.parse(response.body).totalResults >= 1)', response, variables)
 */
export function runScript(
  source: string,
  response: ScriptResponse,
  variables: Map<string, string>,
  log: (line: string) => void = () => {},
): { readonly passed: boolean; readonly error?: string } {
  const context = {
    response,
    assert,
    log: (...args: unknown[]) => log(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
    variables: {
      get: (name: string) => variables.get(name),
      set: (name: string, value: unknown) => void variables.set(name, String(value)),
    },
  };
  try {
    runInNewContext(source, context, { timeout: 1000, filename: 'runscope-script.js' });
    return { passed: true };
  } catch (error) {
    return { passed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
