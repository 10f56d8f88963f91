import { IDP_KINDS, isIdpKind } from '../tokens/idp-kinds.ts';
import { CliError } from './cli-error.ts';

/**
 * An `--idp <kind>` filter, checked against the known kinds.
 *
 * @example idpOption('okta') // 'okta'
 */
export function idpOption(kind: string | undefined): string | undefined {
  if (kind === undefined || isIdpKind(kind)) return kind;
  throw new CliError(`Unknown identity provider "${kind}". Use one of: ${Object.keys(IDP_KINDS).join(', ')}`);
}
