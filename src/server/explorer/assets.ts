import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Esbuild from 'esbuild';

/**
 * The explorer's browser assets: GraphiQL, React and Monaco (with its workers) bundled by esbuild from
 * node_modules into dist/explorer, so the explorer needs no network beyond the hub itself.
 *
 * `npm run build` bundles them (src/server/explorer/build.ts). When they are missing or older than the
 * client source (tests, a plain `tsc`), the first explorer request bundles them (a few seconds) if
 * esbuild is installed; file names carry a content hash, so browsers may cache them for good.
 */

/** Bump when the recipe below changes, so existing bundles are rebuilt. */
const RECIPE = 'explorer-assets/1';
/** Packages whose version changes the bundle. */
const BUNDLED_PACKAGES = ['graphiql', '@graphiql/react', 'monaco-editor', 'monaco-graphql', 'react', 'react-dom', 'esbuild'];

export interface ExplorerManifest {
  recipe: string;
  sourceHash: string;
  builtAt: string;
  /** File names (in the assets folder) of the page's script and style sheet. */
  entry: { js: string; css: string };
  /** File names of Monaco's web workers (classic scripts). */
  workers: { editor: string; json: string; graphql: string };
  /** Every servable file; `gzip` when a precompressed `<name>.gz` sits beside it. */
  files: { name: string; gzip: boolean }[];
}

export interface ExplorerAsset {
  body: Buffer;
  gzip?: Buffer;
  contentType: string;
}

export interface LoadedAssets {
  manifest: ExplorerManifest;
  files: Map<string, ExplorerAsset>;
}

export class ExplorerAssetsUnavailable extends Error {
  override name = 'ExplorerAssetsUnavailable';
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

export function contentTypeOf(name: string): string {
  const ext = /\.[a-z0-9]+$/i.exec(name)?.[0]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

let rootCache: string | undefined;
/** The project folder (holding package.json), from src/ under ts-jest or from dist/src/ once compiled. */
export function projectRoot(): string {
  if (rootCache) return rootCache;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'node_modules')) && basename(dir) !== 'dist') return (rootCache = dir);
    const up = dirname(dir);
    if (up === dir) throw new ExplorerAssetsUnavailable(`cannot find the project folder above ${__dirname}`);
    dir = up;
  }
}

export const clientDir = (root = projectRoot()): string => join(root, 'src', 'server', 'explorer', 'client');
export const assetsDir = (root = projectRoot()): string => join(root, 'dist', 'explorer');

/** Hash of the client source, the recipe and the bundled packages' versions; undefined when the source is not there (a deployment of dist only). */
export function sourceHash(root = projectRoot()): string | undefined {
  const dir = clientDir(root);
  if (!existsSync(dir)) return undefined;
  const h = createHash('sha256').update(RECIPE);
  for (const name of readdirSync(dir).sort()) h.update(`\0${name}\0`).update(readFileSync(join(dir, name)));
  for (const pkg of BUNDLED_PACKAGES) {
    const file = join(root, 'node_modules', pkg, 'package.json');
    const version = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : 'absent';
    h.update(`\0${pkg}@${version}`);
  }
  return h.digest('hex').slice(0, 32);
}

function readManifest(dir: string): ExplorerManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExplorerManifest;
    return m.recipe === RECIPE && m.files.every((f) => existsSync(join(dir, f.name))) ? m : undefined;
  } catch {
    return undefined;
  }
}

function loadEsbuild(): typeof Esbuild | undefined {
  try {
    return require('esbuild') as typeof Esbuild;
  } catch {
    return undefined;
  }
}

function outputName(meta: Esbuild.Metafile, entryPoint: string | RegExp, ext: string): string {
  for (const [file, out] of Object.entries(meta.outputs)) {
    const matches = typeof entryPoint === 'string' ? out.entryPoint === entryPoint : entryPoint.test(out.entryPoint ?? '');
    if (matches && file.endsWith(ext)) return basename(file);
  }
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (ext === '.css' && out.entryPoint === undefined && file.endsWith('.css')) return basename(file);
  }
  throw new Error(`esbuild produced no ${ext} output for ${String(entryPoint)}`);
}

/** Bundles the explorer into `outDir` (created afresh). Needs esbuild and the bundled packages (devDependencies). */
export async function buildExplorerAssets(outDir: string, root = projectRoot()): Promise<ExplorerManifest> {
  const esbuild = loadEsbuild();
  if (!esbuild) throw new ExplorerAssetsUnavailable('esbuild is not installed (it is a devDependency: run npm install)');
  const hash = sourceHash(root);
  if (!hash) throw new ExplorerAssetsUnavailable(`the explorer source is missing (${clientDir(root)})`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const common: Esbuild.BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    write: true,
  };
  const entry = join(clientDir(root), 'explorer.mts');
  // esbuild keeps a service process alive after build(); stop it so a test worker (or the CLI) can exit.
  const [page, workers] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { explorer: entry },
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
  ]).finally(() => esbuild.stop());

  const pageMeta = page.metafile!;
  const workerMeta = workers.metafile!;
  const entryRel = Object.values(pageMeta.outputs).find((o) => o.entryPoint)?.entryPoint;
  const manifest: ExplorerManifest = {
    recipe: RECIPE,
    sourceHash: hash,
    builtAt: new Date().toISOString(),
    entry: { js: outputName(pageMeta, entryRel ?? /explorer\.mts$/, '.js'), css: outputName(pageMeta, entryRel ?? /explorer\.mts$/, '.css') },
    workers: {
      editor: outputName(workerMeta, /editor\.worker\.js$/, '.js'),
      json: outputName(workerMeta, /json\.worker\.js$/, '.js'),
      graphql: outputName(workerMeta, /graphql\.worker\.js$/, '.js'),
    },
    files: [],
  };
  for (const file of [...Object.keys(pageMeta.outputs), ...Object.keys(workerMeta.outputs)]) {
    const name = basename(file);
    const compressible = /\.(js|css|svg|json|ttf)$/.test(name);
    if (compressible) writeFileSync(join(outDir, `${name}.gz`), gzipSync(readFileSync(join(outDir, name)), { level: 9 }));
    manifest.files.push({ name, gzip: compressible });
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Builds into a private folder and moves it into place, so that several processes (Jest workers,
 * a running hub) never see a half-written bundle.
 */
export async function buildExplorerAssetsInPlace(root = projectRoot()): Promise<ExplorerManifest> {
  const target = assetsDir(root);
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const manifest = await buildExplorerAssets(tmp, root);
    const existing = readManifest(target);
    if (existing && existing.sourceHash === manifest.sourceHash) return existing;
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(tmp, target);
    } catch (err) {
      const other = readManifest(target);
      if (other && other.sourceHash === manifest.sourceHash) return other;
      throw err;
    }
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Current assets, building them when missing or stale (if esbuild is there to do it). */
export async function ensureExplorerAssets(log?: { warn(obj: object, msg: string): void }): Promise<LoadedAssets> {
  const root = projectRoot();
  const dir = assetsDir(root);
  const want = sourceHash(root);
  let manifest = readManifest(dir);
  if (!manifest || (want && manifest.sourceHash !== want)) {
    if (loadEsbuild() && want) {
      manifest = await buildExplorerAssetsInPlace(root);
    } else if (manifest) {
      log?.warn({ assets: dir }, 'explorer assets are older than their source and esbuild is not installed; serving them as they are');
    } else {
      throw new ExplorerAssetsUnavailable(`the explorer assets are not built (${dir}); run "npm run build"`);
    }
  }
  const files = new Map<string, ExplorerAsset>();
  for (const f of manifest.files) {
    files.set(f.name, {
      body: readFileSync(join(dir, f.name)),
      gzip: f.gzip && existsSync(join(dir, `${f.name}.gz`)) ? readFileSync(join(dir, `${f.name}.gz`)) : undefined,
      contentType: contentTypeOf(f.name),
    });
  }
  return { manifest, files };
}

/** For the build script: the assets folder, resolved. */
export function describeAssets(root = projectRoot()): { dir: string; manifest?: ExplorerManifest } {
  const dir = resolve(assetsDir(root));
  return { dir, manifest: readManifest(dir) };
}
