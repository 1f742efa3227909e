import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_schema } from './Migration20261122000000_schema';

/** Every migration, in order. Listed explicitly so compiled and ts-jest runs discover the same set. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000000_schema', class: Migration20261122000000_schema },
];
