/** One assertion of a Runscope request step, as exported. */
export interface RunscopeAssertion {
  readonly source: string;
  readonly property?: string | null;
  readonly comparison: string;
  readonly value: string | number | null;
}

/** A variable a request step extracts from its response for later steps. */
export interface RunscopeVariable {
  readonly source: string;
  readonly property?: string | null;
  readonly name: string;
}

export interface RunscopeRequestStep {
  readonly step_type: 'request';
  readonly note?: string;
  readonly skipped?: boolean;
  readonly method: string;
  readonly url: string;
  /** A header's value is a string or, in most exports, a list of strings. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
  readonly form?: Readonly<Record<string, unknown>>;
  readonly assertions?: readonly RunscopeAssertion[];
  readonly variables?: readonly RunscopeVariable[];
  /** JavaScript run after the response, with `response`, `variables`, `assert` and `log`. */
  readonly scripts?: readonly string[];
  readonly before_scripts?: readonly string[];
}

export interface RunscopePauseStep {
  readonly step_type: 'pause';
  readonly skipped?: boolean;
  /** Seconds. */
  readonly duration: number;
}

/** Steps this runner does not interpret (conditions, subtests, ...): they fail loudly. */
export interface RunscopeOtherStep {
  readonly step_type: string;
  readonly note?: string;
  readonly skipped?: boolean;
}

export type RunscopeStep = RunscopeRequestStep | RunscopePauseStep | RunscopeOtherStep;

/**
 * A Runscope API test as exported ("Runscope API Tests" JSON): a name and its steps.
 *
 * @example { name: 'Okta SCIM 2.0 SPEC Test', steps: [{ step_type: 'request', method: 'GET', url: '{{SCIMBaseURL}}/Users' }] }
 */
export interface RunscopeTest {
  readonly name: string;
  readonly description?: string;
  readonly steps: readonly RunscopeStep[];
}

export const isRequestStep = (step: RunscopeStep): step is RunscopeRequestStep => step.step_type === 'request';
export const isPauseStep = (step: RunscopeStep): step is RunscopePauseStep => step.step_type === 'pause';
