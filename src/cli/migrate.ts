/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrateUp, openOrm } from '../db/orm';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const orm = await openOrm(db.url);
  try {
    const applied = await migrateUp(orm);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'No pending migrations.');
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
