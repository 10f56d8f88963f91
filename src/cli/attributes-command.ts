import type { Command } from 'commander';
import {
  CUSTOM_ATTRIBUTE_TYPES,
  CUSTOM_MUTABILITIES,
  type AttributeDefinition,
  type DefinitionChanges,
} from '../attributes/attribute-definition.ts';
import type { Roster } from '../roster.ts';
import { cliActor } from './cli-actor.ts';
import { printJson, printTable, shownTime } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

type Opts = { tenant: string; json?: boolean };
type AddOpts = Opts & {
  type: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  description?: string;
};
type UpdateOpts = Opts & Omit<DefinitionChanges, 'type'> & { type?: string };

/** A definition as `--json` prints it: with the schema URN and the path IdPs write. */
const viewOf = (urn: string, d: AttributeDefinition) => ({ ...d, schema: urn, path: `${urn}:${d.name}` });

const yes = (b: boolean): string => (b ? 'yes' : 'no');

/** Runs `work` on the tenant `--tenant` names, with the custom schema's URN. */
async function onTenant<T>(
  slug: string,
  work: (roster: Roster, tenantId: string) => Promise<T>,
): Promise<{ result: T; urn: string }> {
  return withRoster(async (roster) => ({
    result: await work(roster, (await tenantNamed(roster, slug)).id),
    urn: roster.attributes.urn,
  }));
}

/** `roster attributes ...`: the custom attributes of a tenant's User extension schema. */
export function registerAttributesCommand(program: Command): void {
  const attributes = program
    .command('attributes')
    .description(
      "custom User attributes of a tenant's extension schema (ROSTER_CUSTOM_SCHEMA_URN): IdPs write them as <urn>:<name>; /Schemas lists them",
    );
  attributes
    .command('list')
    .description('the custom attributes, in the order they were defined')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of definitions (with schema and path)')
    .action(async (opts: Opts) => {
      const { result: list, urn } = await onTenant(opts.tenant, (roster, tenantId) => roster.attributes.list(tenantId));
      if (opts.json) return printJson(list.map((d) => viewOf(urn, d)));
      if (list.length === 0) {
        process.stdout.write(
          `No custom attributes in tenant ${opts.tenant}. Define one: roster attributes add <name> --type <type>\n`,
        );
        return;
      }
      process.stdout.write(`Schema: ${urn}\n`);
      printTable(
        ['NAME', 'TYPE', 'MULTI', 'REQUIRED', 'CASE-EXACT', 'MUTABILITY', 'DEPRECATED', 'UPDATED', 'DESCRIPTION'],
        list.map((d) => [
          d.name,
          d.type,
          yes(d.multiValued),
          yes(d.required),
          yes(d.caseExact),
          d.mutability,
          yes(d.deprecated),
          shownTime(d.updatedAt),
          d.description,
        ]),
      );
    });

  attributes
    .command('add <name>')
    .description(
      'define a custom attribute; the name is a letter, then letters, digits, "_" or "-" (unique in any case)',
    )
    .requiredOption('--type <type>', `the type: ${CUSTOM_ATTRIBUTE_TYPES.join(', ')}`)
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--multi-valued', 'takes an array of values')
    .option('--required', 'every user must have a value (POST and PUT without one get 400)')
    .option('--case-exact', 'filters compare values case-sensitively')
    .option('--mutability <m>', `${CUSTOM_MUTABILITIES.join(', ')}`, 'readWrite')
    .option('--description <text>', 'what the attribute holds; /Schemas shows it')
    .option('--json', 'print the definition as a JSON object (with schema and path)')
    .action(async (name: string, opts: AddOpts) => {
      const { result: d, urn } = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.attributes.define(
          tenantId,
          {
            name,
            type: opts.type,
            multiValued: opts.multiValued === true,
            required: opts.required === true,
            caseExact: opts.caseExact === true,
            ...(opts.mutability !== undefined ? { mutability: opts.mutability } : {}),
            ...(opts.description !== undefined ? { description: opts.description } : {}),
          },
          cliActor(),
        ),
      );
      if (opts.json) return printJson(viewOf(urn, d));
      process.stdout.write(
        `Attribute ${d.name} (${describe(d)}) defined in tenant ${opts.tenant}.\n` +
          `IdPs write it as ${urn}:${d.name}\n`,
      );
    });

  attributes
    .command('update <name>')
    .description('change a definition; the type and multi-valuedness can change only while no user has a value')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--description <text>', 'a new description')
    .option('--type <type>', `a new type: ${CUSTOM_ATTRIBUTE_TYPES.join(', ')}`)
    .option('--multi-valued', 'takes an array of values')
    .option('--no-multi-valued', 'takes one value')
    .option('--required', 'every user must have a value')
    .option('--no-required', 'a value is optional')
    .option('--case-exact', 'filters compare values case-sensitively')
    .option('--no-case-exact', 'filters ignore case')
    .option('--mutability <m>', `${CUSTOM_MUTABILITIES.join(', ')}`)
    .option('--deprecated', 'mark deprecated (as `deprecate` does)')
    .option('--no-deprecated', 'no longer deprecated')
    .option('--json', 'print the definition as a JSON object (with schema and path)')
    .action(async (name: string, opts: UpdateOpts) => {
      const { tenant, json, ...changes } = opts;
      const { result: d, urn } = await onTenant(tenant, (roster, tenantId) =>
        roster.attributes.update(tenantId, name, changes, cliActor()),
      );
      if (json) return printJson(viewOf(urn, d));
      process.stdout.write(`Attribute ${d.name} is ${describe(d)}.\n`);
    });

  attributes
    .command('deprecate <name>')
    .description('mark an attribute deprecated: its values stay and work as before; /Schemas says "Deprecated."')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the definition as a JSON object (with schema and path)')
    .action(async (name: string, opts: Opts) => {
      const { result: d, urn } = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.attributes.deprecate(tenantId, name, cliActor()),
      );
      if (opts.json) return printJson(viewOf(urn, d));
      process.stdout.write(`Attribute ${d.name} is deprecated; its values are kept.\n`);
    });

  attributes
    .command('remove <name>')
    .description(
      'remove an attribute and its values from every user of the tenant (users holding one get a new version)',
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the definition removed, with valuesRemoved (how many users held a value)')
    .action(async (name: string, opts: Opts) => {
      const { result, urn } = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.attributes.remove(tenantId, name, cliActor()),
      );
      if (opts.json) return printJson({ ...viewOf(urn, result.definition), valuesRemoved: result.valuesRemoved });
      const users = new Intl.PluralRules('en').select(result.valuesRemoved) === 'one' ? 'user' : 'users';
      process.stdout.write(
        `Attribute ${result.definition.name} removed; its values were removed from ${result.valuesRemoved} ${users}.\n`,
      );
    });
}

function describe(d: AttributeDefinition): string {
  const flags = [
    d.type,
    d.multiValued ? 'multi-valued' : 'single-valued',
    d.required ? 'required' : 'optional',
    d.caseExact ? 'case-exact' : 'case-insensitive',
    d.mutability,
    ...(d.deprecated ? ['deprecated'] : []),
  ];
  return flags.join(', ');
}
