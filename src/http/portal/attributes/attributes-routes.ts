import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { formOf, queryOf } from '../form-body.ts';
import type { PageOptions } from '../layout.ts';
import { actorOf, portalOf, writerOf, type PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS } from './attributes-paths.ts';
import { renderAttributesPage } from './attributes-page.ts';
import {
  changesOfFields,
  fieldsOfDefinition,
  fieldsOfForm,
  inputOf,
  NEW_DEFINITION,
  type DefinitionFields,
} from './definition-fields.ts';
import { doneNotice, donePath } from './done-notice.ts';
import { renderEditAttributePage } from './edit-attribute-page.ts';
import { renderRemoveAttributePage } from './remove-attribute-page.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

type NameParams = { Params: { name: string } };

/** A refusal the administrator can fix on the form: bad input 400, a clash or the limit 409. */
const formStatus = (error: AdminError): 400 | 409 => (error.code === 'invalid' ? 400 : 409);
const isFormError = (error: unknown): error is AdminError => error instanceof AdminError && error.code !== 'not_found';

/**
 * SCIM Attributes (Admin › Identity): GET the page (`?done=` names the notice after a
 * redirect), POST the Add form to it; per attribute, GET and POST its Edit page, POST
 * Deprecate (a toggle), POST Remove (without `confirm=yes` it answers with the
 * confirmation step, saying how many users' values go with it). Every POST is for writers.
 *
 * @example registerAttributesRoutes(app, roster) // inside the portal plugin
 */
export function registerAttributesRoutes(app: FastifyInstance, roster: Roster): void {
  const page = async (ctx: PortalContext, fields: DefinitionFields, notice: PageOptions['notice']): Promise<string> =>
    renderAttributesPage(ctx, {
      urn: roster.attributes.urn,
      definitions: await roster.attributes.list(ctx.admin.tenantId),
      userSchema: (await roster.schemas.forTenant(ctx.admin.tenantId)).user,
      fields,
      notice,
    });

  app.get(ATTRIBUTES_PATHS.page, async (req, reply) => {
    const ctx = portalOf(req);
    return replyHtml(reply, 200, await page(ctx, NEW_DEFINITION, doneNotice(ctx.locale, queryOf(req))));
  });

  app.post(ATTRIBUTES_PATHS.page, async (req, reply) => {
    const ctx = writerOf(req);
    const fields = fieldsOfForm(formOf(req));
    try {
      const defined = await roster.attributes.define(ctx.admin.tenantId, inputOf(fields), actorOf(ctx));
      return reply.redirect(donePath('added', defined.name), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      const text = attributesMessages(ctx.locale)('error_add', { detail: adminErrorText(ctx.locale, error) });
      return replyHtml(reply, formStatus(error), await page(ctx, fields, { kind: 'error', text }));
    }
  });

  app.get<NameParams>(ATTRIBUTES_PATHS.route('edit'), async (req, reply) => {
    const ctx = writerOf(req);
    const wanted = req.params.name.toLowerCase();
    const definition = (await roster.attributes.list(ctx.admin.tenantId)).find((d) => d.name.toLowerCase() === wanted);
    if (!definition) throw new AdminError('not_found', 'noAttribute', { name: req.params.name });
    const view = { urn: roster.attributes.urn, name: definition.name, fields: fieldsOfDefinition(definition) };
    return replyHtml(reply, 200, renderEditAttributePage(ctx, view));
  });

  app.post<NameParams>(ATTRIBUTES_PATHS.route('edit'), async (req, reply) => {
    const ctx = writerOf(req);
    const fields = fieldsOfForm(formOf(req));
    try {
      const updated = await roster.attributes.update(
        ctx.admin.tenantId,
        req.params.name,
        changesOfFields(fields),
        actorOf(ctx),
      );
      return reply.redirect(donePath('updated', updated.name), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      const text = attributesMessages(ctx.locale)('error_update', { detail: adminErrorText(ctx.locale, error) });
      const view = {
        urn: roster.attributes.urn,
        name: req.params.name,
        fields,
        notice: { kind: 'error' as const, text },
      };
      return replyHtml(reply, formStatus(error), renderEditAttributePage(ctx, view));
    }
  });

  app.post<NameParams>(ATTRIBUTES_PATHS.route('deprecate'), async (req, reply) => {
    const ctx = writerOf(req);
    const deprecated = formOf(req).deprecated === 'on';
    const changed = await roster.attributes.deprecate(ctx.admin.tenantId, req.params.name, actorOf(ctx), deprecated);
    return reply.redirect(donePath(deprecated ? 'deprecated' : 'undeprecated', changed.name), 303);
  });

  app.post<NameParams>(ATTRIBUTES_PATHS.route('remove'), async (req, reply) => {
    const ctx = writerOf(req);
    const tenantId = ctx.admin.tenantId;
    if (formOf(req).confirm !== 'yes') {
      const { definition, holders } = await roster.attributes.holders(tenantId, req.params.name);
      reply.header('cache-control', 'no-store');
      return replyHtml(reply, 200, renderRemoveAttributePage(ctx, roster.attributes.urn, definition, holders));
    }
    const { definition, valuesRemoved } = await roster.attributes.remove(tenantId, req.params.name, actorOf(ctx));
    return reply.redirect(donePath('removed', definition.name, valuesRemoved), 303);
  });
}
