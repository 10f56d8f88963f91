import type { Expression, RawBuilder, SqlBool } from 'kysely';

/**
 * What bulk edits of stored documents need from a dialect: finding and removing one
 * attribute of an extension in every document at once, in one statement, without reading
 * the documents into memory. `extension` is a URN and `name` an attribute name, both
 * validated by the caller (no `"`); they reach SQL as bound parameters.
 *
 * @example
 * await db.updateTable('users')
 *   .set({ doc: jsonEdit.removeExtensionAttribute(sql.ref('doc'), urn, 'badgeNumber') })
 *   .where(jsonEdit.hasExtensionAttribute(sql.ref('doc'), urn, 'badgeNumber'))
 *   .execute();
 */
export interface JsonEdit {
  /** TRUE when the document's extension object holds the attribute, whatever its value (JSON null included). Never NULL. */
  hasExtensionAttribute(doc: Expression<unknown>, extension: string, name: string): RawBuilder<SqlBool>;
  /**
   * The document without the attribute; when the extension's object is left empty, without
   * it too, and without its URN in `schemas` (as if it had never been written).
   */
  removeExtensionAttribute(doc: Expression<unknown>, extension: string, name: string): RawBuilder<unknown>;
}
