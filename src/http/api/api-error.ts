/** What went wrong with a request to `/api/v1`, as a client's code can test it. */
export type ApiErrorCode =
  'unauthorized' | 'forbidden' | 'invalid_parameter' | 'cursor_expired' | 'not_found' | 'internal_error';

/**
 * The one error of the JSON API (`/api/v1`), answered as
 * `{"error": {"code", "message", "parameter"?}}` by the API's error handler.
 *
 * @example throw new ApiError(400, 'invalid_parameter', 'limit must be a whole number from 1 to 1000', 'limit')
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly parameter?: string,
    /** Further fields of the error object (e.g. the snapshot's URL on a 410). */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { error: Record<string, string> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.parameter !== undefined ? { parameter: this.parameter } : {}),
        ...this.extra,
      },
    };
  }
}
