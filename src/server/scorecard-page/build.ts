import { runBuildStep } from '../web-bundle/assets';
import { SCORECARD_PAGE_RECIPE } from './assets';

/**
 * `npm run build` step: bundles the scorecard page's browser assets (client code and Chart.js) into
 * dist/scorecard-page, or does nothing when they are up to date. `--force` rebuilds regardless.
 */
runBuildStep(SCORECARD_PAGE_RECIPE);
