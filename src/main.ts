import { ConfigError, loadConfig, type HubConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { EmbeddedPostgresError } from './db/embedded';
import { migrateUp, openOrm, pendingMigrations } from './db/orm';
import { createAuthenticator, loadDevSigningKey, signDevToken } from './server/auth';
import { createHub } from './server/app';
import { createLogger } from './server/logger';
import { PERSONAS } from './server/personas';
import { seedDemoIfEmpty } from '../seeds/demo';

/** Starts the hub: database (embedded unless DATABASE_URL), migrations, demo data, HTTP. */
async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let db: DatabaseHandle;
  try {
    db = await openDatabase(config, (line) => logger.debug({ component: 'embedded-postgres' }, line));
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const orm = await openOrm(db.url);
  const autoMigrate = config.embeddedDatabase || config.AUTO_MIGRATE === true;
  if (autoMigrate) {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  } else {
    const pending = await pendingMigrations(orm);
    if (pending.length) {
      console.error(`The database has ${pending.length} pending migration(s) (${pending.join(', ')}). Run "npm run migrate" first, or start with AUTO_MIGRATE=true.`);
      await orm.close(true);
      await db.stop();
      process.exit(1);
    }
  }
  const seed = config.SEED_DEMO ?? (config.embeddedDatabase && config.NODE_ENV === 'development');
  if (seed && (await seedDemoIfEmpty(orm))) logger.info('loaded the demo partnership into the empty database');

  const hub = await createHub({ config, orm, logger, authenticate: await createAuthenticator(config) });
  const address = await hub.app.listen({ host: config.HOST, port: config.PORT });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    const timer = setTimeout(() => {
      logger.error('drain timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 5000).unref();
    await hub.app.close();
    await orm.close(true);
    await db.stop();
    clearTimeout(timer);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await printBanner(config, address);
}

async function printBanner(config: HubConfig, address: string): Promise<void> {
  const base = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
  const lines = [
    '',
    'Safeguarding Partnership Data Hub is running.',
    `  GraphQL endpoint : ${base}/graphql`,
    `  Explorer         : ${base}/explorer${config.developmentAuth ? '  (pick a demo persona at the top; it sets the Authorization header)' : ''}`,
    `  Health           : ${base}/healthz   Readiness: ${base}/readyz`,
  ];
  if (config.developmentAuth) {
    const { privateJwk } = await loadDevSigningKey(config.DATA_DIR);
    lines.push('', 'Development tokens (valid 8 hours; make more with: npm run token -- --persona <name>):');
    for (const persona of PERSONAS) {
      const token = await signDevToken(privateJwk, config.AUTH_AUDIENCE, persona.claims);
      lines.push(`  ${persona.name.padEnd(20)} ${persona.title}`, `    ${token}`);
    }
    lines.push(
      '',
      'First call (as the social worker):',
      `  TOKEN=$(npm run --silent token -- --persona social-worker)`,
      `  curl -s ${base}/graphql -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ viewer { subject agencyCode roles } agencies { name kind } }"}'`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`The hub failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
