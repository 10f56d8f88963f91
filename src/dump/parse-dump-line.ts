import { DumpError } from './dump-error.ts';
import { DUMP_FORMAT, DUMP_VERSION, MEMBERS_PER_RECORD, type DumpHeader, type DumpRecord } from './dump-format.ts';

type Json = Record<string, unknown>;

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NOT_A_DUMP = `not a Roster dump: the first line must be its header {"format":"${DUMP_FORMAT}","version":${DUMP_VERSION},...} (made by roster export)`;

function json(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DumpError(line, `not JSON (${(error as Error).message})`);
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads typed fields of one record, naming the line and field of the first that is wrong. */
class Fields {
  constructor(
    private readonly record: Json,
    private readonly line: number,
    private readonly what: string,
  ) {}

  private fail(field: string, expected: string): never {
    throw new DumpError(this.line, `${this.what}: "${field}" must be ${expected}`);
  }

  /** A non-empty string; PostgreSQL text cannot hold U+0000, so neither can any key. */
  text(field: string, { empty = false } = {}): string {
    const v = this.record[field];
    if (typeof v !== 'string' || (!empty && v === '') || v.includes('\u0000')) {
      this.fail(field, empty ? 'a string' : 'a non-empty string');
    }
    return v;
  }

  flag(field: string): boolean {
    const v = this.record[field];
    if (typeof v !== 'boolean') this.fail(field, 'true or false');
    return v;
  }

  count(field: string, min: number): number {
    const v = this.record[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(field, `a whole number from ${min}`);
    return v;
  }

  time(field: string): string {
    const v = this.record[field];
    if (typeof v !== 'string' || !TIMESTAMP.test(v) || Number.isNaN(Date.parse(v))) {
      this.fail(field, 'an ISO-8601 UTC time with milliseconds (2026-01-02T03:04:05.006Z)');
    }
    return v;
  }

  object(field: string): Json {
    const v = this.record[field];
    if (!isObject(v)) this.fail(field, 'a JSON object');
    return v;
  }

  list(field: string): unknown[] {
    const v = this.record[field];
    if (!Array.isArray(v)) this.fail(field, 'an array');
    return v;
  }
}

/**
 * The header a dump starts with.
 *
 * @throws DumpError for a line that is not a Roster dump's header, or one of a newer format version.
 * @example parseDumpHeader('{"format":"roster-export","version":1,...}', 1)
 */
export function parseDumpHeader(text: string, line: number): DumpHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DumpError(line, NOT_A_DUMP);
  }
  if (!isObject(value) || value.format !== DUMP_FORMAT) throw new DumpError(line, NOT_A_DUMP);
  const { version } = value;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new DumpError(line, `the header's "version" must be a whole number from 1, got ${JSON.stringify(version)}`);
  }
  if (version > DUMP_VERSION) {
    throw new DumpError(
      line,
      `the dump has format version ${version}, from a newer Roster; this one reads version ${DUMP_VERSION} and older: import it with a Roster as new as the one that exported it`,
    );
  }
  const fields = new Fields(value, line, 'the header');
  const tenants = fields.list('tenants');
  if (!tenants.every((t) => typeof t === 'string' && t !== '')) {
    throw new DumpError(line, 'the header: "tenants" must be an array of tenant slugs');
  }
  return {
    format: DUMP_FORMAT,
    version,
    exportedAt: fields.time('exportedAt'),
    customSchemaUrn: fields.text('customSchemaUrn'),
    tenants: tenants as string[],
  };
}

/**
 * One record after the header, checked field by field (not against the database: the
 * import does that).
 *
 * @throws DumpError naming the line and what is wrong with it.
 * @example parseDumpRecord('{"kind":"end","records":0}', 2) // { kind: 'end', records: 0 }
 */
export function parseDumpRecord(text: string, line: number): DumpRecord {
  const value = json(text, line);
  if (!isObject(value)) throw new DumpError(line, 'a record must be a JSON object');
  const kind = value.kind;
  const f = (what: string) => new Fields(value, line, what);
  switch (kind) {
    case 'tenant': {
      const r = f('a tenant record');
      return { kind, id: r.text('id'), slug: r.text('slug'), name: r.text('name'), createdAt: r.time('createdAt') };
    }
    case 'attribute': {
      const r = f('an attribute record');
      return {
        kind,
        tenant: r.text('tenant'),
        id: r.text('id'),
        name: r.text('name'),
        type: r.text('type'),
        multiValued: r.flag('multiValued'),
        required: r.flag('required'),
        caseExact: r.flag('caseExact'),
        mutability: r.text('mutability'),
        description: r.text('description', { empty: true }),
        deprecated: r.flag('deprecated'),
        createdAt: r.time('createdAt'),
        updatedAt: r.time('updatedAt'),
      };
    }
    case 'user': {
      const r = f('a user record');
      const doc = r.object('doc');
      const userName = r.text('userName');
      if (doc.userName !== userName) {
        throw new DumpError(line, 'a user record: "userName" must be the userName of its "doc"');
      }
      if ('password' in doc) {
        throw new DumpError(line, 'a user record: "doc" holds a password; a Roster dump never carries one');
      }
      return { kind, tenant: r.text('tenant'), id: r.text('id'), userName, doc: resourceDoc(doc, line), ...meta(r) };
    }
    case 'group': {
      const r = f('a group record');
      const doc = r.object('doc');
      if ('members' in doc) {
        throw new DumpError(line, 'a group record: "doc" holds members; they come in "members" records');
      }
      return { kind, tenant: r.text('tenant'), id: r.text('id'), doc: resourceDoc(doc, line), ...meta(r) };
    }
    case 'members': {
      const r = f('a members record');
      const list = r.list('members');
      if (list.length === 0 || list.length > MEMBERS_PER_RECORD) {
        throw new DumpError(line, `a members record holds 1 to ${MEMBERS_PER_RECORD} members, not ${list.length}`);
      }
      const members = list.map((m): { value: string; type: 'User' | 'Group' } => {
        const type = isObject(m) ? m.type : undefined;
        if (!isObject(m) || (type !== 'User' && type !== 'Group')) {
          throw new DumpError(line, 'a member must be {"value": "<id>", "type": "User" or "Group"}');
        }
        return { value: new Fields(m, line, 'a member').text('value'), type };
      });
      return { kind, tenant: r.text('tenant'), groupId: r.text('groupId'), members };
    }
    case 'end':
      return { kind, records: f('the end record').count('records', 0) };
    default:
      throw new DumpError(line, `unknown record kind ${JSON.stringify(kind)}`);
  }
}

function meta(r: Fields): { created: string; lastModified: string; version: number } {
  return { created: r.time('created'), lastModified: r.time('lastModified'), version: r.count('version', 1) };
}

/** A stored document never holds its id or meta (they are columns): a document that does is not from Roster. */
function resourceDoc(doc: Json, line: number): Json {
  for (const key of ['id', 'meta'] as const) {
    if (key in doc) throw new DumpError(line, `"doc" holds "${key}"; a stored document keeps it outside`);
  }
  if (!Array.isArray(doc.schemas)) throw new DumpError(line, '"doc" must have a "schemas" array');
  return doc;
}
