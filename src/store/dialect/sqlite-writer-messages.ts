/** A job for the SQLite writer thread: statements to run in one transaction. */
export interface ToWriter {
  readonly id: number;
  readonly statements: readonly { readonly sql: string; readonly parameters: readonly unknown[] }[];
}

/** The thread's answer to a job: nothing when it committed, else why it was rolled back. */
export interface FromWriter {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code: string | undefined };
}
