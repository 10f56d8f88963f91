/** Why a portal request failed; rendered as a page in the request's language. */
export type PortalErrorReason =
  | 'signedOut'
  | 'readOnly'
  | 'ownerOnly'
  | 'csrf'
  | 'notFound'
  | 'badRequest'
  | 'conflict'
  | 'tooManyAttempts'
  | 'failed';

/**
 * The portal's one error class, turned into an HTML error page in one place (the SCIM API
 * has ScimError). `detail` is shown as text under the reason's message.
 */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly reason: PortalErrorReason,
    readonly detail?: string,
  ) {
    super(detail ?? reason);
  }
}
