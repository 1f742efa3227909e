import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError, freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { migrateUp, openOrm } from '../../src/db/orm';
import { seedDemoAgencies, seedDemoPartnership } from '../../seeds/demo';
import { databaseUrl, templateDemo, templateEmpty, withAdmin } from './databases';

/**
 * Starts PostgreSQL once for the run (embedded on a free port, or the server in DATABASE_URL) and
 * prepares two template databases: migrated + demo agencies only, and migrated + the whole demo partnership. Each test file copies one.
 */
export default async function globalSetup(): Promise<void> {
  process.env.HUB_TEST_RUN_ID = `${process.pid}_${Date.now().toString(36)}`;
  let embedded: EmbeddedDatabase | undefined;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const parent = mkdtempSync(join(tmpdir(), 'hub-test-pg-'));
    // Run as root, PostgreSQL runs as the `postgres` user: the cluster folder must be within its reach.
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    try {
      embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, fast: true, notice: (line) => console.warn(`embedded PostgreSQL: ${line}`) });
    } catch (err) {
      if (!(err instanceof EmbeddedPostgresError)) throw err;
      // One line saying why and what to do, not a stack trace.
      console.error(`\nnpm test: ${err.message}`);
      process.exit(1);
    }
    admin = embedded.url;
  }
  process.env.HUB_TEST_ADMIN_URL = admin;
  (globalThis as { __hubEmbedded?: EmbeddedDatabase }).__hubEmbedded = embedded;

  const TEMPLATE_EMPTY = templateEmpty();
  const TEMPLATE_DEMO = templateDemo();
  await withAdmin(async (c) => {
    for (const name of [TEMPLATE_EMPTY, TEMPLATE_DEMO]) {
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.query(`create database "${name}"`);
    }
  });
  for (const [name, seed] of [[TEMPLATE_EMPTY, false], [TEMPLATE_DEMO, true]] as const) {
    const orm = await openOrm(databaseUrl(name), { pool: { min: 0, max: 2 } });
    try {
      await migrateUp(orm);
      await orm.em.fork().transactional((em) => (seed ? seedDemoPartnership(em as never) : seedDemoAgencies(em as never)));
    } finally {
      await orm.close(true);
    }
  }
}
