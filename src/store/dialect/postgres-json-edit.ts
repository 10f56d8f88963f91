import { sql } from 'kysely';
import type { JsonEdit } from './json-edit.ts';

/** PostgreSQL: `#>`, `#-` and jsonb_array_elements over the JSONB document. */
export const postgresJsonEdit: JsonEdit = {
  hasExtensionAttribute: (doc, extension, name) => sql`((${doc} #> cast(${[extension, name]} as text[])) is not null)`,
  removeExtensionAttribute: (doc, extension, name) => {
    const removed = sql`(${doc} #- cast(${[extension, name]} as text[]))`;
    const schemas = sql`coalesce((select jsonb_agg(s.value order by s.ord)
      from jsonb_array_elements(case when jsonb_typeof(${doc} -> 'schemas') = 'array' then ${doc} -> 'schemas' end)
        with ordinality as s(value, ord)
      where s.value <> to_jsonb(cast(${extension} as text))), '[]'::jsonb)`;
    return sql`(case when (${removed} -> cast(${extension} as text)) = '{}'::jsonb
      then (${doc} - cast(${extension} as text)) || jsonb_build_object('schemas', ${schemas})
      else ${removed} end)`;
  },
};
