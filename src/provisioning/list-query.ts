/** A list or search request (RFC 7644 sections 3.4.2 and 3.4.3; RFC 9865 cursors). */
export interface ListQuery {
  readonly filter?: string;
  readonly sortBy?: string;
  readonly sortOrder?: 'ascending' | 'descending';
  /** Index paging: 1-based, already clamped to at least 1. */
  readonly startIndex?: number;
  /** Page size, already clamped to [0, max]. */
  readonly count: number;
  /** Cursor paging (RFC 9865): present, even empty, switches it on. */
  readonly cursor?: string;
  /** Whether the response will show group members (read them only then). */
  readonly withMembers: boolean;
}

/**
 * One page of a list: rendered resources (not yet projected) and paging facts. When the
 * query asked for group members, the groups come without them and `memberPages` reads
 * each group's members a page at a time, for the response to stream: a page of groups with
 * a million members each is never held in memory.
 */
export interface ListPage {
  readonly totalResults: number;
  readonly resources: readonly Record<string, unknown>[];
  readonly memberPages?: (groupId: string) => AsyncIterable<Record<string, unknown>[]>;
  readonly startIndex?: number;
  readonly nextCursor?: string;
  readonly previousCursor?: string;
}
