import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { HubConfig } from '../config';
import { openDatabase, type DatabaseHandle } from '../db/database';
import { migrateUp, openOrm, pendingMigrations, poolOptions } from '../db/orm';
import { startDeliveryWorker } from '../delivery/queue';
import { seedDemoIfEmpty } from '../../seeds/demo';
import { loadGeneratedPartnership } from '../../seeds/generate';

/** The demo's generated children are the same on every machine. */
const DEMO_GENERATION_SEED = 20261101;
import { createAuthenticator } from './auth';
import { createHub, type Hub } from './app';

export class PendingMigrationsError extends Error {
  override name = 'PendingMigrationsError';
  constructor(readonly pending: string[]) {
    super(`The database has ${pending.length} pending migration(s) (${pending.join(', ')}). Run "npm run migrate" first, or start with AUTO_MIGRATE=true.`);
  }
}

export interface RunningHub {
  hub: Hub;
  orm: MikroORM;
  db: DatabaseHandle;
  address: string;
  /** Drains in-flight requests, closes the pool, stops the embedded database. */
  stop(): Promise<void>;
}

/**
 * Start-up order: database (embedded unless DATABASE_URL), migrations (always on the embedded
 * database; with DATABASE_URL only when AUTO_MIGRATE=true, otherwise refuse to start with pending
 * ones), demo data into an empty database, then HTTP.
 */
export async function startHub(config: HubConfig, logger: Logger): Promise<RunningHub> {
  const db = await openDatabase(
    config,
    (line) => logger.debug({ component: 'embedded-postgres' }, line),
    (line) => logger.warn({ component: 'embedded-postgres' }, line),
  );
  let orm: MikroORM | undefined;
  try {
    orm = await openOrm(db.url, poolOptions(config));
    if (config.embeddedDatabase || config.AUTO_MIGRATE === true) {
      const applied = await migrateUp(orm);
      if (applied.length) logger.info({ applied }, 'applied migrations');
    } else {
      const pending = await pendingMigrations(orm);
      if (pending.length) throw new PendingMigrationsError(pending);
    }
    const seed = config.SEED_DEMO ?? (config.embeddedDatabase && config.NODE_ENV === 'development');
    if (seed && (await seedDemoIfEmpty(orm))) {
      logger.info('loaded the demo partnership into the empty database');
      // The named demo is a few dozen children: too few for a scorecard (most cells are 1-4 and withheld),
      // a return or an export to show anything. Deterministic generated children join them, once.
      if (config.DEMO_GENERATED_CHILDREN > 0) {
        const generated = await loadGeneratedPartnership(db.url, config.DEMO_GENERATED_CHILDREN, { seed: DEMO_GENERATION_SEED });
        logger.info({ children: config.DEMO_GENERATED_CHILDREN, ms: generated.ms, factsMs: generated.factsMs }, 'added generated children to the demo partnership');
      }
    }

    const hub = await createHub({ config, orm, logger, authenticate: await createAuthenticator(config) });
    const address = await hub.app.listen({ host: config.HOST, port: config.PORT });
    // The outbox is delivered from here; what a crash interrupts is picked up at the next start.
    const delivery = config.DELIVERY_WORKER ? await startDeliveryWorker(db.url, { maxAttempts: config.WEBHOOK_MAX_ATTEMPTS, log: (level, message) => (level === 'error' || level === 'warning' ? logger.warn({ component: 'delivery' }, message) : logger.debug({ component: 'delivery' }, message)) }) : null;
    const opened = orm;
    return {
      hub,
      orm: opened,
      db,
      address,
      async stop() {
        await delivery?.stop();
        await hub.app.close();
        await opened.close(true);
        await db.stop();
      },
    };
  } catch (err) {
    await orm?.close(true).catch(() => undefined);
    await db.stop().catch(() => undefined);
    throw err;
  }
}
