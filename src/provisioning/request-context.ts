import type { ScimLocation } from './render.ts';

/** Who is asking and where the API lives: every service call carries it. */
export interface RequestContext extends ScimLocation {
  readonly tenantId: string;
  /** The IdP connection whose token asked (change-feed events name it); none from elsewhere. */
  readonly connectionId?: string;
  readonly idpKind?: string;
  /** The change feed's `txn`: the request's id, or the Bulk's that it is an operation of. */
  readonly txn?: string;
}

/** Preconditions from `If-Match` (RFC 7644 section 3.14). */
export interface WriteOptions {
  /** The version the client last saw; a mismatch fails with 412. `*` is any version. */
  readonly ifMatch?: string;
}
