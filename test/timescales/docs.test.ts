import { readFileSync, writeFileSync } from 'node:fs';
import { DOC_PATH, refreshGeneratedSections } from '../../src/timescales/render-doc';

describe('docs/timescales.md', () => {
  it('is current with the rule table and bank holiday list (refresh: UPDATE_DOCS=1 npm test -- test/timescales/docs)', () => {
    const onDisk = readFileSync(DOC_PATH, 'utf8');
    const fresh = refreshGeneratedSections(onDisk);
    if (process.env.UPDATE_DOCS === '1' && fresh !== onDisk) writeFileSync(DOC_PATH, fresh);
    else expect(onDisk).toBe(fresh);
  });
});
