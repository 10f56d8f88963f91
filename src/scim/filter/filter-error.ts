import { badRequest, type ScimError } from '../error.ts';

/** The error of every malformed or unsupported filter: 400 invalidFilter. */
export const invalidFilter = (detail: string): ScimError => badRequest('invalidFilter', detail);

/**
 * How an error detail shows what was found: quoted text, cut when long, so that a client's
 * huge or odd input cannot blow up the message.
 *
 * @example describeFound('foo') // => '"foo"'
 */
export function describeFound(text: string): string {
  if (text === '') return 'end of filter';
  const cut = text.length > 100 ? `${text.slice(0, 100)}...` : text;
  // A string literal is shown as written: it is already quoted.
  return text.startsWith('"') ? cut : JSON.stringify(cut);
}
