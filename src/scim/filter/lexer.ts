import { COMPARE_OPS } from './ast.ts';
import { describeFound, invalidFilter } from './filter-error.ts';

/**
 * A token of a filter with its 1-based character position. Words are attribute paths,
 * operators, `and`/`or`/`not` and the literals `true`/`false`/`null`: the parser tells them
 * apart, because only it knows what may come next.
 */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly text: string; readonly pos: number; readonly value: string }
  | { readonly kind: 'number'; readonly text: string; readonly pos: number; readonly value: number }
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly text: string; readonly pos: number };

// RFC 7644 asks for single spaces; tabs, line breaks and runs of blanks are accepted too.
const SPACE = /[ \t\r\n]/;
const WORD_START = /[A-Za-z$_]/;
// Attribute names, sub-attribute dots and the colons and dots of URNs (`...:2.0:User:x`).
const WORD_CHAR = /[A-Za-z0-9$_:.-]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHOLE_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// An unquoted comparison value runs to the next blank, parenthesis or bracket.
const BARE_VALUE = /[^ \t\r\n()[\]"']+/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Splits a filter into tokens. String literals are JSON strings, numbers JSON numbers.
 *
 * Lenient in one place: right after `<attribute path> <comparison operator>`, an unquoted
 * value that is not `true`, `false`, `null` or a number is read as a string up to the next
 * blank, parenthesis or bracket (`userName sw O`, `externalId eq jyoung`,
 * `meta.created gt 2015-10-10T14:38:21.8617979-07:00`). RFC 7644 asks for a JSON string
 * there, but Entra's own documentation, Microsoft's conformance suite and authentik's
 * client send bare words, and no other reading of them is possible.
 * `offset` shifts the reported positions, for a filter embedded in a longer text (the
 * brackets of a PATCH path).
 *
 * @throws ScimError 400 invalidFilter naming the character and its position.
 * @example tokenize('title pr') // => [word "title" @1, word "pr" @7, end @9]
 */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const pos = i + 1 + offset;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c, text: c, pos });
      i++;
    } else if (c === '"') {
      const { value, end } = readString(text, i, offset);
      tokens.push({ kind: 'string', text: text.slice(i, end), pos, value });
      i = end;
    } else if (isValuePosition(tokens) && ((BARE_VALUE.lastIndex = i), BARE_VALUE.test(text))) {
      const run = text.slice(i, BARE_VALUE.lastIndex);
      tokens.push(bareValue(run, pos));
      i = BARE_VALUE.lastIndex;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const end = i + (match?.[0].length ?? 0);
      if (!match || (end < text.length && WORD_CHAR.test(text[end] as string))) {
        const run = /[^\s()[\]"]*/y;
        run.lastIndex = i;
        const bad = run.exec(text)?.[0] ?? c;
        throw invalidFilter(`Invalid number ${describeFound(bad)} at position ${pos} (text must be in double quotes)`);
      }
      const value = Number(match[0]);
      if (!Number.isFinite(value)) {
        throw invalidFilter(`Number ${describeFound(match[0])} at position ${pos} is out of range`);
      }
      tokens.push({ kind: 'number', text: match[0], pos, value });
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < text.length && WORD_CHAR.test(text[end] as string)) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end), pos });
      i = end;
    } else {
      throw invalidFilter(`Unexpected character ${showChar(c)} at position ${pos}${hintFor(text, i)}`);
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 + offset });
  return tokens;
}

/** True when the next token is the value of a comparison: it follows `<path> <op>`. */
function isValuePosition(tokens: readonly Token[]): boolean {
  const op = tokens[tokens.length - 1];
  const path = tokens[tokens.length - 2];
  return op?.kind === 'word' && COMPARE_OPS.has(op.text.toLowerCase()) && path?.kind === 'word';
}

/** An unquoted value: a JSON number or literal as usual, any other text as a string. */
function bareValue(run: string, pos: number): Token {
  if (WHOLE_NUMBER.test(run)) {
    const value = Number(run);
    if (!Number.isFinite(value)) throw invalidFilter(`Number ${describeFound(run)} at position ${pos} is out of range`);
    return { kind: 'number', text: run, pos, value };
  }
  if (/^(?:true|false|null)$/i.test(run)) return { kind: 'word', text: run, pos };
  return { kind: 'string', text: run, pos, value: run };
}

/** Reads the JSON string whose opening quote is at `start`; `end` is past the closing quote. */
function readString(text: string, start: number, offset: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) {
      throw invalidFilter(`Unterminated string starting at position ${start + 1 + offset}`);
    }
    const c = text[i] as string;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const e = text[i + 1] ?? '';
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        const shown = e === 'u' ? text.slice(i, i + 6).replace(/".*/, '') : text.slice(i, i + 2);
        throw invalidFilter(`Invalid escape sequence ${shown} in string at position ${i + 1 + offset}`);
      }
    } else if (c < ' ') {
      throw invalidFilter(`Unescaped control character in string at position ${i + 1 + offset}`);
    } else {
      value += c;
      i++;
    }
  }
}

// Invisible and look-alike characters (a no-break space pasted from a document) are named.
function showChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x21 && code <= 0x7e ? `"${c}"` : `${JSON.stringify(c)} (${hex})`;
}

function hintFor(text: string, i: number): string {
  if (text[i] === "'") return ' (strings take double quotes)';
  if (text[i] === '.' && text[i - 1] === ']') {
    return ' (a sub-attribute after brackets belongs in PATCH paths, not in filters)';
  }
  return '';
}
