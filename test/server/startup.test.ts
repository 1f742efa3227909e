import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { EmbeddedPostgresError, freePort, startEmbeddedPostgres } from '../../src/db/embedded';
import { createLogger } from '../../src/server/logger';
import { PendingMigrationsError, startHub } from '../../src/server/startup';
import { dropDatabase, withAdmin } from '../support/databases';

const dataDir = () => mkdtempSync(join(tmpdir(), 'hub-startup-'));

describe('start-up against DATABASE_URL', () => {
  let name: string;
  let url: string;
  beforeEach(async () => {
    name = `hub_t_${process.env.HUB_TEST_RUN_ID}_boot_${Math.random().toString(36).slice(2, 8)}`;
    await withAdmin((c) => c.query(`create database "${name}"`));
    const u = new URL(process.env.HUB_TEST_ADMIN_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterEach(() => dropDatabase(name));

  it('refuses to start with pending migrations, saying how to apply them', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir() });
    await expect(startHub(config, createLogger('silent'))).rejects.toThrow(PendingMigrationsError);
    await expect(startHub(config, createLogger('silent'))).rejects.toThrow(/npm run migrate/);
    // Nothing was applied: no hub table exists.
    const client = new (require('pg').Client)({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`);
    await client.end();
    expect(rows).toEqual([]);
  });

  it('applies migrations with AUTO_MIGRATE=true, seeds on request, serves, and stops cleanly', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir(), AUTO_MIGRATE: 'true', SEED_DEMO: 'true' });
    const running = await startHub(config, createLogger('silent'));
    try {
      const ready = await fetch(`${running.address}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const agencies = await running.orm.em.fork().execute('select count(*)::int as n from agency');
      expect(agencies[0]!.n).toBeGreaterThan(0);
    } finally {
      await running.stop();
    }
    await expect(fetch(`${running.address}/healthz`)).rejects.toThrow();
  });
});

describe('embedded PostgreSQL start failures are explained', () => {
  it('names the port when it is taken', async () => {
    const port = await freePort();
    const blocker = require('node:net').createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(dataDir(), 'pg'), port })).rejects.toThrow(new RegExp(`Port ${port} is already in use.*EMBEDDED_PG_PORT`));
    } finally {
      blocker.close();
    }
  });

  it('explains a non-empty data folder that holds no cluster', async () => {
    const dir = join(dataDir(), 'pg');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stray.txt'), 'x');
    await expect(startEmbeddedPostgres({ dataDir: dir, port: await freePort() })).rejects.toThrow(EmbeddedPostgresError);
    await expect(startEmbeddedPostgres({ dataDir: dir, port: await freePort() })).rejects.toThrow(/not empty but holds no PostgreSQL cluster/);
  });
});
