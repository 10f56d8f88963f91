import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GROUP_SEARCH_FIELDS, MEMBERS_PAGE_SIZE, USER_SEARCH_FIELDS } from '../../../provisioning/directory-service.ts';
import type { RequestContext } from '../../../provisioning/request-context.ts';
import type { Roster } from '../../../roster.ts';
import { projectResource } from '../../../scim/resource/project-resource.ts';
import { baseUrlOf } from '../../base-url.ts';
import { queryOf } from '../form-body.ts';
import { portalOf, type PortalContext } from '../portal-context.ts';
import { DIRECTORY_PATHS } from './directory-paths.ts';
import { searchValuesOf } from './directory-search.ts';
import { renderGroupPage } from './group-page.ts';
import { renderGroupsPage } from './groups-page.ts';
import { renderUserPage } from './user-page.ts';
import { renderUsersPage } from './users-page.ts';
import { replyHtml } from '../reply-html.ts';

type IdParams = { Params: { id: string } };

/** Log entries per page on a user's or group's page. */
const LOG_PAGE_SIZE = 20;

/** A cursor from the query, or none: an empty `after=` is the first page. */
const cursorOf = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/** The SCIM services' view of a portal request: the admin's tenant, and the SCIM URL for `$ref`s. */
const scimContext = (req: FastifyRequest, ctx: PortalContext): RequestContext => ({
  tenantId: ctx.admin.tenantId,
  baseUrl: baseUrlOf(req),
});

/**
 * The Directory (Admin › Directory), read-only for every role: the users and groups lists
 * (`q`, `by` search; `after` pages), a user's page (`log` pages its log entries) and a
 * group's page (`after` pages its members, `log` its log entries).
 *
 * @example registerDirectoryRoutes(app, roster) // inside the portal plugin
 */
export function registerDirectoryRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(DIRECTORY_PATHS.users, async (req, reply) => {
    const ctx = portalOf(req);
    const query = queryOf(req);
    const search = searchValuesOf(query, USER_SEARCH_FIELDS);
    const cursor = cursorOf(query.after);
    const page = await roster.directory.users(ctx.admin.tenantId, { field: search.field, text: search.text, cursor });
    return replyHtml(reply, 200, renderUsersPage(ctx, search, page, cursor !== undefined));
  });

  app.get(DIRECTORY_PATHS.groups, async (req, reply) => {
    const ctx = portalOf(req);
    const query = queryOf(req);
    const search = searchValuesOf(query, GROUP_SEARCH_FIELDS);
    const cursor = cursorOf(query.after);
    const page = await roster.directory.groups(ctx.admin.tenantId, { field: search.field, text: search.text, cursor });
    return replyHtml(reply, 200, renderGroupsPage(ctx, search, page, cursor !== undefined));
  });

  app.get<IdParams>(DIRECTORY_PATHS.userRoute, async (req, reply) => {
    const ctx = portalOf(req);
    const tenantId = ctx.admin.tenantId;
    const { resource } = await roster.users.get(scimContext(req, ctx), req.params.id);
    const id = String(resource.id);
    // As the SCIM API returns it: what the schema never returns (write-only values) stays hidden.
    const schema = (await roster.schemas.forTenant(tenantId)).user;
    const shown = projectResource(schema, resource, undefined, undefined);
    const logCursor = cursorOf(queryOf(req).log);
    const log = await roster.provisioningLog.query({
      tenantId,
      resourceId: id,
      limit: LOG_PAGE_SIZE,
      cursor: logCursor,
    });
    const data = { resource: shown, customUrn: roster.attributes.urn, schema, log, logPaged: logCursor !== undefined };
    return replyHtml(reply, 200, renderUserPage(ctx, data));
  });

  app.get<IdParams>(DIRECTORY_PATHS.groupRoute, async (req, reply) => {
    const ctx = portalOf(req);
    const tenantId = ctx.admin.tenantId;
    const { row, resource } = await roster.groups.get(scimContext(req, ctx), req.params.id);
    const id = String(resource.id);
    const query = queryOf(req);
    const membersCursor = cursorOf(query.after);
    const logCursor = cursorOf(query.log);
    const [members, log] = await Promise.all([
      roster.directory.groupMembers(tenantId, id, { cursor: membersCursor, limit: MEMBERS_PAGE_SIZE }),
      roster.provisioningLog.query({ tenantId, resourceId: id, limit: LOG_PAGE_SIZE, cursor: logCursor }),
    ]);
    const data = {
      resource,
      memberCount: row.member_count,
      members,
      pageSize: MEMBERS_PAGE_SIZE,
      membersPaged: membersCursor !== undefined,
      log,
      logPaged: logCursor !== undefined,
    };
    return replyHtml(reply, 200, renderGroupPage(ctx, data));
  });
}
