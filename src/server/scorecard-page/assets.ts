import { join } from 'node:path';
import { entryPointOf, outputName, type BundleManifest, type BundleRecipe } from '../web-bundle/assets';

/**
 * The scorecard page's browser assets: its client code and Chart.js (tree-shaken to the line chart),
 * bundled by esbuild into dist/scorecard-page with the explorer's machinery (../web-bundle/assets.ts):
 * content-hashed files, a manifest, built by `npm run build` or on first request when stale.
 */
export const SCORECARD_PAGE_RECIPE: BundleRecipe<BundleManifest> = {
  label: 'scorecard page',
  /** Bump when the recipe below changes, so existing bundles are rebuilt. */
  recipe: 'scorecard-page-assets/1',
  clientPath: ['src', 'server', 'scorecard-page', 'client'],
  outPath: ['dist', 'scorecard-page'],
  packages: ['chart.js', '@kurkle/color', 'esbuild'],
  async bundle(esbuild, common, { clientDir }) {
    const page = await esbuild.build({
      ...common,
      entryPoints: { scorecard: join(clientDir, 'scorecard.mts') },
      format: 'esm',
      publicPath: '/scorecard/assets',
    });
    const meta = page.metafile!;
    const entry = entryPointOf(meta) ?? /scorecard\.mts$/;
    return { fields: { entry: { js: outputName(meta, entry, '.js'), css: outputName(meta, entry, '.css') } }, metafiles: [meta] };
  },
};
