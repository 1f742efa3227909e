import { runBuildStep } from '../web-bundle/assets';
import { EXPLORER_RECIPE } from './assets';

/**
 * `npm run build` step: bundles the explorer's browser assets into dist/explorer (esbuild, about 3 s),
 * or does nothing when they are already up to date. `--force` rebuilds regardless. Writes only to
 * stderr, so commands such as `npm run token` keep a clean stdout.
 */
runBuildStep(EXPLORER_RECIPE);
