import { performance } from 'node:perf_hooks';
import { isComparison, meetsComparison } from './runscope-comparison.ts';
import { readProperty } from './runscope-property.ts';
import { runScript, type ScriptResponse } from './runscope-script.ts';
import { fillTemplate } from './runscope-template.ts';
import {
  isPauseStep,
  isRequestStep,
  type RunscopeAssertion,
  type RunscopeRequestStep,
  type RunscopeTest,
} from './runscope-test.ts';

/** One assertion (or script) of one request step, and how it went. */
export interface RunscopeCheck {
  /** The step's note, or `METHOD url` when it has none (templates left unfilled). */
  readonly request: string;
  /** `source property comparison value`, templates left unfilled, so names are stable. */
  readonly assertion: string;
  readonly passed: boolean;
  readonly error?: string;
}

export interface RunscopeRunOptions {
  /** The test's initial variables (Runscope's "Initial Variables" and initial script). */
  readonly variables: ReadonlyMap<string, string>;
  /** How to honour a pause step; by default it waits the step's seconds. */
  readonly pause?: (seconds: number) => Promise<void>;
  readonly log?: (line: string) => void;
  /**
   * How a body goes out: `bytes` (the default) adds no Content-Type the step does not name;
   * `string` is what `fetch` does with a string body, declaring it text/plain;charset=UTF-8
   * when the step names no type (what Runscope-like runners and .NET's StringContent send).
   */
  readonly bodyAs?: 'bytes' | 'string';
}

export interface RunscopeRunResult {
  readonly checks: readonly RunscopeCheck[];
  /** The variables after the last step, for a test that continues this one. */
  readonly variables: ReadonlyMap<string, string>;
}

interface Received extends ScriptResponse {
  readonly json: { readonly ok: true; readonly value: unknown } | { readonly ok: false };
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

const valueText = (value: RunscopeAssertion['value']): string | null =>
  value === null || value === undefined ? null : String(value);

function assertionName(a: RunscopeAssertion): string {
  const value = valueText(a.value);
  return [a.source, a.property || undefined, a.comparison, value === null || value === '' ? undefined : value]
    .filter((part) => part !== undefined)
    .join(' ');
}

/** Names made unique within their list by a " (2)", " (3)" suffix on repeats. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

async function send(
  step: RunscopeRequestStep,
  variables: ReadonlyMap<string, string>,
  bodyAs: 'bytes' | 'string',
): Promise<Received> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(step.headers ?? {})) {
    const values = typeof value === 'string' ? [value] : value;
    for (const v of values) headers.append(name, fillTemplate(v, variables));
  }
  if (step.form && Object.keys(step.form).length > 0) throw new Error('form bodies are not supported by this runner');
  const method = step.method.toUpperCase();
  const body =
    step.body !== undefined && method !== 'GET' && method !== 'HEAD' ? fillTemplate(step.body, variables) : undefined;
  const url = new URL(fillTemplate(step.url, variables));
  const started = performance.now();
  // As bytes, fetch adds no Content-Type the step does not name; as a string it adds text/plain.
  const sent = body === undefined ? {} : { body: bodyAs === 'bytes' ? Buffer.from(body) : body };
  const response = await fetch(url, { method, headers, ...sent });
  const text = await response.text();
  const elapsed = Math.round(performance.now() - started);
  const received: Record<string, string[]> = {};
  response.headers.forEach((value, name) => (received[name] = [...(received[name] ?? []), value]));
  let json: Received['json'] = { ok: false };
  try {
    json = { ok: true, value: JSON.parse(text) };
  } catch {
    // A body that is not JSON fails the response_json assertions, one by one.
  }
  return {
    status: response.status,
    body: text,
    headers: received,
    response_time: elapsed,
    size: Buffer.byteLength(text),
    json,
  };
}

/** The value an assertion or variable reads from the response, or an error in words. */
function sourceValue(
  r: Received,
  source: string,
  property: string | null | undefined,
): { readonly value: unknown } | { readonly error: string } {
  switch (source) {
    case 'response_status':
      return { value: r.status };
    case 'response_time':
      return { value: r.response_time };
    case 'response_size':
      return { value: r.size };
    case 'response_text':
      return { value: r.body };
    case 'response_headers':
      return { value: property ? r.headers[property.toLowerCase()]?.join(', ') : r.headers };
    case 'response_json':
      if (!r.json.ok) return { error: `the response body is not JSON: ${JSON.stringify(r.body.slice(0, 120))}` };
      return { value: property ? readProperty(r.json.value, property) : r.json.value };
    default:
      return { error: `unsupported assertion source "${source}"` };
  }
}

function check(
  r: Received,
  a: RunscopeAssertion,
  variables: ReadonlyMap<string, string>,
): { passed: boolean; error?: string } {
  if (!isComparison(a.comparison)) return { passed: false, error: `unsupported comparison "${a.comparison}"` };
  const read = sourceValue(r, a.source, a.property);
  if ('error' in read) return { passed: false, error: read.error };
  const raw = valueText(a.value);
  const expected = raw === null ? null : fillTemplate(raw, variables);
  if (meetsComparison(a.comparison, read.value, expected)) return { passed: true };
  const got = read.value === undefined ? 'nothing' : JSON.stringify(read.value);
  return {
    passed: false,
    error: `expected ${a.comparison}${expected === null ? '' : ` ${expected}`}, got ${got?.slice(0, 300)} (HTTP ${r.status})`,
  };
}

/**
 * Runs a Runscope API test export: each request step is sent with its templates filled,
 * its `variables` are extracted for the steps after it, and each of its assertions and
 * scripts becomes one {@link RunscopeCheck}. A step that cannot be sent (an undefined
 * variable, a refused connection) fails all of its assertions. Unknown step types fail.
 *
 * @example
 * const { checks } = await runRunscopeTest(test, { variables: new Map([['SCIMBaseURL', url], ['auth', `Bearer ${token}`]]) })
 */
export async function runRunscopeTest(test: RunscopeTest, options: RunscopeRunOptions): Promise<RunscopeRunResult> {
  const variables = new Map(options.variables);
  const pause = options.pause ?? sleep;
  const requestSteps = test.steps.filter(isRequestStep);
  const names = uniqueNames(requestSteps.map((s) => s.note?.trim() || `${s.method} ${s.url}`));
  const checks: RunscopeCheck[] = [];
  for (const step of test.steps) {
    if (step.skipped) continue;
    if (isPauseStep(step)) {
      await pause(step.duration);
      continue;
    }
    if (!isRequestStep(step)) {
      checks.push({
        request: step.note ?? step.step_type,
        assertion: 'step',
        passed: false,
        error: `unsupported step type "${step.step_type}"`,
      });
      continue;
    }
    const request = names[requestSteps.indexOf(step)] ?? step.url;
    const assertionNames = uniqueNames([
      ...(step.assertions ?? []).map(assertionName),
      ...(step.scripts ?? []).filter((s) => s.trim() !== '').map((_, i) => `script ${i + 1}`),
    ]);
    let received: Received;
    try {
      received = await send(step, variables, options.bodyAs ?? 'bytes');
    } catch (error) {
      const why = `the request was not sent: ${error instanceof Error ? error.message : String(error)}`;
      for (const assertion of assertionNames) checks.push({ request, assertion, passed: false, error: why });
      continue;
    }
    for (const v of step.variables ?? []) {
      const read = sourceValue(received, v.source, v.property);
      if ('value' in read && read.value !== undefined && read.value !== null) {
        variables.set(v.name, typeof read.value === 'string' ? read.value : JSON.stringify(read.value));
      }
    }
    let i = 0;
    for (const a of step.assertions ?? []) {
      let outcome: { passed: boolean; error?: string };
      try {
        outcome = check(received, a, variables);
      } catch (error) {
        outcome = { passed: false, error: error instanceof Error ? error.message : String(error) };
      }
      checks.push({ request, assertion: assertionNames[i++] ?? '?', ...outcome });
    }
    for (const script of (step.scripts ?? []).filter((s) => s.trim() !== '')) {
      checks.push({
        request,
        assertion: assertionNames[i++] ?? '?',
        ...runScript(script, received, variables, options.log),
      });
    }
  }
  return { checks, variables };
}
