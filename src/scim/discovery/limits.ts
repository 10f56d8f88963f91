/** What the server advertises and enforces; one source for both. */
export const LIMITS = {
  /** Default and largest page for list and search responses. */
  defaultPageSize: 100,
  maxPageSize: 1000,
  /** /Bulk */
  bulkMaxOperations: 1000,
  bulkMaxPayloadSize: 4 * 1024 * 1024,
  /** Any other request body. */
  maxPayloadSize: 1024 * 1024,
  /**
   * The deepest a request body may nest (arrays and objects). The deepest SCIM body an
   * IdP sends nests 5 levels (a Bulk operation's PATCH value); the bound keeps every walk
   * over a body, and every error message about it, far from the call stack's limit.
   */
  maxBodyDepth: 64,
  /**
   * The longest userName, externalId and displayName (users and groups), in bytes of
   * UTF-8: 1,024 ASCII characters, 512 Greek or Cyrillic, 341 Chinese. They are indexed,
   * and a PostgreSQL btree entry holds at most 2,704 bytes; this leaves room for
   * lower-casing, which may lengthen text by half. The same limit on SQLite, so that a
   * value one database takes the other takes too.
   */
  maxIndexedTextBytes: 1024,
} as const;
