import type { EmbeddedDatabase } from '../../src/db/embedded';
import { withAdmin } from './databases';

/** Drops this run's databases (on a shared server) and stops the embedded PostgreSQL. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.HUB_TEST_RUN_ID;
  const embedded = (globalThis as { __hubEmbedded?: EmbeddedDatabase }).__hubEmbedded;
  if (!embedded && runId) {
    await withAdmin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname like $2`, [`hub_t_${runId}_%`, `hub_tpl_%_${runId}`]);
      for (const r of rows) await c.query(`drop database if exists "${r.datname}" with (force)`);
    });
  }
  await embedded?.stop();
}
