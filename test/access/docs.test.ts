import { readFileSync } from 'node:fs';
import { renderAccessDoc } from '../../src/access/render-doc';
import { buildHubSchema } from '../../src/server/graphql/schema';

it('docs/access.md is generated from the current policy (run `npm run docs:access`)', async () => {
  expect(readFileSync('docs/access.md', 'utf8')).toBe(renderAccessDoc(await buildHubSchema()));
});
