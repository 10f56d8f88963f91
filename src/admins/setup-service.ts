import { createHash, randomBytes } from 'node:crypto';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { rowLockingOf } from '../store/row-locking.ts';
import type { TenantsService } from '../tenants/tenants-service.ts';
import type { AdminView } from './admin-view.ts';
import type { AdminsService } from './admins-service.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { lockTenantAccounts } from './last-owner-guard.ts';
import { recordFailure, secondsUntilAllowed } from './sign-in-limits.ts';

/** How long a printed setup code stays usable. */
export const SETUP_CODE_HOURS = 24;

const sha256 = (text: string): string =>
  createHash('sha256')
    .update(text.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest('hex');

/** Failed code entries allowed per address in the rate-limit window. */
const SETUP_FAILURES_PER_ADDRESS = 10;

/**
 * First run: until an account exists, the server prints a one-time code, and whoever
 * holds it may create the first (owner) account of the tenant `default` in the portal.
 */
export class SetupService {
  constructor(
    private readonly store: StoreDialect,
    private readonly tenants: TenantsService,
    private readonly admins: AdminsService,
  ) {}

  /** A new code when no account exists yet (only its hash is stored), else undefined. */
  async issueIfNeeded(): Promise<string | undefined> {
    if (await this.admins.any()) return undefined;
    // 60 bits from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX.
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const chars = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
    const code = `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
    await this.store.db
      .insertInto('setup_codes')
      .values({
        code_hash: sha256(code),
        expires_at: new Date(Date.now() + SETUP_CODE_HOURS * 3_600_000).toISOString(),
      })
      .execute();
    return code;
  }

  /** Whether first-run setup is still open (no account exists). */
  async open(): Promise<boolean> {
    return !(await this.admins.any());
  }

  /**
   * Creates the first owner with a valid code; every code is spent with it.
   *
   * @throws AdminError `conflict` once an account exists; `invalid` for a wrong or expired
   *   code, a bad email or password; `limit` after too many wrong codes from one address.
   */
  async complete(
    code: string,
    input: { email: string; password: string },
    address: string,
    requestId?: string,
  ): Promise<AdminView> {
    const db = this.store.db;
    const key = `setup:${address}`;
    if ((await secondsUntilAllowed(db, [{ key, max: SETUP_FAILURES_PER_ADDRESS }])) > 0) {
      throw new AdminError('limit', 'setupLimited');
    }
    const tenant = await this.tenants.ensure('default');
    const row = await this.admins.prepare(tenant.id, { ...input, role: 'owner' });
    const created = await db.transaction().execute(async (trx) => {
      // Two instances each print a code; two people using both at once must not both become owner.
      await lockTenantAccounts(trx, tenant.id, rowLockingOf(this.store));
      if (await trx.selectFrom('admins').select('id').limit(1).executeTakeFirst()) return 'taken' as const;
      const valid = await trx
        .deleteFrom('setup_codes')
        .where('code_hash', '=', sha256(code))
        .where('expires_at', '>', nowIso())
        .executeTakeFirst();
      if (Number(valid.numDeletedRows) === 0) return 'wrong' as const;
      await trx.deleteFrom('setup_codes').execute();
      await trx.insertInto('admins').values(row).execute();
      await recordAuditEvent(trx, {
        tenantId: tenant.id,
        actor: { kind: 'admin', email: row.email, requestId },
        type: 'admin.created',
        targetId: row.id,
        details: { email: row.email, role: row.role, via: 'setup code' },
      });
      return 'created' as const;
    });
    if (created === 'taken') throw new AdminError('conflict', 'setupDone');
    if (created === 'wrong') {
      await recordFailure(db, [key]);
      throw new AdminError('invalid', 'setupCodeWrong');
    }
    return {
      id: row.id,
      tenantId: row.tenant_id,
      email: row.email,
      role: 'owner',
      createdAt: row.created_at,
      lastSignInAt: null,
    };
  }
}
