import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { startTestHub, personaPrincipal, type TestHub } from '../support/hub';
import { adminUrl } from '../support/databases';
import { toGlobalId } from '../../src/server/graphql/global-id';

/**
 * Nothing the hub does may hold the database without bound (issue: hardening §5): statement, lock and
 * idle-in-transaction timeouts per request, a request deadline, a pool that answers fast when full, and
 * 503 + Retry-After + a retryable code while PostgreSQL is unreachable, recovering by itself.
 */

const UPDATE = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { id version givenName } userErrors { field code } } }`;
const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { id givenName } userErrors { field code } } }`;

async function demoChild(t: TestHub): Promise<{ id: string; uuid: string; version: number; givenName: string }> {
  const [row] = await t.orm.em.fork().execute<{ id: string; version: number; given_name: string }[]>(
    `select c.id, c.version, c.given_name from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE' and c.given_name is not null order by c.id limit 1`,
  );
  return { id: toGlobalId('Child', row!.id), uuid: row!.id, version: row!.version, givenName: row!.given_name };
}

/** Holds a row lock on a child from outside the hub until released. */
async function lockChild(url: string, childId: string): Promise<{ release(): Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('begin');
  await c.query('select id from child where id = $1 for update', [childId]);
  return {
    async release() {
      await c.query('rollback');
      await c.end();
    },
  };
}

describe('timeouts and unavailability', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { DB_LOCK_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => t?.close());

  it('runs every request transaction under statement, lock and idle-in-transaction timeouts (longer for analytics), with JIT off', async () => {
    const read = async (persona: string) => {
      const ctx = await t.hub.contextFor(personaPrincipal(persona));
      await ctx.tx.begin();
      try {
        const [row] = await ctx.em.execute<Record<string, string>[]>(
          `select current_setting('statement_timeout') st, current_setting('lock_timeout') lt, current_setting('idle_in_transaction_session_timeout') it, current_setting('jit') jit`,
        );
        return row;
      } finally {
        await ctx.tx.rollback();
      }
    };
    // JIT off whatever the server's default: compiling the scorecard-facts refresh at commit took
    // seconds per write on a stock PostgreSQL (src/db/orm.ts).
    expect(await read('social-worker')).toEqual({ st: '5s', lt: '300ms', it: '15s', jit: 'off' });
    expect(await read('board-analyst')).toEqual({ st: '1min', lt: '300ms', it: '15s', jit: 'off' });
  });

  it('answers a write blocked by a held lock with 503 LOCK_TIMEOUT and Retry-After, and changes nothing', async () => {
    const child = await demoChild(t);
    const lock = await lockChild(t.databaseUrl, child.uuid);
    try {
      const res = await t.http<any>('social-worker', UPDATE, { input: { id: child.id, expectedVersion: child.version, givenName: 'Locked' } });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'LOCK_TIMEOUT', retryable: true }) })]);
      expect(res.body.data).toBeNull();
    } finally {
      await lock.release();
    }
    const [after] = await t.orm.em.fork().execute<{ version: number; given_name: string }[]>('select version, given_name from child where id = ?', [child.uuid]);
    expect(after).toEqual({ version: child.version, given_name: child.givenName });
    // The same request, retried once the lock is gone, succeeds.
    const retried = await t.http<any>('social-worker', UPDATE, { input: { id: child.id, expectedVersion: child.version, givenName: child.givenName } });
    expect(retried.status).toBe(200);
    expect(retried.body.data.updateChild.userErrors).toEqual([]);
  });

  it('rolls back a request that runs past its deadline (503 REQUEST_TIMEOUT) and writes nothing', async () => {
    const hurried = await startTestHub({ env: { REQUEST_DEADLINE_MS: '1' } });
    try {
      const res = await hurried.http<any>('social-worker', CREATE, {
        input: { givenName: 'Deadline', familyName: 'Passed', dateOfBirth: '2015-03-04', sourceSystem: 'Mosaic', sourceRecordId: 'deadline-1' },
      });
      expect(res.status).toBe(503);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', retryable: true });
      const [n] = await hurried.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int n from child where source_record_id = 'deadline-1'`);
      expect(n!.n).toBe(0);
    } finally {
      await hurried.close();
    }
  });
});

describe('an exhausted pool answers fast', () => {
  it('gives 503 POOL_EXHAUSTED (and /readyz 503) instead of queueing without bound', async () => {
    const t = await startTestHub({ env: { DB_POOL_SIZE: '1', DB_POOL_ACQUIRE_TIMEOUT_MS: '200', DB_LOCK_TIMEOUT_MS: '4000', DB_STATEMENT_TIMEOUT_MS: '5000' } });
    try {
      const child = await demoChild(t);
      const lock = await lockChild(t.databaseUrl, child.uuid);
      try {
        // The write takes the pool's only connection and waits on the lock...
        const blocked = t.http<any>('social-worker', UPDATE, { input: { id: child.id, expectedVersion: child.version, givenName: 'Blocked' } });
        await new Promise((r) => setTimeout(r, 300));
        // ...so a read finds no connection and is told to retry.
        const read = await t.http<any>('social-worker', `{ children(first: 1) { nodes { id } } }`);
        expect(read.status).toBe(503);
        expect(read.body.errors?.[0]?.extensions).toMatchObject({ code: 'POOL_EXHAUSTED', retryable: true });
        expect(read.headers['retry-after']).toBe('1');
        const ready = await t.hub.app.inject({ url: '/readyz' });
        expect(ready.statusCode).toBe(503);
        await lock.release();
        const done = await blocked;
        expect(done.status).toBe(200);
      } finally {
        await lock.release().catch(() => undefined);
      }
      expect((await t.http<any>('social-worker', `{ children(first: 1) { nodes { id } } }`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

/** A TCP proxy in front of PostgreSQL that the test can cut and restore: an outage without stopping the server. */
async function startProxy(target: { host: string; port: number }, port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('while PostgreSQL is unreachable', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, then recovers by itself', async () => {
    const server = new URL(adminUrl());
    const target = { host: server.hostname, port: Number(server.port || 5432) };
    let proxy = await startProxy(target);
    const port = proxy.port;
    const t = await startTestHub({
      env: { DB_POOL_ACQUIRE_TIMEOUT_MS: '500' },
      connectVia: (url) => {
        const u = new URL(url);
        u.hostname = '127.0.0.1';
        u.port = String(port);
        return u.toString();
      },
    });
    try {
      const q = `{ children(first: 1) { nodes { id } } }`;
      expect((await t.http<any>('social-worker', q)).status).toBe(200);
      await proxy.stop();
      const down = await t.http<any>('social-worker', q);
      expect(down.status).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.body.errors?.[0]?.extensions).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
      proxy = await startProxy(target, port);
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await t.http<any>('social-worker', q)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      await proxy.stop().catch(() => undefined);
      await t.close().catch(() => undefined);
    }
  });
});
