import type { FastifyError, FastifyInstance } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import { drainRequest } from './drain-request.ts';
import { sendScim } from './scim-reply.ts';

/** Fastify's own client errors, in words an IdP administrator can act on. */
function fromFastify(error: FastifyError): ScimError | undefined {
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, undefined, 'The request body is larger than this server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(415, undefined, 'Send the body as application/scim+json or application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScimError(400, 'invalidSyntax', 'The request body is empty; a JSON object was expected');
    default:
      if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return new ScimError(400, 'invalidSyntax', `The request body is not valid JSON: ${error.message}`);
      }
      return new ScimError(status, status === 400 ? 'invalidSyntax' : undefined, error.message);
  }
}

/**
 * The one place where SCIM errors become responses: the RFC 7644 error body with the
 * SCIM media type. Anything unexpected is logged and answered 500 without internals.
 */
export function installScimErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const scim = error instanceof ScimError ? error : fromFastify(error);
    // Fastify's own limit stops reading midway; a 413 of ours comes after the whole body.
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && !(await drainRequest(request.raw)))
      reply.header('connection', 'close');
    if (scim) return sendScim(reply, scim.status, scim.toBody());
    request.log.error({ err: error }, 'SCIM request failed');
    return sendScim(reply, 500, new ScimError(500, undefined, 'Internal server error').toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    sendScim(
      reply,
      404,
      new ScimError(404, undefined, `No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}`).toBody(),
    ),
  );
}
