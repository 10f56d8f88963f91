import { loadConfig, publicOriginOf, scimUrlOf } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { buildMetricsServer } from '../http/metrics/metrics-routes.ts';
import { RosterMetrics } from '../http/metrics/roster-metrics.ts';
import { openRoster } from '../roster.ts';
import { redactUrl } from '../shared/redact-url.ts';
import { sqliteFileOf } from '../store/open-store.ts';
import { markServed } from '../store/sqlite-servers.ts';

/** `roster serve`: opens (and migrates) the store and serves until SIGINT/SIGTERM. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const roster = await openRoster({
    databaseUrl: config.databaseUrl,
    customSchemaUrn: config.customSchemaUrn,
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    groupCommit: config.sqliteGroupCommit,
    log: { retentionDays: config.logRetentionDays, maxRows: config.logMaxRows, flushIntervalMs: config.logFlushMs },
    events: { retentionDays: config.eventsRetentionDays },
    secretKey: config.secretKey,
    webhookTargets: { allowHttp: config.webhooksAllowHttp, allowPrivate: config.webhooksAllowPrivate },
    publicOrigin: publicOriginOf(config),
  });
  // Metrics are kept only when someone can read them: a metrics port or a token.
  const metrics =
    config.metricsPort !== undefined || config.metricsToken !== undefined
      ? new RosterMetrics(roster, { maxTenants: config.metricsMaxTenants })
      : undefined;
  const app = await buildApp({
    roster,
    publicUrl: config.publicUrl,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    metrics,
    metricsToken: config.metricsToken,
    tokenLimits: config.tokenLimits,
  });
  roster.events.start((message, err) => app.log.error({ err }, message));
  // Stopped by roster.close(), after the listener and before the store.
  roster.webhookDelivery.start((message, err) => app.log.error({ err }, message));
  roster.plannerStats.start((message, err) => app.log.error({ err }, message));
  const metricsServer =
    metrics && config.metricsPort !== undefined ? await buildMetricsServer(metrics, config.logLevel) : undefined;
  // roster restore refuses a file a live server uses.
  const sqliteFile = sqliteFileOf(config.databaseUrl);
  const unmark = sqliteFile === undefined ? () => undefined : markServed(sqliteFile);
  process.once('exit', unmark);
  let closing = false;
  // In order: /readyz says 503 (load balancers stop sending), the listener closes and
  // in-flight requests finish (for at most the grace period; then their connections are
  // closed), the provisioning log writes what it holds, the pool closes.
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    app.drain();
    const grace = setTimeout(() => {
      app.log.warn('shutdown grace period over: closing the connections of unfinished requests');
      app.server.closeAllConnections();
    }, config.shutdownGraceMs);
    grace.unref();
    try {
      await Promise.all([app.close(), metricsServer?.close()]);
      clearTimeout(grace);
      await roster.close();
      unmark();
      app.log.info('stopped');
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  const metricsAddress = metricsServer
    ? await metricsServer.listen({ port: config.metricsPort, host: config.host })
    : undefined;
  const port = app.server.address();
  const actualPort = typeof port === 'object' && port ? port.port : config.port;
  const scimUrl = scimUrlOf({ ...config, port: actualPort });
  const portalUrl = scimUrl.replace(/\/scim\/v2$/, '/admin');
  // First run: until an account exists, a one-time code lets the first visitor become owner.
  const setupCode = await roster.setup.issueIfNeeded();
  process.stdout.write(
    `Roster is listening on ${address}\n` +
      `  database: ${redactUrl(config.databaseUrl)}\n` +
      `  SCIM base URL: ${scimUrl}\n` +
      `  custom schema: ${config.customSchemaUrn}\n` +
      `  admin portal: ${portalUrl}\n` +
      (metricsAddress
        ? `  metrics: ${metricsAddress}/metrics\n`
        : config.metricsToken
          ? `  metrics: ${address}/metrics (bearer ROSTER_METRICS_TOKEN)\n`
          : '') +
      `  create a token: npx roster tokens create --idp entra\n`,
  );
  if (setupCode) {
    process.stdout.write(
      `\nFirst run: no portal account exists yet. Open ${portalUrl}/setup and enter the one-time setup code\n` +
        `  ${setupCode}\n` +
        `(valid 24 hours; or create an account with: npx roster admins create --email <you> --role owner --password-stdin)\n`,
    );
  }
}
