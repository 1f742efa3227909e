import { join } from 'node:path';
import {
  AssetsUnavailable,
  assetsDirOf,
  buildBundle,
  buildBundleInPlace,
  bundleSourceHash,
  clientDirOf,
  contentTypeOf,
  describeBundle,
  ensureBundle,
  entryPointOf,
  outputName,
  projectRoot,
  type BundleAsset,
  type BundleManifest,
  type BundleRecipe,
  type LoadedBundle,
} from '../web-bundle/assets';

/**
 * The explorer's browser assets: GraphiQL, React and Monaco (with its workers) bundled by esbuild from
 * node_modules into dist/explorer, so the explorer needs no network beyond the hub itself. Building,
 * staleness and loading are shared with the other hub pages (../web-bundle/assets.ts).
 */

export interface ExplorerManifest extends BundleManifest {
  /** File names of Monaco's web workers (classic scripts). */
  workers: { editor: string; json: string; graphql: string };
}

export type ExplorerAsset = BundleAsset;
export type LoadedAssets = LoadedBundle<ExplorerManifest>;
export { AssetsUnavailable as ExplorerAssetsUnavailable, contentTypeOf, projectRoot };

export const EXPLORER_RECIPE: BundleRecipe<ExplorerManifest> = {
  label: 'explorer',
  /** Bump when the recipe below changes, so existing bundles are rebuilt. */
  recipe: 'explorer-assets/1',
  clientPath: ['src', 'server', 'explorer', 'client'],
  outPath: ['dist', 'explorer'],
  packages: ['graphiql', '@graphiql/react', 'monaco-editor', 'monaco-graphql', 'react', 'react-dom', 'esbuild'],
  async bundle(esbuild, common, { clientDir }) {
    const [page, workers] = await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { explorer: join(clientDir, 'explorer.mts') },
        format: 'esm',
        publicPath: '/explorer/assets',
        loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
      }),
      esbuild.build({
        ...common,
        // Resolved like imports, from the project folder (monaco-editor comes with @graphiql/react).
        entryPoints: {
          'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
          'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
          'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
        },
        format: 'iife',
      }),
    ]);
    const pageMeta = page.metafile!;
    const workerMeta = workers.metafile!;
    const entry = entryPointOf(pageMeta) ?? /explorer\.mts$/;
    return {
      fields: {
        entry: { js: outputName(pageMeta, entry, '.js'), css: outputName(pageMeta, entry, '.css') },
        workers: {
          editor: outputName(workerMeta, /editor\.worker\.js$/, '.js'),
          json: outputName(workerMeta, /json\.worker\.js$/, '.js'),
          graphql: outputName(workerMeta, /graphql\.worker\.js$/, '.js'),
        },
      },
      metafiles: [pageMeta, workerMeta],
    };
  },
};

export const clientDir = (root = projectRoot()): string => clientDirOf(EXPLORER_RECIPE, root);
export const assetsDir = (root = projectRoot()): string => assetsDirOf(EXPLORER_RECIPE, root);
export const sourceHash = (root = projectRoot()): string | undefined => bundleSourceHash(EXPLORER_RECIPE, root);
/** Bundles the explorer into `outDir` (created afresh). Needs esbuild and the bundled packages (devDependencies). */
export const buildExplorerAssets = (outDir: string, root = projectRoot()): Promise<ExplorerManifest> => buildBundle(EXPLORER_RECIPE, outDir, root);
export const buildExplorerAssetsInPlace = (root = projectRoot()): Promise<ExplorerManifest> => buildBundleInPlace(EXPLORER_RECIPE, root);
/** Current assets, building them when missing or stale (if esbuild is there to do it). */
export const ensureExplorerAssets = (log?: { warn(obj: object, msg: string): void }): Promise<LoadedAssets> => ensureBundle(EXPLORER_RECIPE, log);
export const describeAssets = (root = projectRoot()): { dir: string; manifest?: ExplorerManifest } => describeBundle(EXPLORER_RECIPE, root);
