import { IDP_KINDS, isIdpKind } from './idp-kinds.ts';

/** A token as its status table shows it: never the secret, only its last characters. */
export interface TokenView {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** The secret's last four characters. */
  readonly hint: string;
  readonly connectionId: string;
  readonly connectionName: string;
  readonly idpKind: string;
  /** The IdP's product name, e.g. `Microsoft Entra ID`. */
  readonly idp: string;
  /** `expired` once its expiry has passed, whatever it was set to. */
  readonly status: TokenStatus;
  readonly createdAt: string;
  readonly renewedAt: string | null;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

export type TokenStatus = 'active' | 'inactive' | 'expired';

/** The columns {@link toTokenView} reads: a token row joined with its connection. */
export interface TokenRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly name: string;
  readonly hint: string;
  readonly connection_id: string;
  readonly connection_name: string;
  readonly kind: string;
  readonly status: 'active' | 'inactive';
  readonly created_at: string;
  readonly renewed_at: string | null;
  readonly expires_at: string | null;
  readonly last_used_at: string | null;
  readonly lifetime_days: number | null;
}

/** The product name of an IdP kind (the kind itself when unknown). */
export const idpName = (kind: string): string => (isIdpKind(kind) ? IDP_KINDS[kind] : kind);

/**
 * Whether a token is expired at `now`.
 *
 * @example isExpired('2026-01-01T00:00:00.000Z', nowIso())
 */
export const isExpired = (expiresAt: string | null, now: string): boolean => expiresAt !== null && expiresAt <= now;

/**
 * The view of a token row.
 *
 * @example (await tokens.list(tenantId)).map((t) => `${t.name} …${t.hint} ${t.status}`)
 */
export function toTokenView(row: TokenRow, now: string): TokenView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    hint: row.hint,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    idpKind: row.kind,
    idp: idpName(row.kind),
    status: isExpired(row.expires_at, now) ? 'expired' : row.status,
    createdAt: row.created_at,
    renewedAt: row.renewed_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
