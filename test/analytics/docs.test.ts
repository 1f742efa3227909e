import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { MEASURES_DOC_PATH, renderMeasuresDoc } from '../../src/analytics/render-doc';

describe('docs/measures.md', () => {
  it('is generated from the measures catalogue (refresh: UPDATE_DOCS=1 npm test -- test/analytics/docs)', () => {
    const fresh = renderMeasuresDoc();
    const onDisk = existsSync(MEASURES_DOC_PATH) ? readFileSync(MEASURES_DOC_PATH, 'utf8') : '';
    if (process.env.UPDATE_DOCS === '1' && fresh !== onDisk) writeFileSync(MEASURES_DOC_PATH, fresh);
    else expect(onDisk).toBe(fresh);
  });
});
