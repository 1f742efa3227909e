/** `npm run retention:review -- [--as-of YYYY-MM-DD]`: lists records past retention (CSV on stdout); deletes nothing. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { openOrm } from '../db/orm';
import { recordsPastRetention, retentionRules } from '../audit/retention';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'as-of': { type: 'string', default: new Date().toISOString().slice(0, 10) } } });
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const orm = await openOrm(db.url);
  try {
    const items = await recordsPastRetention(orm.em.fork() as never, values['as-of']!, retentionRules(config.RETENTION_RULES));
    console.log('record_type,record_id,child_id,retain_until');
    for (const i of items) console.log([i.recordType, i.recordId, i.childId ?? '', i.retainUntil].join(','));
    console.error(`${items.length} record(s) past retention as at ${values['as-of']}; review each — nothing was deleted.`);
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
