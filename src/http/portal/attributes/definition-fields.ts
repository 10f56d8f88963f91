import {
  CUSTOM_ATTRIBUTE_TYPES,
  CUSTOM_MUTABILITIES,
  type AttributeDefinition,
  type DefinitionChanges,
  type DefinitionInput,
} from '../../../attributes/attribute-definition.ts';
import type { FormBody } from '../form-body.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';

/** A definition form's values as typed: shown again, unchanged, when the service refuses them. */
export interface DefinitionFields {
  readonly name: string;
  readonly type: string;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: string;
  readonly description: string;
  readonly deprecated: boolean;
}

/** The Add form before anything is typed: RFC 7643's defaults. */
export const NEW_DEFINITION: DefinitionFields = {
  name: '',
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  description: '',
  deprecated: false,
};

/** A submitted form's values; the service checks them (an unchecked box is absent: false). */
export function fieldsOfForm(body: FormBody): DefinitionFields {
  return {
    name: (body.name ?? '').trim(),
    type: body.type ?? '',
    multiValued: body.multiValued === 'on',
    required: body.required === 'on',
    caseExact: body.caseExact === 'on',
    mutability: body.mutability ?? '',
    description: body.description ?? '',
    deprecated: body.deprecated === 'on',
  };
}

/** A stored definition as the Edit form's starting values. */
export const fieldsOfDefinition = (d: AttributeDefinition): DefinitionFields => ({
  name: d.name,
  type: d.type,
  multiValued: d.multiValued,
  required: d.required,
  caseExact: d.caseExact,
  mutability: d.mutability,
  description: d.description,
  deprecated: d.deprecated,
});

export const inputOf = (f: DefinitionFields): DefinitionInput => ({
  name: f.name,
  type: f.type,
  multiValued: f.multiValued,
  required: f.required,
  caseExact: f.caseExact,
  mutability: f.mutability,
  description: f.description,
});

export const changesOfFields = (f: DefinitionFields): DefinitionChanges => ({
  type: f.type,
  multiValued: f.multiValued,
  required: f.required,
  caseExact: f.caseExact,
  mutability: f.mutability,
  description: f.description,
  deprecated: f.deprecated,
});

/**
 * The inputs of the Add and Edit forms, except the name (Add only) and the deprecated
 * box (Edit only), which the forms add themselves. Ids start with `prefix`.
 */
export function definitionInputs(ctx: PortalContext, prefix: string, f: DefinitionFields): SafeHtml {
  const m = attributesMessages(ctx.locale);
  const check = (field: 'multiValued' | 'required' | 'caseExact') => html`<div class="check">
    <input type="checkbox" id="${prefix}-${field}" name="${field}"${f[field] ? html` checked` : ''}>
    <label for="${prefix}-${field}">${m(field)}</label>
  </div>`;
  return html`<div>
    <label for="${prefix}-type">${m('type')}</label>
    <select id="${prefix}-type" name="type">
      ${CUSTOM_ATTRIBUTE_TYPES.map((t) => html`<option value="${t}"${t === f.type ? html` selected` : ''}>${t}</option>`)}
    </select>
  </div>
  <div>
    <label for="${prefix}-mutability">${m('mutability')}</label>
    <select id="${prefix}-mutability" name="mutability">
      ${CUSTOM_MUTABILITIES.map(
        (v) => html`<option value="${v}"${v === f.mutability ? html` selected` : ''}>${m(`mut_${v}`)} (${v})</option>`,
      )}
    </select>
  </div>
  <div class="wide checks">${check('multiValued')}${check('required')}${check('caseExact')}</div>
  <div class="wide">
    <label for="${prefix}-description">${m('description')}</label>
    <textarea id="${prefix}-description" name="description" rows="2" maxlength="1000">${f.description}</textarea>
  </div>`;
}
