import { URN } from './schema/urns.ts';

/** RFC 7644 section 3.12, table 9: the scimType values an error may carry. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

/**
 * The one error of the SCIM protocol layer. The HTTP layer turns it into the RFC 7644
 * error body; anything else thrown while serving SCIM becomes a 500 without details.
 *
 * @example throw new ScimError(400, 'invalidFilter', 'Expected an operator at position 9')
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;

  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
  }

  /** The RFC 7644 error body: `status` is a string, `scimType` only where one applies. */
  toBody(): Record<string, unknown> {
    return {
      schemas: [URN.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const badRequest = (scimType: ScimType | undefined, detail: string): ScimError =>
  new ScimError(400, scimType, detail);
export const notFound = (detail: string): ScimError => new ScimError(404, undefined, detail);
