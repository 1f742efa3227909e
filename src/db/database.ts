import pg from 'pg';
import type { HubConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { resolve } from 'node:path';

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database "${name.replace(/"/g, '')}"${template ? ` template "${template.replace(/"/g, '')}"` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface DatabaseHandle {
  url: string;
  embedded?: EmbeddedDatabase;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded server with its data kept in DATA_DIR/pg. */
export async function openDatabase(config: HubConfig, log: (line: string) => void, notice?: (line: string) => void): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT, log, notice });
  const url = await ensureDatabase(embedded.url, 'hub');
  return { url, embedded, stop: () => embedded.stop() };
}
