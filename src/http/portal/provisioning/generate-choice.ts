import { z } from 'zod';
import { isIdpKind, type IdpKind } from '../../../tokens/idp-kinds.ts';
import type { FormBody } from '../form-body.ts';

/** The expiry choices of the Generate form; `custom` reads the number of days. */
export const EXPIRY_CHOICES = ['never', '30', '90', '365', 'custom'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** The longest token lifetime and name the form accepts (the CLI's and the service's limits). */
export const MAX_DAYS = 3650;
export const MAX_NAME = 200;

/** The Generate form's fields as submitted (trimmed), to fill the form again or carry as hidden fields. */
export interface GenerateFields {
  readonly idp: string;
  readonly name: string;
  readonly expiry: ExpiryChoice;
  readonly days: string;
}

/** What to issue. */
export interface GenerateChoice {
  readonly idp: IdpKind;
  readonly name: string | undefined;
  readonly expiresInDays: number | undefined;
}

/** Why a Generate form is refused: the message key of the field at fault. */
export type GenerateProblem = 'error_idp' | 'error_name' | 'error_days';

export type GenerateParse =
  | { readonly ok: true; readonly fields: GenerateFields; readonly choice: GenerateChoice }
  | { readonly ok: false; readonly fields: GenerateFields; readonly problem: GenerateProblem };

const text = z.string().trim().catch('');
const formFields = z.object({ idp: text, name: text, expiry: z.enum(EXPIRY_CHOICES).catch('never'), days: text });
// An empty field coerces to 0, which `min(1)` refuses as it should.
const lifetimeDays = z.coerce.number().int().min(1).max(MAX_DAYS);

/**
 * Reads the Generate form (the first post and the confirmed one alike).
 *
 * @example parseGenerateForm({ idp: 'okta', expiry: '90' }) // { ok: true, choice: { idp: 'okta', expiresInDays: 90, ... } }
 */
export function parseGenerateForm(body: FormBody): GenerateParse {
  let fields: GenerateFields = formFields.parse(body);
  const idp = fields.idp;
  if (!isIdpKind(idp)) return { ok: false, fields, problem: 'error_idp' };
  if (fields.name.length > MAX_NAME) return { ok: false, fields, problem: 'error_name' };
  let expiresInDays: number | undefined;
  if (fields.expiry === 'custom') {
    const days = lifetimeDays.safeParse(fields.days);
    if (!days.success) return { ok: false, fields, problem: 'error_days' };
    expiresInDays = days.data;
    // Shown and carried as read: `090` or `9e1` become `90`.
    fields = { ...fields, days: String(days.data) };
  } else if (fields.expiry !== 'never') {
    expiresInDays = Number(fields.expiry);
  }
  return { ok: true, fields, choice: { idp, name: fields.name === '' ? undefined : fields.name, expiresInDays } };
}

/** Empty fields, for the form's first showing. */
export const NO_FIELDS: GenerateFields = { idp: '', name: '', expiry: 'never', days: '' };
