import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { isAdminRole, type AdminRole } from './admin-role.ts';
import { toAdminView, type AdminView } from './admin-view.ts';
import { hashPassword, passwordProblem } from './password.ts';

export interface NewAdmin {
  readonly email: string;
  readonly password: string;
  readonly role: AdminRole | string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Normalizes an email address for storage and lookup, or says why it is not one. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw new AdminError('invalid', `"${email}" is not an email address`);
  return trimmed;
}

/** Portal accounts: each belongs to one tenant and has one role. */
export class AdminsService {
  constructor(private readonly store: StoreDialect) {}

  /**
   * Creates an account (password hashed with argon2id) and records `admin.created`.
   *
   * @throws AdminError `invalid` for a bad email, password or role; `conflict` when the email has an account.
   * @example await admins.create(tenantId, { email: 'ann@example.com', password: '…', role: 'owner' }, actor)
   */
  async create(tenantId: string, input: NewAdmin, actor: Actor): Promise<AdminView> {
    const row = await this.prepare(tenantId, input);
    try {
      await this.store.db.transaction().execute(async (trx) => {
        await trx.insertInto('admins').values(row).execute();
        await recordAuditEvent(trx, {
          tenantId,
          actor,
          type: 'admin.created',
          targetId: row.id,
          details: { email: row.email, role: row.role },
        });
      });
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new AdminError('conflict', `An account for ${row.email} already exists`);
      throw error;
    }
    return toAdminView(row);
  }

  /** Checks the input and hashes the password: the row to insert. */
  async prepare(tenantId: string, input: NewAdmin) {
    const email = normalizeEmail(input.email);
    const problem = passwordProblem(input.password);
    if (problem) throw new AdminError('invalid', problem);
    if (!isAdminRole(input.role)) throw new AdminError('invalid', `Unknown role "${input.role}": use owner, admin or viewer`);
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      email,
      password_hash: await hashPassword(input.password),
      role: input.role,
      created_at: nowIso(),
      last_sign_in_at: null,
    };
  }

  /** A tenant's accounts, by email. */
  async list(tenantId: string): Promise<AdminView[]> {
    const rows = await this.store.db
      .selectFrom('admins')
      .select(['id', 'tenant_id', 'email', 'role', 'created_at', 'last_sign_in_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('email')
      .execute();
    return rows.map(toAdminView);
  }

  /** Whether any account exists at all (before the first, the portal offers first-run setup). */
  async any(): Promise<boolean> {
    return (await this.store.db.selectFrom('admins').select('id').limit(1).executeTakeFirst()) !== undefined;
  }
}
