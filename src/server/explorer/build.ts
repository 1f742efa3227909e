import { buildExplorerAssetsInPlace, describeAssets, sourceHash } from './assets';

/**
 * `npm run build` step: bundles the explorer's browser assets into dist/explorer (esbuild, about 3 s),
 * or does nothing when they are already up to date. `--force` rebuilds regardless. Writes only to
 * stderr, so commands such as `npm run token` keep a clean stdout.
 */
async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const { manifest: current } = describeAssets();
  if (!force && current && current.sourceHash === sourceHash()) return;
  const started = Date.now();
  const manifest = await buildExplorerAssetsInPlace();
  process.stderr.write(`explorer assets: ${manifest.files.length} files bundled into ${describeAssets().dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`explorer assets could not be built: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
