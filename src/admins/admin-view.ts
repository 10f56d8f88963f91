import type { AdminsTable } from '../store/database.ts';
import { isAdminRole, type AdminRole } from './admin-role.ts';

/** A portal account as shown: never the password hash. */
export interface AdminView {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly role: AdminRole;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
}

export const toAdminView = (row: Omit<AdminsTable, 'password_hash'>): AdminView => ({
  id: row.id,
  tenantId: row.tenant_id,
  email: row.email,
  // A role the code no longer knows reads as the least powerful.
  role: isAdminRole(row.role) ? row.role : 'viewer',
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});
