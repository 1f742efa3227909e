/**
 * PostGraphile 5 (Amber preset) serving the benchmark database, run as a child process of
 * bench/run.ts so its CPU time and memory are its own. Every request runs as hub_app with the `hub.*`
 * settings the hub's request transaction sets for the persona named in the `x-bench-persona` header
 * (bench/run.ts derives them from the same claims), so the same row-level security policies apply to
 * the same principal (no audit, no field classification: PostGraphile has neither). A request naming
 * no known persona is refused. Prints `LISTENING <port>` when ready.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

export interface PostGraphileSpec {
  databaseUrl: string;
  /** Persona name -> the `hub.*` settings of that persona's request transaction. */
  settings: Record<string, Record<string, string>>;
  poolSize: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as PostGraphileSpec;
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    // Amber only offers conditions and orders on indexed columns; the worklist's index is partial
    // (due_by where completed_at is null), which it does not count, so allow them everywhere.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [
      makePgService({
        connectionString: spec.databaseUrl,
        schemas: ['public'],
        poolConfig: { max: spec.poolSize },
        pgSettings: (ctx: { node?: { req?: { headers: Record<string, string | string[] | undefined> } } }) => {
          const persona = ctx.node?.req?.headers['x-bench-persona'];
          const settings = typeof persona === 'string' ? spec.settings[persona] : undefined;
          if (!settings) throw new Error(`x-bench-persona names no known persona: ${String(persona)}`);
          return { role: 'hub_app', ...settings };
        },
      } as never),
    ],
    grafserv: { graphqlPath: '/graphql', websockets: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  serv.addTo(server);
  await serv.ready();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`LISTENING ${address.port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
