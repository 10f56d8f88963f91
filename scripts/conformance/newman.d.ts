// The part of newman's programmatic API that the conformance runner uses (newman ships
// no types, and @types/newman would be a dependency for a dozen lines).
declare module 'newman' {
  interface NewmanError {
    readonly name?: string;
    readonly message: string;
    readonly test?: string;
  }
  interface NewmanExecution {
    readonly item: { readonly id: string; readonly name: string };
    readonly requestError?: NewmanError;
    readonly response?: { readonly code: number; readonly status?: string };
    readonly assertions?: ReadonlyArray<{
      readonly assertion: string;
      readonly skipped?: boolean;
      readonly error?: NewmanError;
    }>;
    readonly testScript?: ReadonlyArray<{ readonly error?: NewmanError }>;
  }
  export interface NewmanRunSummary {
    readonly run: {
      readonly stats: {
        readonly assertions: { readonly total: number; readonly failed: number; readonly pending?: number };
      };
      readonly executions: readonly NewmanExecution[];
    };
  }
  export interface NewmanRunOptions {
    readonly collection: unknown;
    readonly environment?: unknown;
    readonly reporters?: string | readonly string[];
    readonly timeoutRequest?: number;
    readonly bail?: boolean;
  }
  const newman: {
    run(options: NewmanRunOptions, callback: (error: Error | null, summary: NewmanRunSummary) => void): unknown;
  };
  export default newman;
}
