import { sql } from 'kysely';
import type { JsonEdit } from './json-edit.ts';

// Every segment quoted: URNs hold colons and dots. Callers keep `"` out of names.
const path = (...segments: string[]): string => `$${segments.map((s) => `."${s}"`).join('')}`;

/** SQLite: json_type, json_remove and json_each over the TEXT document. */
export const sqliteJsonEdit: JsonEdit = {
  hasExtensionAttribute: (doc, extension, name) => sql`(json_type(${doc}, ${path(extension, name)}) is not null)`,
  removeExtensionAttribute: (doc, extension, name) => {
    const removed = sql`json_remove(${doc}, ${path(extension, name)})`;
    // json() marks the subquery's text as JSON, so json_set inserts an array, not a string.
    const schemas = sql`json((select json_group_array(s.value) from (select value from json_each(${doc}, '$.schemas') where value <> ${extension} order by key) as s))`;
    return sql`(case when json_extract(${removed}, ${path(extension)}) = '{}'
      then json_set(json_remove(${doc}, ${path(extension)}), '$.schemas', ${schemas})
      else ${removed} end)`;
  },
};
