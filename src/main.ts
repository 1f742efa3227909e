import { ConfigError, loadConfig, type HubConfig } from './config';
import { EmbeddedPostgresError } from './db/embedded';
import { loadDevSigningKey, signDevToken } from './server/auth';
import { createLogger } from './server/logger';
import { PERSONAS } from './server/personas';
import { PendingMigrationsError, startHub } from './server/startup';

/** `npm start`: starts the hub and tells a newcomer how to make a first call. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startHub(config, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    setTimeout(() => {
      logger.error('drain timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    await running.stop();
    logger.info('stopped');
    process.exit(0);
  };
  // src/db/embedded.ts registers a SIGTERM/SIGINT hook that stops PostgreSQL and exits at once,
  // which would cut in-flight requests; our stop() drains first and then stops the embedded server.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await printBanner(config, running.address);
}

async function printBanner(config: HubConfig, address: string): Promise<void> {
  const base = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
  const lines = [
    '',
    'Safeguarding Partnership Data Hub is running.',
    `  GraphQL endpoint : ${base}/graphql`,
    `  Explorer         : ${base}/explorer${config.developmentAuth ? '  (pick a demo persona at the top; it sets the Authorization header)' : ''}`,
    `  Scorecard        : ${base}/scorecard`,
    `  Bulk export (BI) : ${base}/exports/analytics  (bi-service or board-analyst token; NDJSON or CSV per view)`,
    `  Health           : ${base}/healthz   Readiness: ${base}/readyz`,
  ];
  if (config.developmentAuth) {
    const { privateJwk } = await loadDevSigningKey(config.DATA_DIR);
    lines.push('', 'Development tokens for the demo personas (valid 8 hours; more with: npm run token -- --persona <name>):');
    for (const persona of PERSONAS) {
      const token = await signDevToken(privateJwk, config.AUTH_AUDIENCE, persona.claims);
      lines.push(`  ${persona.name.padEnd(20)} ${persona.title}`, `    ${token}`);
    }
    lines.push(
      '',
      'First call, as the social worker:',
      `  TOKEN=$(npm run --silent token -- --persona social-worker)`,
      `  curl -s ${base}/graphql -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ viewer { subject agencyCode roles } agencies { name kind } }"}'`,
      `Or open ${base}/explorer in a browser. Stop with Ctrl+C.`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  // Known start-up failures get their one clear line; anything else says what failed.
  if (err instanceof ConfigError || err instanceof EmbeddedPostgresError || err instanceof PendingMigrationsError) console.error(err.message);
  else console.error(`The hub failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
