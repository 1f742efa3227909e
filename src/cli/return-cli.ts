import { userInfo } from 'node:os';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import type { ReturnCaller } from '../exports/statutory-return';

/** What the statutory-return commands share: the owner's connection, the caller, and how they end. */

/** Runs `fn` on a connection to the hub's database (embedded unless DATABASE_URL is set), closed after. */
export async function withHubDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(), () => undefined);
  const client = new pg.Client({ connectionString: db.url, options: '-c jit=off' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
    await db.stop();
  }
}

/** The person at the terminal, for the return's audit row. */
export const cliCaller = (operation: string, agencyCode: string | undefined): ReturnCaller => ({ subject: `cli:${userInfo().username}`, agencyCode, operation });

/** Runs a command's main: its exit code, or the error's message and 1. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
