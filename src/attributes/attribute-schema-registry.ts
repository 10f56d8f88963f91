import type { SchemaRegistry, TenantSchemas } from '../provisioning/schema-registry.ts';
import { groupResourceSchema, userResourceSchema } from '../scim/schema/resource-types.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { AttributeDefinition } from './attribute-definition.ts';
import { customSchemaOf } from './custom-schema.ts';
import { selectDefinitions } from './select-definitions.ts';

/** How long a tenant's schemas are used before the definitions are read again (see README). */
export const SCHEMA_MAX_AGE_MS = 2000;
const MAX_TENANTS = 10_000;

interface Entry {
  readonly schemas: TenantSchemas;
  /** The definitions the schemas were built from, to keep the same objects when nothing changed. */
  readonly fingerprint: string;
  readonly loadedAt: number;
}

export interface RegistryOptions {
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

/**
 * The tenants' schemas built from their attribute definitions, cached per tenant. A change
 * made through this instance's AttributesService calls {@link invalidate}, so it shows
 * on the next request; a change made elsewhere (another instance, the CLI) shows once the
 * entry is older than `maxAgeMs`, when the definitions are read again: one indexed query
 * per tenant at most every `maxAgeMs`. Requests that find an entry being reloaded wait
 * for that one read.
 *
 * @example const registry = new AttributeSchemaRegistry(store, urn); (await registry.forTenant(t)).user
 */
export class AttributeSchemaRegistry implements SchemaRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Bumped by invalidate, so a read that began before a change does not cache what it saw. */
  private generation = 0;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: StoreDialect,
    private readonly urn: string,
    options: RegistryOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? SCHEMA_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  async forTenant(tenantId: string): Promise<TenantSchemas> {
    const entry = this.entries.get(tenantId);
    if (entry && this.now() - entry.loadedAt < this.maxAgeMs) return entry.schemas;
    return (await this.load(tenantId, entry)).schemas;
  }

  /** Forgets the tenant's schemas: the next request reads its definitions. */
  invalidate(tenantId: string): void {
    this.generation++;
    this.entries.delete(tenantId);
    this.loading.delete(tenantId);
  }

  private load(tenantId: string, previous: Entry | undefined): Promise<Entry> {
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const generation = this.generation;
    const promise = this.read(tenantId, previous, generation).finally(() => {
      if (this.loading.get(tenantId) === promise) this.loading.delete(tenantId);
    });
    this.loading.set(tenantId, promise);
    return promise;
  }

  private async read(tenantId: string, previous: Entry | undefined, generation: number): Promise<Entry> {
    const definitions = await selectDefinitions(this.store.db, tenantId);
    const entry = this.entryOf(definitions, previous);
    if (generation === this.generation) this.remember(tenantId, entry);
    return entry;
  }

  private entryOf(definitions: readonly AttributeDefinition[], previous: Entry | undefined): Entry {
    const fingerprint = JSON.stringify(definitions);
    const loadedAt = this.now();
    if (previous && previous.fingerprint === fingerprint) return { ...previous, loadedAt };
    const schemas = { user: userResourceSchema(customSchemaOf(this.urn, definitions)), group: groupResourceSchema };
    return { schemas, fingerprint, loadedAt };
  }

  private remember(tenantId: string, entry: Entry): void {
    this.entries.delete(tenantId);
    if (this.entries.size >= MAX_TENANTS) {
      // Maps iterate in insertion order and every load re-inserts: this is the stalest tenant.
      const stalest = this.entries.keys().next().value;
      if (stalest !== undefined) this.entries.delete(stalest);
    }
    this.entries.set(tenantId, entry);
  }
}
