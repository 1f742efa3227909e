import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Esbuild from 'esbuild';

/**
 * Browser bundles served by the hub itself (the GraphQL explorer, the scorecard page): client code in
 * `src/.../client/` bundled by esbuild from node_modules into `dist/<name>/`, with a manifest naming the
 * content-hashed files, so no page needs a CDN or any host but the hub.
 *
 * `npm run build` bundles them (each bundle's build.ts). When a bundle is missing or older than its
 * client source (tests, a plain `tsc`), the first request bundles it (a few seconds) if esbuild is
 * installed; file names carry a content hash, so browsers may cache them for good.
 */

export interface BundleManifest {
  recipe: string;
  sourceHash: string;
  builtAt: string;
  /** File names (in the assets folder) of the page's script and style sheet. */
  entry: { js: string; css: string };
  /** Every servable file; `gzip` when a precompressed `<name>.gz` sits beside it. */
  files: { name: string; gzip: boolean }[];
}

export interface BundleAsset {
  body: Buffer;
  gzip?: Buffer;
  contentType: string;
}

export interface LoadedBundle<M extends BundleManifest = BundleManifest> {
  manifest: M;
  files: Map<string, BundleAsset>;
}

export class AssetsUnavailable extends Error {
  override name = 'AssetsUnavailable';
}

/** How one bundle is made. `M` is its manifest (the common fields plus its own, e.g. the explorer's workers). */
export interface BundleRecipe<M extends BundleManifest = BundleManifest> {
  /** For messages: "explorer", "scorecard page". */
  label: string;
  /** Bump when the recipe changes, so existing bundles are rebuilt. */
  recipe: string;
  /** Client source folder, from the project folder (hashed to tell when the bundle is stale). */
  clientPath: readonly string[];
  /** Output folder, from the project folder. */
  outPath: readonly string[];
  /** Packages whose version changes the bundle. */
  packages: readonly string[];
  /**
   * Runs esbuild (with `common` options: bundle, minify, hashed names, metafile) into `outDir` and
   * returns the manifest's own fields (entry included) and the metafiles of every build.
   */
  bundle(esbuild: typeof Esbuild, common: Esbuild.BuildOptions, ctx: { root: string; outDir: string; clientDir: string }): Promise<{
    fields: Omit<M, 'recipe' | 'sourceHash' | 'builtAt' | 'files'>;
    metafiles: Esbuild.Metafile[];
  }>;
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
    if (up === dir) throw new AssetsUnavailable(`cannot find the project folder above ${__dirname}`);
    dir = up;
  }
}

export const clientDirOf = <M extends BundleManifest>(r: BundleRecipe<M>, root = projectRoot()): string => join(root, ...r.clientPath);
export const assetsDirOf = <M extends BundleManifest>(r: BundleRecipe<M>, root = projectRoot()): string => join(root, ...r.outPath);

/** Hash of the client source, the recipe and the bundled packages' versions; undefined when the source is not there (a deployment of dist only). */
export function bundleSourceHash<M extends BundleManifest>(r: BundleRecipe<M>, root = projectRoot()): string | undefined {
  const dir = clientDirOf(r, root);
  if (!existsSync(dir)) return undefined;
  const h = createHash('sha256').update(r.recipe);
  for (const name of readdirSync(dir).sort()) h.update(`\0${name}\0`).update(readFileSync(join(dir, name)));
  for (const pkg of r.packages) {
    const file = join(root, 'node_modules', pkg, 'package.json');
    const version = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : 'absent';
    h.update(`\0${pkg}@${version}`);
  }
  return h.digest('hex').slice(0, 32);
}

function readManifest<M extends BundleManifest>(r: BundleRecipe<M>, dir: string): M | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as M;
    return m.recipe === r.recipe && m.files.every((f) => existsSync(join(dir, f.name))) ? m : undefined;
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

/** The output file of an entry point with the given extension (for CSS: the entry's style sheet, else the only one). */
export function outputName(meta: Esbuild.Metafile, entryPoint: string | RegExp, ext: string): string {
  for (const [file, out] of Object.entries(meta.outputs)) {
    const matches = typeof entryPoint === 'string' ? out.entryPoint === entryPoint : entryPoint.test(out.entryPoint ?? '');
    if (matches && file.endsWith(ext)) return basename(file);
  }
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (ext === '.css' && out.entryPoint === undefined && file.endsWith('.css')) return basename(file);
  }
  throw new Error(`esbuild produced no ${ext} output for ${String(entryPoint)}`);
}

/** The entry point (as esbuild names it in the metafile) of a build with one entry. */
export function entryPointOf(meta: Esbuild.Metafile): string | undefined {
  return Object.values(meta.outputs).find((o) => o.entryPoint)?.entryPoint;
}

/** Builds of this process, one after another: each stops esbuild's service when done, which would break a build running beside it. */
let buildQueue: Promise<unknown> = Promise.resolve();

/** Bundles into `outDir` (created afresh). Needs esbuild and the bundled packages (devDependencies). */
export function buildBundle<M extends BundleManifest>(r: BundleRecipe<M>, outDir: string, root = projectRoot()): Promise<M> {
  const run = buildQueue.then(() => buildBundleNow(r, outDir, root));
  buildQueue = run.catch(() => undefined);
  return run;
}

async function buildBundleNow<M extends BundleManifest>(r: BundleRecipe<M>, outDir: string, root: string): Promise<M> {
  const esbuild = loadEsbuild();
  if (!esbuild) throw new AssetsUnavailable('esbuild is not installed (it is a devDependency: run npm install)');
  const hash = bundleSourceHash(r, root);
  if (!hash) throw new AssetsUnavailable(`the ${r.label} source is missing (${clientDirOf(r, root)})`);
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
  // esbuild keeps a service process alive after build(); stop it so a test worker (or the CLI) can exit.
  const { fields, metafiles } = await r.bundle(esbuild, common, { root, outDir, clientDir: clientDirOf(r, root) }).finally(() => esbuild.stop());

  const files: BundleManifest['files'] = [];
  for (const file of metafiles.flatMap((m) => Object.keys(m.outputs))) {
    const name = basename(file);
    const compressible = /\.(js|css|svg|json|ttf)$/.test(name);
    if (compressible) writeFileSync(join(outDir, `${name}.gz`), gzipSync(readFileSync(join(outDir, name)), { level: 9 }));
    files.push({ name, gzip: compressible });
  }
  const manifest = { recipe: r.recipe, sourceHash: hash, builtAt: new Date().toISOString(), ...fields, files } as unknown as M;
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Builds into a private folder and moves it into place, so that several processes (Jest workers,
 * a running hub) never see a half-written bundle.
 */
export async function buildBundleInPlace<M extends BundleManifest>(r: BundleRecipe<M>, root = projectRoot()): Promise<M> {
  const target = assetsDirOf(r, root);
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const manifest = await buildBundle(r, tmp, root);
    const existing = readManifest(r, target);
    if (existing && existing.sourceHash === manifest.sourceHash) return existing;
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(tmp, target);
    } catch (err) {
      const other = readManifest(r, target);
      if (other && other.sourceHash === manifest.sourceHash) return other;
      throw err;
    }
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Current bundle, building it when missing or stale (if esbuild is there to do it). */
export async function ensureBundle<M extends BundleManifest>(r: BundleRecipe<M>, log?: { warn(obj: object, msg: string): void }): Promise<LoadedBundle<M>> {
  const root = projectRoot();
  const dir = assetsDirOf(r, root);
  const want = bundleSourceHash(r, root);
  let manifest = readManifest(r, dir);
  if (!manifest || (want && manifest.sourceHash !== want)) {
    if (loadEsbuild() && want) {
      manifest = await buildBundleInPlace(r, root);
    } else if (manifest) {
      log?.warn({ assets: dir }, `${r.label} assets are older than their source and esbuild is not installed; serving them as they are`);
    } else {
      throw new AssetsUnavailable(`the ${r.label} assets are not built (${dir}); run "npm run build"`);
    }
  }
  const files = new Map<string, BundleAsset>();
  for (const f of manifest.files) {
    files.set(f.name, {
      body: readFileSync(join(dir, f.name)),
      gzip: f.gzip && existsSync(join(dir, `${f.name}.gz`)) ? readFileSync(join(dir, `${f.name}.gz`)) : undefined,
      contentType: contentTypeOf(f.name),
    });
  }
  return { manifest, files };
}

/** For build scripts: the assets folder, resolved, and its manifest when current for the recipe. */
export function describeBundle<M extends BundleManifest>(r: BundleRecipe<M>, root = projectRoot()): { dir: string; manifest?: M } {
  const dir = resolve(assetsDirOf(r, root));
  return { dir, manifest: readManifest(r, dir) };
}

/**
 * The `npm run build` step of a bundle: builds it, or does nothing when it is already up to date.
 * `--force` rebuilds regardless. Writes only to stderr, so commands such as `npm run token` keep a clean stdout.
 */
export function runBuildStep<M extends BundleManifest>(r: BundleRecipe<M>): void {
  const main = async (): Promise<void> => {
    const force = process.argv.includes('--force');
    const { manifest: current } = describeBundle(r);
    if (!force && current && current.sourceHash === bundleSourceHash(r)) return;
    const started = Date.now();
    const manifest = await buildBundleInPlace(r);
    process.stderr.write(`${r.label} assets: ${manifest.files.length} files bundled into ${describeBundle(r).dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
  main().catch((err: unknown) => {
    process.stderr.write(`${r.label} assets could not be built: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
