import { CliError } from './cli-error.ts';

/** Prints one JSON document on a line: what `--json` promises. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Prints rows as aligned columns under a header; cells are single-line.
 *
 * @example printTable(['ID', 'STATUS'], [['3f2a9c1b', 'active']])
 */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const clean = rows.map((r) => r.map((c) => c.replace(/[\r\n\t]+/g, ' ')));
  const widths = header.map((h, i) => Math.max(h.length, ...clean.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(header), ...clean.map(line)].join('\n')}\n`);
}

/** A stored timestamp as shown in tables: to the second, `-` when absent. */
export const shownTime = (iso: string | null | undefined, absent = '-'): string =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : absent;

/** The first eight characters of an id: enough to name it in later commands. */
export const shortId = (id: string): string => id.slice(0, 8);

/**
 * A whole-number option.
 *
 * @example wholeNumber('--limit', '20') // 20
 */
export function wholeNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new CliError(`${option} must be a whole number`);
  }
  return n;
}
