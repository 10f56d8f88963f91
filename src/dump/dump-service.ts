import type { Actor } from '../audit/actor.ts';
import { nowIso, type Clock } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { exportDump, type ExportSummary } from './export-dump.ts';
import { importDump, type DumpLine, type ImportSummary } from './import-dump.ts';

/**
 * Moving tenants between databases and deployments: a JSON Lines dump of their users,
 * groups, memberships and attribute definitions (never a secret), and its import.
 */
export class DumpService {
  constructor(
    private readonly store: StoreDialect,
    /** The custom User extension's URN (`ROSTER_CUSTOM_SCHEMA_URN`): the dump names it, an import checks it. */
    private readonly customSchemaUrn: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes every tenant, or the one with slug `tenant`, to `write` (see exportDump).
   *
   * @example await roster.dump.export({ tenant: 'acme' }, async (text) => void process.stdout.write(text))
   */
  export(
    options: { readonly tenant?: string | undefined },
    write: (text: string) => Promise<void>,
  ): Promise<ExportSummary> {
    return exportDump(
      this.store,
      { tenant: options.tenant, customSchemaUrn: this.customSchemaUrn, exportedAt: nowIso(this.clock) },
      write,
    );
  }

  /**
   * Imports a dump's lines in one transaction (see importDump).
   *
   * @throws DumpError naming the line that stopped it; then nothing changed.
   */
  import(lines: AsyncIterable<DumpLine>, actor: Actor): Promise<ImportSummary> {
    return importDump(this.store, this.customSchemaUrn, lines, actor);
  }
}
