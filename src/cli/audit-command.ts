import type { Command } from 'commander';
import { AUDIT_CSV_HEADER, auditCsvRow } from '../audit/audit-csv.ts';
import { AUDIT_EVENT_TYPES } from '../audit/audit-event-type.ts';
import type { AuditQuery } from '../audit/audit-service.ts';
import { idpOption } from './idp-option.ts';
import { printJson, printTable, shortId, shownTime, wholeNumber } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

interface AuditOpts {
  tenant: string;
  since?: string;
  until?: string;
  type?: string;
  idp?: string;
  actor?: string;
  request?: string;
  limit?: string;
  cursor?: string;
  csv?: boolean;
  json?: boolean;
}

/** `roster audit list`: who did what to which token, connection, attribute or tenant. */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('the audit history: token, connection, attribute, sign-in and tenant events')
    .command('list')
    .description('events newest first, a page at a time (--cursor for the next); --csv exports every match')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--since <iso>', 'from this time on (inclusive), e.g. 2026-01-02 or 2026-01-02T10:00:00Z')
    .option('--until <iso>', 'before this time (exclusive)')
    .option('--type <types>', `event types, comma-separated: ${AUDIT_EVENT_TYPES.join(', ')}`)
    .option('--idp <kind>', 'events about this kind of identity provider')
    .option(
      '--actor <actor>',
      'cli, admin or system for every actor of that kind, or one actor: cli:<user>, admin:<email>',
    )
    .option('--request <id>', 'the events one HTTP request caused (its X-Request-Id)')
    .option('--limit <n>', 'events per page, 1 to 1000 (default 50); with --csv, the most to export (default: all)')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option(
      '--csv',
      'print RFC 4180 CSV with a header line: at, type, actor, target_type, target_id, idp_kind, idp, connection, token_name, details',
    )
    .option('--json', 'print one JSON object: { events, nextCursor }')
    .action(async (opts: AuditOpts) => {
      const limit = wholeNumber('--limit', opts.limit);
      await withRoster(async (roster) => {
        const tenant = await tenantNamed(roster, opts.tenant);
        const query: AuditQuery = {
          tenantId: tenant.id,
          since: opts.since,
          until: opts.until,
          types: opts.type
            ?.split(',')
            .map((t) => t.trim())
            .filter((t) => t !== ''),
          idpKind: idpOption(opts.idp),
          actor: opts.actor,
          requestId: opts.request,
        };
        if (opts.csv) {
          let out = AUDIT_CSV_HEADER;
          let n = 0;
          for await (const event of roster.audit.all({ ...query, ...(opts.cursor ? { cursor: opts.cursor } : {}) })) {
            if (limit !== undefined && n >= limit) break;
            out += auditCsvRow(event);
            n++;
            if (out.length > 65_536) {
              process.stdout.write(out);
              out = '';
            }
          }
          process.stdout.write(out);
          return;
        }
        const page = await roster.audit.list({ ...query, limit, cursor: opts.cursor });
        if (opts.json) return printJson(page);
        if (page.events.length === 0) {
          process.stdout.write('No audit events match.\n');
          return;
        }
        printTable(
          ['AT', 'TYPE', 'ACTOR', 'IDP', 'TARGET', 'DETAILS'],
          page.events.map((e) => [
            shownTime(e.at),
            e.type,
            e.actor,
            typeof e.details.idp === 'string' ? e.details.idp : '-',
            e.targetId ? `${e.targetType} ${shortId(e.targetId)}` : e.targetType,
            Object.entries(e.details)
              .filter(([k]) => k !== 'idp' && k !== 'idpKind')
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .concat(e.requestId ? [`request=${e.requestId}`] : [])
              .join(' '),
          ]),
        );
        if (page.nextCursor) process.stdout.write(`\nMore: add --cursor ${page.nextCursor}\n`);
      });
    });
}
