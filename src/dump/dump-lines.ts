import type { Readable } from 'node:stream';
import { DumpError } from './dump-error.ts';
import type { DumpLine } from './import-dump.ts';

/** Longer than any record (a stored resource is at most 1 MiB as JSON): beyond it, the input is no dump. */
const MAX_LINE = 8 * 1024 * 1024;

/**
 * The lines of a stream, numbered from 1, read a chunk at a time as they are consumed, so
 * a dump of any size is read in constant memory (a line longer than any record is refused
 * instead of held). A last line without its newline counts.
 *
 * @example for await (const { text, number } of dumpLines(process.stdin)) ...
 */
export async function* dumpLines(input: Readable): AsyncGenerator<DumpLine> {
  input.setEncoding('utf8');
  let number = 0;
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    let end: number;
    while ((end = text.indexOf('\n', start)) !== -1) {
      yield { text: text.slice(start, end).replace(/\r$/, ''), number: ++number };
      start = end + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE)
      throw new DumpError(number + 1, `longer than ${MAX_LINE} characters: not a dump record`);
  }
  if (rest !== '') yield { text: rest.replace(/\r$/, ''), number: ++number };
}
