/**
 * Parses the `attributes` or `excludedAttributes` query parameter (RFC 7644 section
 * 3.4.2.5): comma-separated attribute paths, whitespace around each trimmed, empty
 * entries skipped. Commas inside brackets do not split (`emails[value co ","]`, see
 * `selectionOf`). Undefined when nothing is named, so `?attributes=` means no selection.
 *
 * @example parseAttributeList('userName, name.givenName') // => ['userName', 'name.givenName']
 */
export function parseAttributeList(text: string | undefined): string[] | undefined {
  const names: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  const source = text ?? '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '\\') {
        // An escaped character, `\"` among them, cannot end the string.
        current += c + (source[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') quoted = false;
    } else if (c === '"' && depth > 0) {
      quoted = true;
    } else if (c === '[') {
      depth++;
    } else if (c === ']' && depth > 0) {
      depth--;
    } else if (c === ',' && depth === 0) {
      names.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  names.push(current);
  const trimmed = names.map((name) => name.trim()).filter((name) => name !== '');
  return trimmed.length > 0 ? trimmed : undefined;
}
