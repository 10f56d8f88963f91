import type { Command } from 'commander';
import { idpOption } from './idp-option.ts';
import { CliError } from './cli-error.ts';
import { printJson, printTable, shortId, shownTime, wholeNumber } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

interface LogOpts {
  tenant: string;
  connection?: string;
  idp?: string;
  errors?: boolean;
  search?: string;
  since?: string;
  until?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/** `roster log list`: the provisioning log, one entry per SCIM request. */
export function registerLogCommand(program: Command): void {
  program
    .command('log')
    .description('the provisioning log: one entry per SCIM request (no bodies, no secrets)')
    .command('list')
    .description('entries newest first, a page at a time (--cursor for the next)')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--connection <id>', 'requests of this connection (the id, or a unique start of it)')
    .option('--idp <kind>', 'requests from this kind of identity provider')
    .option('--errors', 'only requests answered with status 400 or above')
    .option(
      '--search <text>',
      'entries whose path, userName, displayName, resource id, error detail or request id contains this (any case)',
    )
    .option('--since <iso>', 'from this time on (inclusive), e.g. 2026-01-02 or 2026-01-02T10:00:00Z')
    .option('--until <iso>', 'before this time (exclusive)')
    .option('--limit <n>', 'entries per page, 1 to 1000 (default 50)')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--json', 'print one JSON object: { entries, nextCursor, searchedBackTo }')
    .action(async (opts: LogOpts) => {
      const limit = wholeNumber('--limit', opts.limit);
      await withRoster(async (roster) => {
        const tenant = await tenantNamed(roster, opts.tenant);
        let connectionId: string | undefined;
        if (opts.connection !== undefined) {
          const prefix = opts.connection.trim().toLowerCase();
          const matches = (await roster.connections.list(tenant.id, '')).filter((c) => c.id.startsWith(prefix));
          if (matches.length !== 1 || prefix === '') {
            throw new CliError(
              matches.length === 0
                ? `No connection "${opts.connection}"`
                : `"${opts.connection}" matches more than one connection; give more of the id`,
            );
          }
          connectionId = matches[0]?.id;
        }
        const page = await roster.provisioningLog.query({
          tenantId: tenant.id,
          connectionId,
          idpKind: idpOption(opts.idp),
          errorsOnly: opts.errors,
          text: opts.search,
          since: opts.since,
          until: opts.until,
          limit,
          cursor: opts.cursor,
        });
        if (opts.json) return printJson(page);
        const searched = page.searchedBackTo
          ? `\nSearched back to ${shownTime(page.searchedBackTo)}; older entries may match: add --cursor ${page.nextCursor}\n`
          : undefined;
        if (page.entries.length === 0) {
          process.stdout.write(`No provisioning log entries match.\n${searched ?? ''}`);
          return;
        }
        printTable(
          ['AT', 'IDP', 'METHOD', 'PATH', 'STATUS', 'MS', 'RESOURCE', 'DETAIL'],
          page.entries.map((e) => [
            shownTime(e.at),
            e.idpKind,
            e.method,
            e.path.length > 60 ? `${e.path.slice(0, 59)}…` : e.path,
            e.scimType ? `${e.status} ${e.scimType}` : String(e.status),
            e.durationMs.toFixed(1),
            [e.resourceType, e.resourceId ? shortId(e.resourceId) : null, e.userName ?? e.displayName]
              .filter(Boolean)
              .join(' ') || '-',
            [
              e.detail,
              e.ignored.length > 0 ? `ignored: ${e.ignored.join('; ')}` : null,
              e.requestId ? `request ${e.requestId}` : null,
            ]
              .filter(Boolean)
              .join('; ') || '-',
          ]),
        );
        if (searched) process.stdout.write(searched);
        else if (page.nextCursor) process.stdout.write(`\nMore: add --cursor ${page.nextCursor}\n`);
      });
    });
}
