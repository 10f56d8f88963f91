/**
 * Parses the `attributes` or `excludedAttributes` query parameter (RFC 7644 section
 * 3.4.2.5): comma-separated attribute paths, whitespace around each trimmed, empty
 * entries skipped. Undefined when nothing is named, so `?attributes=` means no selection.
 *
 * @example parseAttributeList('userName, name.givenName') // => ['userName', 'name.givenName']
 */
export function parseAttributeList(text: string | undefined): string[] | undefined {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}
