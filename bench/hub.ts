/**
 * The hub under benchmark, run as a child process of bench/run.ts so its CPU time and memory are its
 * own (as PostGraphile's are): the production entry point (`startHub`) with NODE_ENV=production, a
 * HUB_SECRET and a trusted identity provider whose JWKS bench/run.ts serves. Configuration comes from
 * the environment bench/run.ts sets. Prints `LISTENING <port>` when ready.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/server/logger';
import { startHub } from '../src/server/startup';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startHub(config, createLogger(config.LOG_LEVEL));
  process.stdout.write(`LISTENING ${new URL(running.address).port}\n`);
  process.on('SIGTERM', () => void running.stop().finally(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
