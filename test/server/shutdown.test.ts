import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from '../../src/db/embedded';
import { createDatabaseFrom, dropDatabase, templateDemo } from '../support/databases';

/**
 * SIGTERM on the real process: in-flight requests finish, then the pool closes and the process exits 0.
 * Runs the compiled server (built once here), against a copy of the demo database.
 */
describe('graceful shutdown', () => {
  it('drains an in-flight request before exiting on SIGTERM', async () => {
    try {
      execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
    } catch {
      // Type errors elsewhere still emit JavaScript; the typecheck has its own gate.
    }
    const db = await createDatabaseFrom(templateDemo());
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-sd-')), SHUTDOWN_GRACE_MS: '10000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      for (let i = 0; i < 100 && !out.includes('Server listening'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('Server listening');
      // A request that is still running when SIGTERM arrives (held open by a slow upload body).
      const body = JSON.stringify({ query: '{ __typename }' });
      const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode(body.slice(0, 5)));
            await new Promise((r) => setTimeout(r, 300));
            child.kill('SIGTERM');
            await new Promise((r) => setTimeout(r, 500));
            controller.enqueue(new TextEncoder().encode(body.slice(5)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      const res = await inFlight;
      // It was answered (401: no token) rather than cut off.
      expect(res.status).toBe(401);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) console.log(out.split('\n').filter((l) => !l.includes('eyJ')).slice(-15).join('\n'));
      expect(code).toBe(0);
      expect(out).toMatch(/draining in-flight requests[\s\S]*"stopped"/);
    } finally {
      child.kill('SIGKILL');
      await dropDatabase(db.name);
    }
  }, 60000);
});
