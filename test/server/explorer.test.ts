import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/hub';

/** Debian's Chromium; CHROMIUM_PATH overrides (e.g. to check the skip path). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', '.artifacts');
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  AUTH_ISSUERS: '[{"issuer":"https://idp.example","jwksUrl":"https://idp.example/jwks","agency":"LA-NORTHSHIRE"}]',
  HUB_SECRET: 'explorer-test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
};

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`explorer browser test SKIPPED: ${CHROMIUM} not found (install it with "apt-get install chromium"; .ci/run tries to).`);
const describeInBrowser = haveChromium ? describe : describe.skip;

/** Every src= and href= in the page. */
const references = (html: string): string[] => [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);

function explorerConfig(html: string): { devTokenUrl: string | null; personas: { name: string }[]; workers: Record<string, string> } {
  const m = /<script type="application\/json" id="explorer-config">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no explorer-config in the page');
  return JSON.parse(m[1]!);
}

describe('GraphQL explorer over HTTP (development)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.close());

  it('serves /explorer as HTML whose every script, style and worker comes from the hub', async () => {
    const res = await t.hub.app.inject({ url: '/explorer' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const html = res.body;
    expect(html).toMatch(/<script type="module" src="\/explorer\/assets\/[^"]+\.js">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/explorer\/assets\/[^"]+\.css">/);
    const refs = references(html);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(ref).toMatch(/^(\/(?!\/)|data:)/); // same host only: no http(s)://, no protocol-relative //
    expect(html).not.toMatch(/(src|href)\s*=\s*["'](https?:)?\/\//i);

    const cfg = explorerConfig(html);
    expect(cfg.devTokenUrl).toBe('/explorer/dev-token');
    expect(cfg.personas.map((p) => p.name)).toContain('social-worker');
    const assets = [...refs.filter((r) => r.startsWith('/explorer/assets/')), ...Object.values(cfg.workers)];
    expect(assets).toHaveLength(5);
    for (const url of assets) {
      const a = await t.hub.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect({ url, status: a.statusCode }).toEqual({ url, status: 200 });
      expect(a.headers['content-type']).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(a.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(a.rawPayload).length).toBeGreaterThan(1000);
    }
    // Fonts and images the style sheet points at are on the hub too.
    const cssUrl = assets.find((u) => u.endsWith('.css'))!;
    const css = (await t.hub.app.inject({ url: cssUrl })).body;
    const cssRefs = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]!).filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
    expect(cssRefs.length).toBeGreaterThan(0); // Monaco's codicon font
    for (const ref of cssRefs) {
      expect(ref).toMatch(/^\/explorer\/assets\//);
      const a = await t.hub.app.inject({ url: ref });
      expect({ ref, status: a.statusCode, type: a.headers['content-type'] }).toEqual({ ref, status: 200, type: expect.stringMatching(/^(font|image)\//) });
    }

    const plain = await t.hub.app.inject({ url: assets[0]! });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1000);
  });

  it('answers 404 for assets it does not have', async () => {
    for (const url of ['/explorer/assets/nope.js', '/explorer/assets/..%2Fmanifest.json', '/explorer/assets/manifest.json']) {
      expect({ url, status: (await t.hub.app.inject({ url })).statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('hands out development tokens for the demo personas, which /graphql accepts', async () => {
    const res = await t.hub.app.inject({ url: '/explorer/dev-token?persona=social-worker' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token, subject } = res.json() as { token: string; subject: string };
    expect(subject).toBe('la.sw.amy.khan');
    const gql = await t.hub.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: { query: '{ viewer { subject agencyCode } }' },
    });
    expect(gql.json()).toEqual({ data: { viewer: { subject: 'la.sw.amy.khan', agencyCode: 'LA-NORTHSHIRE' } } });

    expect((await t.hub.app.inject({ url: '/explorer/dev-token?persona=nobody' })).statusCode).toBe(400);
    expect((await t.hub.app.inject({ url: '/explorer/dev-token' })).statusCode).toBe(400);
  });
});

describe('GraphQL explorer in production', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: PRODUCTION_ENV });
  });
  afterAll(() => t?.close());

  it('has no development-token endpoint (404) and no persona picker, but still serves the page for pasted tokens', async () => {
    expect(t.config.developmentAuth).toBe(false);
    for (const url of ['/explorer/dev-token', '/explorer/dev-token?persona=social-worker', '/explorer/dev-token?persona=admin']) {
      const res = await t.hub.app.inject({ url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.body).not.toMatch(/eyJ/); // no JWT anywhere
    }
    const page = await t.hub.app.inject({ url: '/explorer' });
    expect(page.statusCode).toBe(200);
    const cfg = explorerConfig(page.body);
    expect(cfg.devTokenUrl).toBeNull();
    expect(cfg.personas).toEqual([]);
    expect(page.body).not.toContain('la.sw.amy.khan');
  });
});

describeInBrowser('GraphQL explorer in headless Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub();
    await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.hub.app.server.address() as AddressInfo).port}`;
    // Bundle the assets (if stale) before the browser's clock starts.
    expect((await t.hub.app.inject({ url: '/explorer' })).statusCode).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    const started = Date.now();
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]).catch(() => undefined);
    // No keep-alive socket from the browser may hold the hub's close.
    t?.hub.app.server.closeAllConnections();
    await t?.close();
    if (Date.now() - started > 10_000) console.warn(`explorer browser test: shutting down took ${Date.now() - started} ms`);
  }, 90_000);

  async function screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, name) });
  }

  it('runs { viewer { subject agencyCode } } as the social-worker persona and shows the result', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const offHost: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${base}/`) && !/^(data|blob):/.test(url)) offHost.push(url);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (/content security policy|refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      // A superseded introspection may be aborted when the token changes; anything else is a problem.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });

    try {
      await page.goto(`${base}/explorer`, { waitUntil: 'load' });
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });

      await page.selectOption('#hub-persona', 'social-worker');
      await page.waitForFunction(() => document.querySelector('#hub-who')?.textContent?.includes('la.sw.amy.khan'), null, { timeout: 15_000 });

      // Replace the query: select all in the Monaco editor and insert the text (insertText skips auto-closing brackets).
      await page.locator('.graphiql-query-editor .monaco-editor').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('{ viewer { subject agencyCode } }');
      await page.locator('.graphiql-execute-button').click();

      await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('la.sw.amy.khan'), null, { timeout: 20_000 });
      const response = (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
      expect(response).toContain('la.sw.amy.khan');
      expect(response).toContain('LA-NORTHSHIRE');
      await screenshot(page, 'explorer.png');
    } catch (err) {
      await screenshot(page, 'explorer-failure.png').catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
    expect(offHost).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
