import { writeTransaction } from '../store/write-transaction.ts';
import { randomUUID } from 'node:crypto';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso } from '../shared/clock.ts';

export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Tenants: organizations. Every other row belongs to one. */
export class TenantsService {
  constructor(private readonly store: StoreDialect) {}

  async list(): Promise<Tenant[]> {
    const rows = await this.store.db.selectFrom('tenants').selectAll().orderBy('slug').execute();
    return rows.map(toTenant);
  }

  async findBySlug(slug: string): Promise<Tenant | undefined> {
    const row = await this.store.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? toTenant(row) : undefined;
  }

  /**
   * Creates a tenant and records `tenant.created` with it; the slug is lower-case
   * letters, digits and hyphens.
   *
   * @throws AdminError `invalid` for a bad slug or name, `conflict` when the slug is taken.
   * @example await tenants.create('acme', 'Acme Corp', { kind: 'cli', user: 'root' })
   */
  async create(slug: string, name?: string, actor: Actor = SYSTEM_ACTOR): Promise<Tenant> {
    if (!SLUG.test(slug)) {
      throw new AdminError('invalid', 'badTenantSlug', { slug });
    }
    const display = (name ?? slug).trim();
    if (display === '' || display.length > 200) {
      throw new AdminError('invalid', 'tenantNameLength');
    }
    const row = { id: randomUUID(), slug, name: display, created_at: nowIso() };
    try {
      await writeTransaction(this.store, async (trx) => {
        await trx.insertInto('tenants').values(row).execute();
        await recordAuditEvent(trx, {
          tenantId: row.id,
          actor,
          type: 'tenant.created',
          targetId: row.id,
          details: { slug, name: display },
        });
      });
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new AdminError('conflict', 'tenantExists', { slug });
      throw error;
    }
    return toTenant(row);
  }

  /** The tenant with this slug, created when missing (safe when several instances race). */
  async ensure(slug: string): Promise<Tenant> {
    const found = await this.findBySlug(slug);
    if (found) return found;
    try {
      return await this.create(slug);
    } catch (error) {
      const raced = await this.findBySlug(slug);
      if (raced) return raced;
      throw error;
    }
  }
}

function toTenant(row: { id: string; slug: string; name: string; created_at: string }): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at };
}
