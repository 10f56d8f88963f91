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
} as const;
