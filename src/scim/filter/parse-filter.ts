import type { AttributePath, ResourceSchema } from '../schema/resource-schema.ts';
import { splitAttributePath } from '../schema/resource-schema.ts';
import { COMPARE_OPS, type CompareOp, type Filter, type FilterValue } from './ast.ts';
import { describeFound, invalidFilter } from './filter-error.ts';
import { tokenize, type Token } from './lexer.ts';
import { rememberNumberText } from './number-text.ts';

/** Longer filters are refused (invalidFilter, not tooMany: tooMany is about result sizes). */
export const MAX_FILTER_LENGTH = 4096;
/** Parentheses, `not (` and brackets nested deeper than this are refused. */
export const MAX_FILTER_DEPTH = 32;

const ATTR_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

/**
 * Parses a filter (RFC 7644 section 3.4.2.2, Figure 1) into the AST, syntax only: paths are
 * split (URN prefixes matched against `rs`) but not resolved; values are as written.
 * Operators, `and`/`or`/`not` and `true`/`false`/`null` are case-insensitive; `and` binds
 * tighter than `or`. Most callers want `prepareFilter`, which also validates and coerces.
 *
 * @throws ScimError 400 invalidFilter with the 1-based position of the problem.
 * @example
 * parseFilter('emails[type eq "work"] and not (title pr)', userSchema)
 * // => { kind: 'and', left: { kind: 'valuePath', ... }, right: { kind: 'not', ... } }
 */
export function parseFilter(text: string, rs: ResourceSchema): Filter {
  return parseFilterText(text, rs, { inBrackets: false, offset: 0 });
}

/** Options of `parseFilterText`: a bracket filter refuses brackets; offset shifts positions. */
export interface ParseOptions {
  readonly inBrackets: boolean;
  readonly offset: number;
}

/** `parseFilter` for the whole filter or for the inside of `attr[...]` (PATCH paths). */
export function parseFilterText(text: unknown, rs: ResourceSchema, options: ParseOptions): Filter {
  // Query strings can hand over an array (`?filter=a&filter=b`); refuse it cleanly.
  if (typeof text !== 'string') throw invalidFilter('The filter must be a single string');
  if (text.length > MAX_FILTER_LENGTH) {
    throw invalidFilter(`The filter is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}`);
  }
  if (text.trim() === '') throw invalidFilter('The filter is empty');
  return new Parser(tokenize(text, options.offset), rs, options.inBrackets).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly rs: ResourceSchema,
    private inBrackets: boolean,
  ) {}

  parseAll(): Filter {
    const filter = this.orExp();
    const t = this.peek();
    if (t.kind === ')') throw invalidFilter(`Unexpected ")" at position ${t.pos}: no "(" to close`);
    if (t.kind === ']') throw invalidFilter(`Unexpected "]" at position ${t.pos}: no "[" to close`);
    if (t.kind !== 'end') {
      throw invalidFilter(`Expected "and" or "or" at position ${t.pos}, found ${describeFound(t.text)}`);
    }
    return filter;
  }

  private orExp(): Filter {
    let left = this.andExp();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.andExp() };
    }
    return left;
  }

  private andExp(): Filter {
    let left = this.unary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Filter {
    const t = this.peek();
    if (t.kind === '(') {
      return this.nested(t, ')', () => this.orExp());
    }
    if (this.isWord(t, 'not')) {
      this.next();
      const open = this.peek();
      if (open.kind !== '(') {
        throw invalidFilter(`Expected "(" after "not" at position ${open.pos}, found ${describeFound(open.text)}`);
      }
      return { kind: 'not', filter: this.nested(open, ')', () => this.orExp()) };
    }
    if (t.kind === 'word' && !this.isWord(t, 'and') && !this.isWord(t, 'or')) {
      return this.attrExp();
    }
    throw invalidFilter(
      `Expected an attribute path, "(" or "not" at position ${t.pos}, found ${describeFound(t.text)}`,
    );
  }

  /** `(` filter `)` or `[` valFilter `]`, opened by `open`; guards the nesting depth. */
  private nested(open: Token, close: ')' | ']', inner: () => Filter): Filter {
    this.next();
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw invalidFilter(`The filter nests deeper than ${MAX_FILTER_DEPTH} levels at position ${open.pos}`);
    }
    const filter = inner();
    const t = this.peek();
    if (t.kind !== close) {
      const found = t.kind === 'end' ? 'end of filter' : describeFound(t.text);
      throw invalidFilter(
        `Expected "${close}" to close "${open.text}" at position ${open.pos}, found ${found} at position ${t.pos}`,
      );
    }
    this.next();
    this.depth--;
    return filter;
  }

  private attrExp(): Filter {
    const pathToken = this.next();
    const path = this.attributePath(pathToken);
    const t = this.peek();
    if (t.kind === '[') {
      if (this.inBrackets) {
        throw invalidFilter(`Unexpected "[" at position ${t.pos}: brackets cannot nest`);
      }
      this.inBrackets = true;
      const filter = this.nested(t, ']', () => this.orExp());
      this.inBrackets = false;
      return { kind: 'valuePath', path, filter };
    }
    if (this.isWord(t, 'pr')) {
      this.next();
      return { kind: 'present', path };
    }
    const op = t.text.toLowerCase();
    if (t.kind !== 'word' || !COMPARE_OPS.has(op)) {
      throw invalidFilter(
        `Expected a comparison operator or "pr" after ${describeFound(pathToken.text)} at position ${t.pos}, found ${describeFound(t.text)}`,
      );
    }
    this.next();
    const valueToken = this.next();
    const node: Filter = { kind: 'compare', path, op: op as CompareOp, value: this.value(valueToken, op) };
    if (valueToken.kind === 'number') rememberNumberText(node, valueToken.text);
    return node;
  }

  private value(t: Token, op: string): FilterValue {
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    const word = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    const hint = t.kind === 'word' ? ' (text must be in double quotes)' : '';
    throw invalidFilter(
      `Expected a value (a "string", number, true, false or null) after "${op}" at position ${t.pos}, found ${describeFound(t.text)}${hint}`,
    );
  }

  private attributePath(t: Token): AttributePath {
    const path = splitAttributePath(this.rs, t.text);
    const valid =
      ATTR_NAME.test(path.attr) &&
      (path.sub === undefined || ATTR_NAME.test(path.sub)) &&
      (path.uri === undefined || /^urn:[^:]/i.test(path.uri));
    if (!valid) throw invalidFilter(`Invalid attribute path ${describeFound(t.text)} at position ${t.pos}`);
    return path;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private peek(): Token {
    // The lexer always ends with an `end` token, and `next` never moves past it.
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.index++;
    return t;
  }
}
