import type { AppScope } from './app-scopes.ts';

/** An application token as lists show it: never the secret, only its last characters. */
export interface AppTokenView {
  readonly id: string;
  readonly tenantId: string;
  readonly applicationId: string;
  /** The application's name. */
  readonly application: string;
  readonly scopes: readonly AppScope[];
  /** The secret's last four characters. */
  readonly hint: string;
  readonly status: 'active' | 'inactive';
  readonly createdAt: string;
  readonly renewedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** A token just issued or renewed, with its secret: shown once, never stored. */
export interface IssuedAppToken {
  readonly token: AppTokenView;
  readonly secret: string;
}

/** What an accepted application token resolves to on a request. */
export interface AppPrincipal {
  readonly tokenId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly application: string;
  readonly scopes: readonly AppScope[];
}

/** The outcome of presenting an application secret. */
export type AppTokenCheck =
  | { readonly outcome: 'accepted'; readonly principal: AppPrincipal }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'inactive'; readonly principal: AppPrincipal };
