import { URN } from '../schema/urns.ts';
import { LIMITS } from './limits.ts';

/** RFC 7643 section 5 (and RFC 9865 `pagination`): exactly what this server does. */
export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: LIMITS.bulkMaxOperations,
      maxPayloadSize: LIMITS.bulkMaxPayloadSize,
    },
    filter: { supported: true, maxResults: LIMITS.maxPageSize },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: LIMITS.defaultPageSize,
      maxPageSize: LIMITS.maxPageSize,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'A bearer token issued by Roster for one identity-provider connection: Authorization: Bearer <token>',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}
