import type { Filter } from './ast.ts';

// The AST holds a number literal as a JS number, which loses digits (`12345678901234567890`)
// and spelling (`1.50`). A string attribute compares a number as the text the client wrote,
// so the parser remembers that text here, beside the AST rather than inside it.
const texts = new WeakMap<Filter, string>();

/** Records the literal text of a comparison's number value (parser side). */
export function rememberNumberText(node: Filter, text: string): void {
  texts.set(node, text);
}

/**
 * The number as the client wrote it, when `node` came from the parser; else its JS text.
 *
 * @example numberText(parseFilter('externalId eq 1.50', rs)) // => '1.50'
 */
export function numberText(node: Filter, value: number): string {
  return texts.get(node) ?? String(value);
}
