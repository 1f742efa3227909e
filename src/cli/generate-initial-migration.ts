/**
 * Development tool: writes migrations/Migration20261122000000_schema.ts from the entity metadata
 * (the full CREATE script). Used while the schema has never been released; once a release
 * exists, changes ship as new migrations (`npx mikro-orm migration:create`).
 */
import { writeFileSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/orm';

async function main(): Promise<void> {
  const orm = new MikroORM(ormConfig('postgres://unused@127.0.0.1:1/unused'));
  const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
  const statements = sql
    .split(/;\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const body = statements.map((s) => `    this.addSql(${JSON.stringify(s + ';')});`).join('\n');
  const file = `import { Migration } from '@mikro-orm/migrations';

/** Generated from the entity metadata by src/cli/generate-initial-migration.ts; do not edit by hand. */
export class Migration20261122000000_schema extends Migration {
  override async up(): Promise<void> {
${body}
  }
}
`;
  writeFileSync('migrations/Migration20261122000000_schema.ts', file);
  await orm.close(true);
  console.log(`wrote ${statements.length} statements`);
}
void main();
