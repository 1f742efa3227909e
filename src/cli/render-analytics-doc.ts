/** `npm run docs:analytics`: writes docs/analytics-views.md from the views' declaration (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { renderAnalyticsViewsDoc } from '../exports/render-doc';

writeFileSync('docs/analytics-views.md', renderAnalyticsViewsDoc());
console.log('docs/analytics-views.md written');
