import { canWrite } from '../../../admins/admin-role.ts';
import type { AttributeDefinition } from '../../../attributes/attribute-definition.ts';
import type { ResourceSchema } from '../../../scim/schema/resource-schema.ts';
import { html } from '../html.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { addAttributeForm } from './add-attribute-form.ts';
import { attributesMessages } from './attributes-messages.ts';
import { customAttributesSection } from './custom-attributes-section.ts';
import type { DefinitionFields } from './definition-fields.ts';
import { enterpriseAttributesSection } from './enterprise-attributes-section.ts';
import { writableAttributesSection } from './writable-attributes-section.ts';

/** What the SCIM Attributes page shows. */
export interface AttributesPageData {
  readonly urn: string;
  readonly definitions: readonly AttributeDefinition[];
  /** The tenant's User resource schema, custom extension included. */
  readonly userSchema: ResourceSchema;
  /** The Add form's values (the submitted ones when the service refused them). */
  readonly fields: DefinitionFields;
  readonly notice?: PageOptions['notice'];
}

/** SCIM Attributes (Admin › Identity): the custom extension, the enterprise one, what IdPs may write. */
export function renderAttributesPage(ctx: PortalContext, data: AttributesPageData): string {
  const m = attributesMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('attributes'),
    active: 'attributes',
    notice: data.notice,
    body: html`<p>${m('intro')}</p>
${customAttributesSection(ctx, data.urn, data.definitions)}
${canWrite(ctx.admin.role) ? addAttributeForm(ctx, data.fields) : html`<p class="notice readonly">${m('readOnly')}</p>`}
${enterpriseAttributesSection(ctx)}
${writableAttributesSection(ctx, data.userSchema, data.urn)}`,
  });
}
