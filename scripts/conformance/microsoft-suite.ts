import { readFileSync } from 'node:fs';
import newman, { type NewmanRunSummary } from 'newman';
import type { AssertionOutcome } from './assertion-outcome.ts';

interface PostmanItem {
  name: string;
  id?: string;
  item?: PostmanItem[];
  [key: string]: unknown;
}

/** Where the suite sends its requests, and the bearer token it sends. */
export interface SuiteTarget {
  /** e.g. `http://127.0.0.1:41234` */
  readonly origin: string;
  readonly token: string;
}

export interface MicrosoftSuiteResult {
  readonly outcomes: readonly AssertionOutcome[];
  /** newman's own count, `run.stats.assertions`, to cross-check ours. */
  readonly stats: { readonly total: number; readonly failed: number };
}

/** The folder that fetches a token from Microsoft's reference app; Roster's comes from its CLI. */
const SKIPPED_FOLDER = 'Get Token';

/**
 * The collection minus its "Get Token" folder, each request given an id that is its
 * readable name (`Folder / Request`, with ` (2)` on a repeated name), so that results
 * can be named. Requests at the top level keep their bare name.
 */
function prepareCollection(collection: { item: PostmanItem[] }): { collection: unknown; names: Map<string, string> } {
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  const walk = (items: PostmanItem[], folder: string | undefined): PostmanItem[] =>
    items.map((item) => {
      if (item.item) return { ...item, item: walk(item.item, item.name) };
      const base = folder ? `${folder} / ${item.name}` : item.name;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const name = n === 1 ? base : `${base} (${n})`;
      const id = `roster-${names.size}`;
      names.set(id, name);
      return { ...item, id };
    });
  const kept = collection.item.filter((i) => !(i.item && i.name === SKIPPED_FOLDER));
  return { collection: { ...collection, item: walk(kept, undefined) }, names };
}

function toOutcomes(summary: NewmanRunSummary, names: Map<string, string>): AssertionOutcome[] {
  const outcomes: AssertionOutcome[] = [];
  for (const execution of summary.run.executions) {
    const request = names.get(execution.item.id) ?? execution.item.name;
    const answered = execution.requestError
      ? `request failed: ${execution.requestError.message}`
      : `HTTP ${execution.response?.code ?? '?'}`;
    for (const a of execution.assertions ?? []) {
      if (a.skipped) continue;
      outcomes.push({
        suite: 'microsoft',
        request,
        assertion: a.assertion,
        passed: !a.error,
        ...(a.error ? { error: `${a.error.message} (${answered})` } : {}),
      });
    }
    // A test script that throws outside pm.test (say, parsing a body that is not JSON)
    // runs none of the assertions after the throw; count it so it cannot pass silently.
    for (const script of execution.testScript ?? []) {
      if (script.error) {
        outcomes.push({
          suite: 'microsoft',
          request,
          assertion: '(test script)',
          passed: false,
          error: `${script.error.name ?? 'Error'}: ${script.error.message} (${answered})`,
        });
      }
    }
  }
  return outcomes;
}

/**
 * Runs Microsoft's "SCIM Tests" Postman collection through newman against Roster: every
 * folder but "Get Token", with the collection's variables `Protocol`, `Server`, `Port`
 * (with its leading colon), `Api` and `token`.
 *
 * @example const { outcomes } = await runMicrosoftSuite('../shared/conformance/microsoft-scim-postman-collection.json', { origin, token })
 */
export async function runMicrosoftSuite(collectionPath: string, target: SuiteTarget): Promise<MicrosoftSuiteResult> {
  const { collection, names } = prepareCollection(
    JSON.parse(readFileSync(collectionPath, 'utf8')) as { item: PostmanItem[] },
  );
  const url = new URL(target.origin);
  const variables: Record<string, string> = {
    Protocol: url.protocol.replace(/:$/, ''),
    Server: url.hostname,
    Port: url.port ? `:${url.port}` : '',
    Api: 'scim/v2',
    token: target.token,
  };
  const environment = {
    name: 'roster-conformance',
    values: Object.entries(variables).map(([key, value]) => ({ key, value, type: 'text', enabled: true })),
  };
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    newman.run({ collection, environment, reporters: [], timeoutRequest: 30_000 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  const { total, failed } = summary.run.stats.assertions;
  return { outcomes: toOutcomes(summary, names), stats: { total, failed } };
}
