import 'reflect-metadata';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../modules/registry';
import type { EntityMetadata } from '@mikro-orm/core';
import { applyRowScope } from '../access/row-scope';
import { migrationsList } from '../../migrations';
import pg from 'pg';
import { rebuildFacts } from '../analytics/facts';
import { installDeliveryQueue } from '../delivery/queue';

export type Orm = MikroORM;

/**
 * Settings of every hub session. JIT off: the hub's statements are short, but some plans (scorecard facts
 * refreshed at commit, the live measures) are estimated above jit_above_cost, and compiling them took
 * seconds per write on a stock PostgreSQL (createChild took 4 s against a Debian server, 35 ms with JIT off).
 */
const SESSION_OPTIONS = '-c jit=off';

/** The ORM configuration for a connection URL; the CLI config (mikro-orm.config.ts) uses the same. */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      path: 'migrations',
      pathTs: 'migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Relations are loaded through per-request DataLoaders; nothing is lazily fetched behind our back.
    forceUndefined: false,
    // Loaders query each relation themselves (with the filters); no hidden joins to check a parent's filters.
    autoJoinRefsForFilters: false,
    filtersOnRelations: false,
    discovery: { warnWhenNoEntities: true, onMetadata: applyRecordConventions, afterDiscovered: applyRowScope },
    pool: { min: 0, max: 10 },
    driverOptions: { options: SESSION_OPTIONS },
    debug: false,
    ...overrides,
  });
}

/**
 * Conventions for every shared record (entities extending HubRecord): provenance is unique per agency,
 * and soft-deleted rows are filtered out by default.
 */
function applyRecordConventions(meta: EntityMetadata): void {
  const props = meta.properties as Record<string, unknown>;
  if (!props.sourceRecordId || !props.owningAgency || !props.deletedAt) return;
  meta.uniques.push({ properties: ['owningAgency', 'sourceSystem', 'sourceRecordId'] as never });
  meta.filters.notDeleted = { name: 'notDeleted', cond: { deletedAt: null }, default: true };
}

/**
 * Pool settings from configuration. `connectionTimeoutMillis` bounds both opening a connection and
 * waiting for a free one (pg-pool applies it to its queue), so an exhausted pool or an unreachable
 * server is answered fast (503) instead of leaving requests hanging.
 */
export function poolOptions(config: { DB_POOL_SIZE: number; DB_POOL_ACQUIRE_TIMEOUT_MS: number }): Partial<Options> {
  return { pool: { min: 0, max: config.DB_POOL_SIZE }, driverOptions: { options: SESSION_OPTIONS, connectionTimeoutMillis: config.DB_POOL_ACQUIRE_TIMEOUT_MS } };
}

export async function openOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormConfig(clientUrl, overrides));
}

export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((m) => m.name);
}

/**
 * Applies pending migrations, then brings the scorecard facts in line with the measures the code declares
 * (definitions, maintenance triggers, and a build of every measure whose SQL changed: all of them on a
 * new database, none when nothing changed), on its own connection as the migrating role.
 */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const done = await orm.migrator.up();
  // The job queue that delivers the outbox keeps its own schema, versioned by the library.
  await installDeliveryQueue(orm.config.get('clientUrl')!);
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    await rebuildFacts(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[], orm.getMetadata());
  } finally {
    await client.end();
  }
  return done.map((m) => m.name);
}
