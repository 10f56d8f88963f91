import { checkIndexedText } from '../scim/resource/check-indexed-text.ts';
import { checkResourceSize } from '../scim/resource/check-resource-size.ts';
import { userNameKey } from '../scim/resource/user-name-key.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';

/** When a resource was made and last changed, and its version (the ETag's number). */
export interface RowMeta {
  readonly created: string;
  readonly updated: string;
  readonly version: number;
}

/**
 * The stored row of a user document (no id, meta or password in it): its indexed columns
 * read from the document, within the limits every stored user keeps. A document without
 * `active` is stored active.
 *
 * @throws ScimError 400 for a userName, externalId or displayName too long to index, or a
 * document past the size limits.
 * @example userRowOf(tenantId, id, { schemas, userName: 'ann' }, null, { created: now, updated: now, version: 1 })
 */
export function userRowOf(
  tenantId: string,
  id: string,
  document: Readonly<Record<string, unknown>>,
  passwordHash: string | null,
  meta: RowMeta,
): UserRow {
  const doc = { ...document };
  if (doc.active === undefined) doc.active = true;
  const userName = String(doc.userName);
  for (const name of ['userName', 'externalId', 'displayName'] as const) checkIndexedText(name, doc[name]);
  // Folding may lengthen text (ß is ss): the key, indexed too, is held to the same limit.
  checkIndexedText('userName', userNameKey(userName));
  checkResourceSize(doc);
  return {
    tenant_id: tenantId,
    id,
    user_name: userName,
    user_name_lower: userNameKey(userName),
    external_id: typeof doc.externalId === 'string' ? doc.externalId : null,
    display_name: typeof doc.displayName === 'string' ? doc.displayName : null,
    active: doc.active === false ? 0 : 1,
    password_hash: passwordHash,
    created_at: meta.created,
    updated_at: meta.updated,
    version: meta.version,
    doc,
  };
}

/**
 * The stored row of a group document (no id, meta or members in it).
 *
 * @throws ScimError 400 for an externalId or displayName too long to index, or a document
 * past the size limits.
 */
export function groupRowOf(tenantId: string, id: string, doc: Record<string, unknown>, meta: RowMeta): GroupRow {
  checkIndexedText('externalId', doc.externalId);
  checkIndexedText('displayName', doc.displayName);
  checkResourceSize(doc);
  return {
    tenant_id: tenantId,
    id,
    external_id: typeof doc.externalId === 'string' ? doc.externalId : null,
    display_name: typeof doc.displayName === 'string' ? doc.displayName : null,
    created_at: meta.created,
    updated_at: meta.updated,
    version: meta.version,
    doc,
  };
}
