/** `npm run docs:access`: writes docs/access.md from the policy (a test fails when it is stale). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { renderAccessDoc } from '../access/render-doc';
import { buildHubSchema } from '../server/graphql/schema';

void buildHubSchema().then((schema) => {
  writeFileSync('docs/access.md', renderAccessDoc(schema));
  console.log('docs/access.md written');
});
