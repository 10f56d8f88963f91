import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { writeTransaction } from '../store/write-transaction.ts';
import {
  checkAttributeName,
  checkDescription,
  checkMutability,
  checkType,
  type AttributeDefinition,
  type DefinitionChanges,
  type DefinitionInput,
} from './attribute-definition.ts';
import { changesOf } from './definition-changes.ts';
import { definitionOf, selectDefinition, selectDefinitions, type DefinitionRow } from './select-definitions.ts';
import { countValues, removeValues } from './stored-values.ts';
import type { AttributeDetails, AuditDetailsByType, RecordedDefinition } from '../audit/audit-details.ts';

/** The most custom attributes a tenant may define: each is in every `/Schemas` answer. */
export const MAX_DEFINITIONS = 200;

/**
 * A tenant's custom attributes: the extension schema under `urn` is built from them.
 * Every change records its audit event in the same transaction, then calls `onChange`
 * so this instance's schema cache sees it at once.
 *
 * Stored values: removing a definition removes its values from every user of the tenant
 * in the same transaction; defining a name clears any value left under it, so a new
 * definition starts clean. A deprecated attribute keeps its values and works as before.
 * The type or multi-valuedness of an attribute that has values cannot change.
 */
export class AttributesService {
  constructor(
    private readonly store: StoreDialect,
    /** The custom extension's URN (`ROSTER_CUSTOM_SCHEMA_URN`). */
    readonly urn: string,
    private readonly onChange: (tenantId: string) => void = () => {},
  ) {}

  /** The tenant's definitions in the order they were defined. */
  list(tenantId: string): Promise<AttributeDefinition[]> {
    return selectDefinitions(this.store.db, tenantId);
  }

  /**
   * Defines a custom attribute.
   *
   * @throws AdminError `invalid` for a bad name, type or mutability; `conflict` when the
   * name is taken (in any case); `limit` past {@link MAX_DEFINITIONS}.
   * @example await attributes.define(tenantId, { name: 'badgeNumber', type: 'integer' }, actor)
   */
  async define(tenantId: string, input: DefinitionInput, actor: Actor): Promise<AttributeDefinition> {
    const now = nowIso();
    const row: DefinitionRow = {
      id: randomUUID(),
      tenant_id: tenantId,
      name: checkAttributeName(input.name),
      name_lower: input.name.toLowerCase(),
      type: checkType(input.type),
      multi_valued: input.multiValued ? 1 : 0,
      required: input.required ? 1 : 0,
      case_exact: input.caseExact ? 1 : 0,
      mutability: checkMutability(input.mutability ?? 'readWrite'),
      description: checkDescription(input.description ?? ''),
      deprecated: 0,
      created_at: now,
      updated_at: now,
    };
    const taken = () => new AdminError('conflict', 'attributeTaken', { name: input.name });
    try {
      await writeTransaction(this.store, async (trx) => {
        if (await selectDefinition(trx, tenantId, row.name)) throw taken();
        const count = await trx
          .selectFrom('attribute_definitions')
          .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('created_at').as('last')])
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow();
        if (Number(count.n) >= MAX_DEFINITIONS) {
          throw new AdminError('limit', 'tooManyAttributes', { max: MAX_DEFINITIONS });
        }
        // Definitions list in the order they were made (`created_at`): one made within the same
        // millisecond as the last one comes a millisecond after it, not before it by name.
        if (count.last !== null && count.last >= row.created_at) {
          row.created_at = new Date(Date.parse(count.last) + 1).toISOString();
        }
        await trx.insertInto('attribute_definitions').values(row).execute();
        // Values a stale instance may have written under a removed definition of this name.
        const cleared = await removeValues(trx, this.store.jsonEdit, this.valuesOf(tenantId, row.name), now);
        await this.audit(trx, tenantId, actor, 'attribute.defined', row, {
          ...this.named(row),
          definition: publicFields(definitionOf(row)),
          ...(cleared > 0 ? { valuesCleared: cleared } : {}),
        });
      });
    } catch (error) {
      throw this.store.isUniqueViolation(error) ? taken() : error;
    }
    this.onChange(tenantId);
    return definitionOf(row);
  }

  /**
   * Changes a definition. Changing the type or multi-valuedness of an attribute some user
   * has a value of is refused: the values would no longer match it. Changing nothing
   * records nothing.
   *
   * @throws AdminError `not_found`, `invalid`, or `conflict` for a type change over values.
   * @example await attributes.update(tenantId, 'badgeNumber', { description: 'Door badge' }, actor)
   */
  async update(tenantId: string, name: string, changes: DefinitionChanges, actor: Actor): Promise<AttributeDefinition> {
    const wanted = checkedChanges(changes);
    const result = await writeTransaction(this.store, async (trx) => {
      const row = await this.find(trx, tenantId, name);
      const before = definitionOf(row);
      const diff = changesOf(before, wanted);
      if (Object.keys(diff).length === 0) return { definition: before, changed: false };
      if (diff.type || diff.multiValued) {
        const holders = await countValues(trx, this.store.jsonEdit, this.valuesOf(tenantId, row.name));
        if (holders > 0) {
          throw diff.type
            ? new AdminError('conflict', 'typeInUse', {
                name: row.name,
                from: before.type,
                to: diff.type.to,
                count: holders,
              })
            : new AdminError('conflict', diff.multiValued?.to ? 'multiValuedInUse' : 'singleValuedInUse', {
                name: row.name,
                count: holders,
              });
        }
      }
      const updated: DefinitionRow = {
        ...row,
        type: wanted.type ?? row.type,
        multi_valued: flag(wanted.multiValued, row.multi_valued),
        required: flag(wanted.required, row.required),
        case_exact: flag(wanted.caseExact, row.case_exact),
        mutability: wanted.mutability ?? row.mutability,
        description: wanted.description ?? row.description,
        deprecated: flag(wanted.deprecated, row.deprecated),
        updated_at: nowIso(),
      };
      await trx.updateTable('attribute_definitions').set(updated).where('id', '=', row.id).execute();
      await this.audit(trx, tenantId, actor, 'attribute.changed', row, { ...this.named(row), changes: diff });
      return { definition: definitionOf(updated), changed: true };
    });
    if (result.changed) this.onChange(tenantId);
    return result.definition;
  }

  /** Marks an attribute deprecated (or, with `false`, no longer): see {@link update}. */
  deprecate(tenantId: string, name: string, actor: Actor, deprecated = true): Promise<AttributeDefinition> {
    return this.update(tenantId, name, { deprecated }, actor);
  }

  /**
   * A definition and how many of the tenant's users hold a value of it: what {@link remove}
   * would remove, for a confirmation. It tests every user's document (as `remove` does),
   * so it is for one attribute before a removal, not for every page.
   *
   * @throws AdminError `not_found`.
   * @example (await attributes.holders(tenantId, 'badgeNumber')).holders // 12
   */
  async holders(tenantId: string, name: string): Promise<{ definition: AttributeDefinition; holders: number }> {
    const row = /^[A-Za-z][A-Za-z0-9_-]*$/.test(name)
      ? await selectDefinition(this.store.db, tenantId, name)
      : undefined;
    if (!row) throw new AdminError('not_found', 'noAttribute', { name });
    const holders = await countValues(this.store.db, this.store.jsonEdit, this.valuesOf(tenantId, row.name));
    return { definition: definitionOf(row), holders };
  }

  /**
   * Removes a definition and, in the same transaction, its values from every user of the
   * tenant (each such user gets a new version).
   *
   * @throws AdminError `not_found`.
   * @returns the definition removed and how many users held a value
   */
  async remove(
    tenantId: string,
    name: string,
    actor: Actor,
  ): Promise<{ definition: AttributeDefinition; valuesRemoved: number }> {
    const result = await writeTransaction(this.store, async (trx) => {
      const row = await this.find(trx, tenantId, name);
      await trx.deleteFrom('attribute_definitions').where('id', '=', row.id).execute();
      const valuesRemoved = await removeValues(trx, this.store.jsonEdit, this.valuesOf(tenantId, row.name), nowIso());
      await this.audit(trx, tenantId, actor, 'attribute.removed', row, {
        ...this.named(row),
        definition: publicFields(definitionOf(row)),
        valuesRemoved,
      });
      return { definition: definitionOf(row), valuesRemoved };
    });
    this.onChange(tenantId);
    return result;
  }

  private async find(trx: Transaction<Database>, tenantId: string, name: string): Promise<DefinitionRow> {
    const row = /^[A-Za-z][A-Za-z0-9_-]*$/.test(name) ? await selectDefinition(trx, tenantId, name) : undefined;
    if (!row) throw new AdminError('not_found', 'noAttribute', { name });
    return row;
  }

  private valuesOf(tenantId: string, name: string) {
    return { tenantId, urn: this.urn, name };
  }

  private audit<T extends 'attribute.defined' | 'attribute.changed' | 'attribute.removed'>(
    trx: Transaction<Database>,
    tenantId: string,
    actor: Actor,
    type: T,
    row: DefinitionRow,
    details: AuditDetailsByType[T],
  ): Promise<void> {
    return recordAuditEvent(trx, { tenantId, actor, type, targetId: row.id, details });
  }

  /** The attribute an event is about, as every `attribute.*` event records it. */
  private named(row: DefinitionRow): AttributeDetails {
    return { attribute: row.name, schema: this.urn, path: `${this.urn}:${row.name}` };
  }
}

const flag = (wanted: boolean | undefined, current: number): number =>
  wanted === undefined ? current : wanted ? 1 : 0;

function checkedChanges(c: DefinitionChanges): DefinitionChanges {
  return {
    ...c,
    ...(c.type !== undefined ? { type: checkType(c.type) } : {}),
    ...(c.mutability !== undefined ? { mutability: checkMutability(c.mutability) } : {}),
    ...(c.description !== undefined ? { description: checkDescription(c.description) } : {}),
  };
}

function publicFields(d: AttributeDefinition): RecordedDefinition {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = d;
  return rest;
}
