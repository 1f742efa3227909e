/** `npm run schema:emit`: writes schema/schema.graphql from the code (test/schema checks it is current). */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildHubSchema, printHubSchema } from '../server/graphql/schema';

async function main(): Promise<void> {
  const sdl = printHubSchema(await buildHubSchema());
  mkdirSync('schema', { recursive: true });
  writeFileSync('schema/schema.graphql', sdl);
  console.log(`schema/schema.graphql written (${sdl.split('\n').length} lines)`);
}
void main();
