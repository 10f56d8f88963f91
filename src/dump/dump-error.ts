/**
 * Input that is not a Roster dump this version can import, at a line of it. The import
 * it stops changes nothing.
 *
 * @example throw new DumpError(7, 'not JSON (Unexpected token } in JSON at position 12)') // "line 7: not JSON (…)"
 */
export class DumpError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'DumpError';
  }
}
