import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { EmbeddedPostgresError, freePort, packagedBinaries, startEmbeddedPostgres } from '../../src/db/embedded';
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

  it('applies migrations with AUTO_MIGRATE=true, seeds on request (named demo plus generated children), serves, and stops cleanly', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir(), AUTO_MIGRATE: 'true', SEED_DEMO: 'true', DEMO_GENERATED_CHILDREN: '300' });
    const running = await startHub(config, createLogger('silent'));
    try {
      const ready = await fetch(`${running.address}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const em = running.orm.em.fork();
      const agencies = await em.execute('select count(*)::int as n from agency');
      expect(agencies[0]!.n).toBeGreaterThan(0);
      // The named demo's children and the generated ones, with their scorecard facts.
      const [children] = await em.execute('select count(*)::int as n from child');
      expect(children!.n).toBeGreaterThanOrEqual(300 + 60);
      const [facts] = await em.execute('select count(*)::int as n from analytics_fact');
      expect(facts!.n).toBeGreaterThan(0);
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

// Run as root, PostgreSQL runs as the `postgres` user, which cannot enter a private (0700) folder such as
// root's home: a checkout there used to die with `spawn initdb EACCES`. Only root can play this out.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
asRoot('embedded PostgreSQL from a checkout in a private folder (run as root)', () => {
  let privateDir: string;
  let binaries: { nativeDir: string; version: string };
  const caches: string[] = [];
  beforeAll(() => {
    privateDir = mkdtempSync(join(tmpdir(), 'hub-private-checkout-'));
    chmodSync(privateDir, 0o700);
    // The binaries as a checkout in that folder would hold them; a version of its own keeps the cache apart.
    binaries = { nativeDir: join(privateDir, 'node_modules', 'native'), version: `test-${process.pid}-${Date.now().toString(36)}` };
    cpSync(packagedBinaries().nativeDir, binaries.nativeDir, { recursive: true, verbatimSymlinks: true });
    caches.push(join(tmpdir(), `hub-embedded-pg-${binaries.version}`));
  });
  afterAll(() => {
    for (const dir of [privateDir, ...caches]) rmSync(dir, { recursive: true, force: true });
  });

  it('copies the binaries to a cache the postgres user reaches, keeps the cluster within its reach, and serves; a restart finds the same data', async () => {
    const dataDir = join(privateDir, '.data', 'pg');
    const notices: string[] = [];
    const start = async () => startEmbeddedPostgres({ dataDir, port: await freePort(), binaries, notice: (l) => notices.push(l) });
    let db = await start();
    try {
      const client = new (require('pg').Client)({ connectionString: db.url });
      await client.connect();
      await client.query(`create table kept (n int); insert into kept values (42)`);
      await client.end();
    } finally {
      await db.stop();
    }
    expect(notices).toEqual([expect.stringMatching(/copying the PostgreSQL binaries to .*hub-embedded-pg-test-/), expect.stringMatching(/cannot reach .*\.data\/pg; the cluster is kept in /)]);
    expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    caches.push(require('node:fs').realpathSync(dataDir));

    db = await start();
    try {
      const client = new (require('pg').Client)({ connectionString: db.url });
      await client.connect();
      expect((await client.query('select n from kept')).rows).toEqual([{ n: 42 }]);
      await client.end();
    } finally {
      await db.stop();
    }
  });

  it('starts afresh after the data folder (the link) is deleted, leaving the earlier cluster where it was', async () => {
    const dataDir = join(privateDir, '.data', 'pg');
    // The previous test left a relocated cluster behind this link; deleting the folder is how a user resets.
    const earlier = require('node:fs').realpathSync(dataDir);
    require('node:fs').rmSync(join(privateDir, '.data'), { recursive: true, force: true });
    const notices: string[] = [];
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), binaries, notice: (l) => notices.push(l) });
    try {
      const client = new (require('pg').Client)({ connectionString: db.url });
      await client.connect();
      expect((await client.query(`select to_regclass('kept') is null as fresh`)).rows).toEqual([{ fresh: true }]);
      await client.end();
    } finally {
      await db.stop();
    }
    const now = require('node:fs').realpathSync(dataDir);
    caches.push(now);
    expect(now).not.toBe(earlier);
    expect(existsSync(join(earlier, 'PG_VERSION'))).toBe(true);
    expect(notices).toContainEqual(expect.stringMatching(/an earlier cluster for .* is left in /));
  });

  it('says in one line why and what to do when even the cache is out of reach', async () => {
    // The cache would land in the private folder too (as with TMPDIR pointing into it).
    const failure = startEmbeddedPostgres({ dataDir: join(privateDir, 'other', 'pg'), port: await freePort(), binaries, cacheRoot: privateDir });
    await expect(failure).rejects.toThrow(EmbeddedPostgresError);
    const message = await failure.catch((e: Error) => e.message);
    expect(message).toMatch(/^The postgres user cannot execute the PostgreSQL binaries in .* nor in a copy in .*; set TMPDIR to a folder every user can reach, or set DATABASE_URL/);
    expect(message).not.toContain('\n');
  });
});
