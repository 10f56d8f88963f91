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
} as const;
