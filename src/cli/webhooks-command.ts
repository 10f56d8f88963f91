import type { Command } from 'commander';
import type { Roster } from '../roster.ts';
import type { WebhookEndpoint } from '../webhooks/webhook-endpoint.ts';
import { cliActor } from './cli-actor.ts';
import { CliError } from './cli-error.ts';
import { printJson, printTable, shortId, shownTime, wholeNumber } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

type TenantOpts = { tenant: string; json?: boolean };

const typesOf = (e: WebhookEndpoint): string => (e.eventTypes === null ? 'all' : e.eventTypes.join(','));
const formatOf = (e: WebhookEndpoint): string =>
  e.format === 'set' ? 'set (RFC 9967 Security Event Tokens)' : 'roster';
const statusOf = (e: WebhookEndpoint): string =>
  e.status === 'enabled'
    ? e.attempts > 0
      ? `retrying (${e.attempts} failed)`
      : 'enabled'
    : `disabled (${e.disabledReason ?? 'manual'})`;

/** Runs an action on one tenant's webhooks. */
const onTenant = <T>(slug: string, run: (roster: Roster, tenantId: string) => Promise<T>): Promise<T> =>
  withRoster(async (roster) => run(roster, (await tenantNamed(roster, slug)).id));

/** `roster webhooks ...`: endpoints that receive the tenant's change feed, signed (docs/events.md#webhooks). */
export function registerWebhooksCommand(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description("endpoints that receive the tenant's change-feed events over HTTPS, signed per Standard Webhooks");

  webhooks
    .command('add <url>')
    .description(
      'add an endpoint; it receives the events committed from now on. Prints its signing secret (whsec_…) once',
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--events <types>', 'comma-separated event types, e.g. user.created,user.deleted (default: all)')
    .option('--description <text>', 'what the endpoint is for')
    .option(
      '--format <format>',
      "roster (Roster's JSON events) or set (RFC 9967 Security Event Tokens, signed HS256 with the secret; user and group events only)",
      'roster',
    )
    .option('--json', 'print one JSON object: secret and the endpoint')
    .action(async (url: string, opts: TenantOpts & { events?: string; description?: string; format: string }) => {
      const { endpoint, secret } = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.webhooks.add(tenantId, {
          url,
          eventTypes: opts.events?.split(',') ?? [],
          description: opts.description,
          format: opts.format,
          actor: cliActor(),
        }),
      );
      if (opts.json) return printJson({ secret, ...endpoint });
      process.stdout.write(
        `Webhook endpoint ${shortId(endpoint.id)} added (tenant ${opts.tenant}); its signing secret, shown only now:\n\n` +
          `  Secret: ${secret}\n` +
          `  URL:    ${endpoint.url}\n` +
          `  Events: ${typesOf(endpoint)}\n` +
          `  Format: ${formatOf(endpoint)}\n` +
          `  Id:     ${endpoint.id}\n`,
      );
    });

  webhooks
    .command('list')
    .description(
      "the tenant's endpoints: URL, event types, format, status, cursor, events pending, last answer (never secrets)",
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of endpoints')
    .action(async (opts: TenantOpts) => {
      const list = await onTenant(opts.tenant, (roster, tenantId) => roster.webhooks.list(tenantId));
      if (opts.json) return printJson(list);
      if (list.length === 0) {
        process.stdout.write(`No webhook endpoints in tenant ${opts.tenant}. Add one: roster webhooks add <url>\n`);
        return;
      }
      printTable(
        ['ID', 'URL', 'EVENTS', 'FORMAT', 'STATUS', 'CURSOR', 'PENDING', 'LAST', 'NEXT TRY', 'DESCRIPTION'],
        list.map((e) => [
          shortId(e.id),
          e.url,
          typesOf(e),
          e.format,
          statusOf(e),
          String(e.cursor),
          String(e.pending),
          e.lastStatus === null ? '-' : String(e.lastStatus),
          shownTime(e.nextAttemptAt),
          e.description,
        ]),
      );
    });

  webhooks
    .command('deliveries <id>')
    .description(
      "an endpoint's latest delivery attempts, newest first: event, outcome, attempt, status, latency, next try",
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--limit <n>', 'how many (1 to 1000)', '50')
    .option('--json', 'print a JSON array of attempts')
    .action(async (id: string, opts: TenantOpts & { limit: string }) => {
      const limit = wholeNumber('--limit', opts.limit) ?? 50;
      if (limit < 1 || limit > 1000) throw new CliError('--limit must be a whole number from 1 to 1000');
      const list = await onTenant(opts.tenant, (roster, tenantId) => roster.webhooks.deliveries(tenantId, id, limit));
      if (opts.json) return printJson(list);
      printTable(
        ['AT', 'SEQ', 'EVENT', 'OUTCOME', 'ATTEMPT', 'STATUS', 'MS', 'NEXT TRY', 'ERROR'],
        list.map((d) => [
          shownTime(d.at),
          String(d.seq),
          d.eventType,
          d.outcome,
          String(d.attempt),
          d.responseStatus === null ? '-' : String(d.responseStatus),
          String(d.latencyMs),
          shownTime(d.nextAttemptAt),
          d.error ?? '',
        ]),
      );
    });

  const action = (
    name: string,
    description: string,
    run: (roster: Roster, tenantId: string, id: string) => Promise<WebhookEndpoint>,
    outcome: (e: WebhookEndpoint) => string,
  ) =>
    webhooks
      .command(`${name} <id>`)
      .description(`${description} (the id, or enough of its start to be unique)`)
      .option('--tenant <slug>', 'tenant', 'default')
      .option('--json', 'print the endpoint as a JSON object')
      .action(async (id: string, opts: TenantOpts) => {
        const endpoint = await onTenant(opts.tenant, (roster, tenantId) => run(roster, tenantId, id));
        if (opts.json) return printJson(endpoint);
        process.stdout.write(`Webhook endpoint ${shortId(endpoint.id)} (${endpoint.url}) ${outcome(endpoint)}.\n`);
      });
  action(
    'remove',
    'delete an endpoint and its delivery log',
    (r, t, id) => r.webhooks.remove(t, id, cliActor()),
    () => 'is removed',
  );
  action(
    'disable',
    'stop delivering to an endpoint; its cursor stays',
    (r, t, id) => r.webhooks.disable(t, id, cliActor()),
    (e) => `is disabled at seq ${e.cursor}`,
  );

  webhooks
    .command('enable <id>')
    .description('deliver to an endpoint again: --resume from its cursor (every event it missed) or --skip-to-now')
    .option('--resume', 'send every event after its cursor, in order')
    .option('--skip-to-now', 'send only events committed from now on')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the endpoint as a JSON object')
    .action(async (id: string, opts: TenantOpts & { resume?: boolean; skipToNow?: boolean }) => {
      if (opts.resume === opts.skipToNow) throw new CliError('Say where to start: --resume or --skip-to-now');
      const mode = opts.resume ? 'resume' : 'skip';
      const endpoint = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.webhooks.enable(tenantId, id, mode, cliActor()),
      );
      if (opts.json) return printJson(endpoint);
      process.stdout.write(
        `Webhook endpoint ${shortId(endpoint.id)} is enabled from seq ${endpoint.cursor} (${endpoint.pending} events to send).\n`,
      );
    });

  webhooks
    .command('rotate-secret <id>')
    .description('give an endpoint a new signing secret, printed once; the old one also signs for 24 hours')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print one JSON object: secret and the endpoint')
    .action(async (id: string, opts: TenantOpts) => {
      const { endpoint, secret } = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.webhooks.rotateSecret(tenantId, id, cliActor()),
      );
      if (opts.json) return printJson({ secret, ...endpoint });
      process.stdout.write(
        `New signing secret for webhook endpoint ${shortId(endpoint.id)}, shown only now; save it.\n` +
          `Until ${shownTime(endpoint.previousSecretUntil)} each delivery carries a signature by the old secret too.\n\n` +
          `  Secret: ${secret}\n`,
      );
    });

  webhooks
    .command('replay <id>')
    .description("move an endpoint's cursor back so delivery starts again at a seq or at the first event since a time")
    .option('--from-seq <n>', 'deliver again from this seq (inclusive)')
    .option('--since <time>', 'deliver again from the first event at or after this ISO 8601 time')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the endpoint as a JSON object')
    .action(async (id: string, opts: TenantOpts & { fromSeq?: string; since?: string }) => {
      if ((opts.fromSeq === undefined) === (opts.since === undefined)) {
        throw new CliError('Say where to start: --from-seq <n> or --since <time>');
      }
      const fromSeq = wholeNumber('--from-seq', opts.fromSeq);
      const endpoint = await onTenant(opts.tenant, (roster, tenantId) =>
        roster.webhooks.replay(
          tenantId,
          id,
          fromSeq !== undefined ? { fromSeq } : { since: opts.since ?? '' },
          cliActor(),
        ),
      );
      if (opts.json) return printJson(endpoint);
      process.stdout.write(
        `Webhook endpoint ${shortId(endpoint.id)} replays from seq ${endpoint.cursor + 1} (${endpoint.pending} events to send${endpoint.status === 'disabled' ? '; it is disabled: enable it to send them' : ''}).\n`,
      );
    });

  webhooks
    .command('test <id>')
    .description(
      'send a signed webhook.test event to an endpoint now (a set endpoint: the Shared Signals verification SET) and print the answer (the cursor does not move)',
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print one JSON object: status, error, latencyMs')
    .action(async (id: string, opts: TenantOpts) => {
      const result = await onTenant(opts.tenant, (roster, tenantId) => roster.webhooks.test(tenantId, id));
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      if (opts.json) printJson({ ok, status: result.status, error: result.error, latencyMs: result.latencyMs });
      else {
        process.stdout.write(
          ok
            ? `The endpoint answered ${result.status} in ${result.latencyMs} ms.\n`
            : `The test failed: ${result.error ?? `the endpoint answered ${result.status}`}.\n`,
        );
      }
      if (!ok) process.exitCode = 1;
    });
}
