import pg from 'pg';

/** Names of the template databases global setup prepares: migrated only, and migrated + demo data. */
export const templateEmpty = (): string => `hub_tpl_empty_${process.env.HUB_TEST_RUN_ID ?? 'x'}`;
export const templateDemo = (): string => `hub_tpl_demo_${process.env.HUB_TEST_RUN_ID ?? 'x'}`;

export function adminUrl(): string {
  const url = process.env.HUB_TEST_ADMIN_URL;
  if (!url) throw new Error('HUB_TEST_ADMIN_URL is unset: run tests through `npm test` (jest globalSetup starts the database).');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database for one test file from a template (a file copy: fast, fully isolated). */
export async function createDatabaseFrom(template: string): Promise<{ name: string; url: string }> {
  const name = `hub_t_${process.env.HUB_TEST_RUN_ID ?? 'x'}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database "${name}" template "${template}"`);
        return;
      } catch (err) {
        // Two files copying the same template at the same instant can collide; retry briefly.
        if (attempt < 20 && /being accessed by other users/.test(String(err))) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw err;
      }
    }
  });
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
}
