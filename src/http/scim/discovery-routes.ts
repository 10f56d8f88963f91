import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantSchemas } from '../../provisioning/schema-registry.ts';
import type { Roster } from '../../roster.ts';
import {
  listOf,
  resourceTypeRepresentation,
  schemaRepresentation,
} from '../../scim/discovery/schema-representation.ts';
import { serviceProviderConfig } from '../../scim/discovery/service-provider-config.ts';
import { ScimError } from '../../scim/error.ts';
import type { SchemaDef } from '../../scim/schema/attribute.ts';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import { tenantOf } from './bearer-auth.ts';
import { baseUrlOf } from '../base-url.ts';
import { sendScim } from './scim-reply.ts';

const OTHER_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** RFC 7644 section 4: filtering the discovery endpoints is not supported, 403. */
function refuseFilter(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown>;
  if (query.filter !== undefined) {
    throw new ScimError(403, undefined, 'Filtering is not supported on discovery endpoints');
  }
}

function schemasOf(t: TenantSchemas): SchemaDef[] {
  const all = [t.user.core, ...t.user.extensions, t.group.core, ...t.group.extensions];
  return all.filter((s, i) => all.findIndex((o) => o.id === s.id) === i);
}

/**
 * The schemas as discovery shows them: without an extension that has no attributes (the
 * custom extension of a tenant that defines none), which requests may still name.
 */
function published(t: TenantSchemas): TenantSchemas {
  const shown = (rs: ResourceSchema): ResourceSchema =>
    rs.extensions.every((e) => e.attributes.length > 0)
      ? rs
      : { ...rs, extensions: rs.extensions.filter((e) => e.attributes.length > 0) };
  return { user: shown(t.user), group: shown(t.group) };
}

/** /ServiceProviderConfig, /ResourceTypes and /Schemas, generated from the live definitions. */
export function registerDiscoveryRoutes(app: FastifyInstance, roster: Roster): void {
  const tenantSchemas = async (request: FastifyRequest) => published(await roster.schemas.forTenant(tenantOf(request)));

  const notAllowed = (url: string): void => {
    const refuse = async (request: FastifyRequest): Promise<never> => {
      throw new ScimError(405, undefined, `${request.method} is not allowed on ${url}`);
    };
    app.route({
      method: [...OTHER_METHODS],
      url,
      // Before the body is parsed: the method is wrong whatever the body (Okta's SPEC test
      // POSTs the text "test" and expects 405, not a JSON syntax error).
      preParsing: refuse,
      handler: refuse,
    });
  };

  // Microsoft's validator asks for /serviceConfiguration, an old name of the same thing.
  for (const url of ['/ServiceProviderConfig', '/serviceConfiguration']) {
    app.get(url, async (request, reply) => {
      refuseFilter(request);
      return sendScim(reply, 200, serviceProviderConfig(baseUrlOf(request)));
    });
    notAllowed(url);
  }

  app.get('/ResourceTypes', async (request, reply) => {
    refuseFilter(request);
    const t = await tenantSchemas(request);
    const base = baseUrlOf(request);
    return sendScim(reply, 200, listOf([t.user, t.group].map((rs) => resourceTypeRepresentation(rs, base))));
  });
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (request, reply) => {
    const t = await tenantSchemas(request);
    const rs = [t.user, t.group].find((r) => r.name.toLowerCase() === request.params.id.toLowerCase());
    if (!rs) throw new ScimError(404, undefined, `No resource type "${request.params.id}"`);
    return sendScim(reply, 200, resourceTypeRepresentation(rs, baseUrlOf(request)));
  });
  notAllowed('/ResourceTypes');

  app.get('/Schemas', async (request, reply) => {
    refuseFilter(request);
    const base = baseUrlOf(request);
    return sendScim(
      reply,
      200,
      listOf(schemasOf(await tenantSchemas(request)).map((s) => schemaRepresentation(s, base))),
    );
  });
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => {
    const schema = schemasOf(await tenantSchemas(request)).find(
      (s) => s.id.toLowerCase() === request.params.id.toLowerCase(),
    );
    if (!schema) throw new ScimError(404, undefined, `No schema "${request.params.id}"`);
    return sendScim(reply, 200, schemaRepresentation(schema, baseUrlOf(request)));
  });
  notAllowed('/Schemas');
}
