import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Notes that part of the suite did not run here, for scripts/run-tests.js to repeat after
 * the run (the warnings a test file writes at its start scroll away). The runner names a
 * directory in ROSTER_TEST_NOTES; each test file is its own process, so notes are files,
 * one per distinct text.
 *
 * @example noteSkipped('browser tests were skipped (no Chromium at /usr/bin/chromium)')
 */
export function noteSkipped(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
  const dir = process.env.ROSTER_TEST_NOTES;
  if (!dir) return;
  const name = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(join(dir, `${name}.txt`), text);
}

/** A database URL fit to print: the password, if any, left out. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
