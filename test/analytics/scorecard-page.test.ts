import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MEASURES } from '../../src/analytics/measures';
import { groupCodes, MEASURE_DOMAINS } from '../../src/server/scorecard-page/domains';
import { latestCompleteQuarterEnd, todayInEngland } from '../../src/server/scorecard-page';
import { DEMO_TODAY } from '../../seeds/world';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Debian's Chromium; CHROMIUM_PATH overrides (e.g. to check the skip path). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', '.artifacts');
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  AUTH_ISSUERS: '[{"issuer":"https://idp.example","jwksUrl":"https://idp.example/jwks","agency":"LA-NORTHSHIRE"}]',
  HUB_SECRET: 'scorecard-page-test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
};
/** The demo partnership's "today" (seeds/): its latest complete quarter holds a full history. */
const DEMO_INPUT = { periodType: 'QUARTER', periodEnd: latestCompleteQuarterEnd(DEMO_TODAY), area: 'LA-NORTHSHIRE' };
const RAG_LABEL: Record<string, string> = { GREEN: 'Green', AMBER: 'Amber', RED: 'Red', NONE: 'No rating' };

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`scorecard page browser test SKIPPED: ${CHROMIUM} not found (install it with "apt-get install chromium"; .ci/run tries to).`);
const describeInBrowser = haveChromium ? describe : describe.skip;

/** Every src= and href= in the page. */
const references = (html: string): string[] => [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);

function pageConfig(html: string): any {
  const m = /<script type="application\/json" id="scorecard-config">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no scorecard-config in the page');
  return JSON.parse(m[1]!);
}

describe('scorecard page: periods and domains', () => {
  it('defaults to the latest complete financial quarter', () => {
    expect(latestCompleteQuarterEnd('2026-11-01')).toBe('2026-09-30');
    expect(latestCompleteQuarterEnd('2026-09-30')).toBe('2026-06-30'); // the quarter is complete the day after its last day
    expect(latestCompleteQuarterEnd('2026-10-01')).toBe('2026-09-30');
    expect(latestCompleteQuarterEnd('2027-01-01')).toBe('2026-12-31');
    expect(latestCompleteQuarterEnd('2027-02-14')).toBe('2026-12-31');
    expect(latestCompleteQuarterEnd('2027-04-01')).toBe('2027-03-31');
    expect(todayInEngland(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // BST
    expect(todayInEngland(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
  });

  it('puts every catalogue measure in exactly one domain', () => {
    const groups = groupCodes(MEASURES.map((m) => m.code));
    const placed = groups.flatMap((g) => g.codes);
    expect(placed.slice().sort()).toEqual(MEASURES.map((m) => m.code).sort()); // each once
    // A new measure needs an entry in src/server/scorecard-page/domains.ts (else it shows under "Other measures").
    expect({ measuresWithoutDomain: groups.find((g) => g.id === 'other')?.codes ?? [] }).toEqual({ measuresWithoutDomain: [] });
    const ids = MEASURE_DOMAINS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('groups by exact codes and prefixes, unmatched codes last', () => {
    expect(groupCodes(['LADO_B', 'CLA', 'NEW_THING', 'LADO_A', 'CLA_RATE'])).toEqual([
      { id: 'children-in-care', title: 'Children in care', codes: ['CLA', 'CLA_RATE'] },
      { id: 'lado', title: expect.stringContaining('LADO'), codes: ['LADO_B', 'LADO_A'] },
      { id: 'other', title: 'Other measures', codes: ['NEW_THING'] },
    ]);
  });
});

describe('scorecard page over HTTP (development)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.close());

  it('serves /scorecard as HTML whose script and style sheet come from the hub, with a self-only CSP', async () => {
    const res = await t.hub.app.inject({ url: '/scorecard' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    const html = res.body;
    expect(html).toMatch(/<script type="module" src="\/scorecard\/assets\/scorecard-[^"]+\.js">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/scorecard\/assets\/scorecard-[^"]+\.css">/);
    const refs = references(html);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(ref).toMatch(/^(\/(?!\/)|data:)/); // same host only
    expect(html).not.toMatch(/(src|href)\s*=\s*["'](https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i); // no off-host URL anywhere in the page

    const cfg = pageConfig(html);
    expect(cfg.graphqlUrl).toBe('/graphql');
    expect(cfg.devTokenUrl).toBe('/explorer/dev-token');
    expect(cfg.defaultPersona).toBe('board-analyst');
    expect(cfg.personas.map((p: any) => p.name)).toContain('board-analyst');
    expect(cfg.defaults).toEqual({ periodType: 'QUARTER', periodEnd: latestCompleteQuarterEnd(todayInEngland()), area: 'LA-NORTHSHIRE' });
    expect(cfg.domains).toEqual(groupCodes(MEASURES.map((m) => m.code)));

    const assets = refs.filter((r) => r.startsWith('/scorecard/assets/'));
    expect(assets).toHaveLength(2);
    for (const url of assets) {
      const a = await t.hub.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect({ url, status: a.statusCode }).toEqual({ url, status: 200 });
      expect(a.headers['content-type']).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.headers['content-encoding']).toBe('gzip');
      const body = gunzipSync(a.rawPayload).toString('utf8');
      expect(body.length).toBeGreaterThan(url.endsWith('.js') ? 50_000 : 1000); // Chart.js is in the bundle
      if (url.endsWith('.css')) expect(body).not.toMatch(/url\(\s*["']?(https?:)?\/\//); // nothing fetched from elsewhere
      if (url.endsWith('.js')) expect(body).not.toMatch(/\bimport\s*\(?\s*["'](https?:)?\/\//); // no remote module
    }
    const plain = await t.hub.app.inject({ url: assets[0]! });
    expect(plain.headers['content-encoding']).toBeUndefined();

    const slash = await t.hub.app.inject({ url: '/scorecard/' });
    expect(slash.statusCode).toBe(302);
    expect(slash.headers.location).toBe('/scorecard');
  });

  it('answers 404 for assets it does not have', async () => {
    for (const url of ['/scorecard/assets/nope.js', '/scorecard/assets/..%2Fmanifest.json', '/scorecard/assets/manifest.json']) {
      expect({ url, status: (await t.hub.app.inject({ url })).statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('leaves the explorer as it was', async () => {
    const res = await t.hub.app.inject({ url: '/explorer' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<script type="module" src="\/explorer\/assets\/[^"]+\.js">/);
  });
});

describe('scorecard page in production', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: PRODUCTION_ENV });
  });
  afterAll(() => t?.close());

  it('serves the page for pasted tokens, with no persona picker and no development token', async () => {
    expect(t.config.developmentAuth).toBe(false);
    const page = await t.hub.app.inject({ url: '/scorecard' });
    expect(page.statusCode).toBe(200);
    const cfg = pageConfig(page.body);
    expect(cfg.devTokenUrl).toBeNull();
    expect(cfg.personas).toEqual([]);
    expect(cfg.defaultPersona).toBeNull();
    expect(page.body).not.toContain('nscp.analyst.lee.hart');
    expect((await t.hub.app.inject({ url: '/explorer/dev-token?persona=board-analyst' })).statusCode).toBe(404);
  });
});

describeInBrowser('scorecard page in headless Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub();
    await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.hub.app.server.address() as AddressInfo).port}`;
    // Bundle the assets (if stale) before the browser's clock starts.
    expect((await t.hub.app.inject({ url: '/scorecard' })).statusCode).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    const started = Date.now();
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]).catch(() => undefined);
    t?.hub.app.server.closeAllConnections();
    await t?.close();
    if (Date.now() - started > 10_000) console.warn(`scorecard page browser test: shutting down took ${Date.now() - started} ms`);
  }, 90_000);

  async function screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  }

  it('renders every measure of the demo scorecard as board-analyst, with RAG labels, suppression marks and trend charts', async () => {
    // What the API says, to hold the page to it.
    const api = await t.gql<any>('board-analyst', `query($input: ScorecardInput!) { scorecard(input: $input) { period { label } measures { code rag suppressed } } }`, { input: DEMO_INPUT });
    expect(api.errors).toBeUndefined();
    const expected = api.data.scorecard.measures as { code: string; rag: string; suppressed: boolean }[];
    expect(expected.map((m) => m.code)).toEqual(MEASURES.map((m) => m.code));

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    const offHost: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${base}/`) && !/^(data|blob):/.test(url)) offHost.push(url);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /content security policy|refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

    try {
      await page.goto(`${base}/scorecard?periodType=${DEMO_INPUT.periodType}&periodEnd=${DEMO_INPUT.periodEnd}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout: 30_000 });
      expect(await page.locator('#sc-status').innerText()).not.toMatch(/could not/i);
      expect(await page.locator('body').getAttribute('data-state')).toBe('ready');

      // The development persona picker defaults to board-analyst.
      expect(await page.locator('#sc-persona').inputValue()).toBe('board-analyst');
      expect(await page.locator('#sc-who').innerText()).toContain('nscp.analyst.lee.hart');
      expect(await page.locator('#sc-period-type').inputValue()).toBe('QUARTER');
      expect(await page.locator('#sc-period-end').inputValue()).toBe(DEMO_INPUT.periodEnd);
      expect(await page.locator('h1').innerText()).toContain(api.data.scorecard.period.label);

      // Every measure of the catalogue, each with a RAG label or a suppression mark.
      const rows = await page.$$eval('tr[data-code]', (trs) =>
        trs.map((tr) => ({
          code: tr.getAttribute('data-code'),
          rag: tr.querySelector('[data-rag]')?.getAttribute('data-rag') ?? null,
          ragText: (tr.querySelector('[data-rag]') as HTMLElement | null)?.innerText ?? '',
          valueText: (tr.querySelector('.c-value') as HTMLElement | null)?.innerText ?? '',
          mark: tr.querySelector('.c-value [data-suppressed]') !== null,
          domain: tr.closest('section')?.querySelector('h2')?.textContent ?? '',
        })),
      );
      expect(rows.map((r) => r.code).sort()).toEqual(MEASURES.map((m) => m.code).sort());
      for (const m of expected) {
        const row = rows.find((r) => r.code === m.code)!;
        expect({ code: m.code, rag: row.rag }).toEqual({ code: m.code, rag: m.rag });
        expect(row.ragText).toContain(RAG_LABEL[m.rag]); // words, not colour alone
        if (m.suppressed) {
          expect(row.mark).toBe(true);
          expect(row.valueText).toContain('[c] suppressed: counts 1–4');
        } else {
          expect(row.mark).toBe(false);
        }
        expect(row.domain).not.toBe('');
      }
      const domains = await page.locator('.sc-domain h2').allInnerTexts();
      expect(domains).toEqual(groupCodes(MEASURES.map((m) => m.code)).map((d) => d.title));

      // A trend chart per measure, drawn (not blank) by Chart.js.
      expect(await page.locator('canvas[data-chart]').count()).toBe(MEASURES.length);
      const inked = await page.$$eval('canvas[data-chart]', (canvases) =>
        canvases.map((c) => {
          const canvas = c as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return { code: canvas.dataset.chart, inked: n, label: canvas.getAttribute('aria-label') ?? '' };
        }),
      );
      const referrals = inked.find((c) => c.code === 'REFERRALS')!;
      expect(referrals.inked).toBeGreaterThan(50);
      expect(referrals.label).toMatch(/^Trend of /);
      expect(inked.filter((c) => c.inked > 0).length).toBeGreaterThan(MEASURES.length / 2);

      // Comparators with their period.
      const cpRate = page.locator('tr[data-code="CP_PLAN_RATE"] .c-comp');
      expect(await cpRate.innerText()).toMatch(/England[\s\S]*43\.3[\s\S]*2024-25/);

      // Nothing sticks out sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, 'scorecard.png');

      // Another period type from the controls: financial year to date, where the demo's figures are larger.
      const ytd = await t.gql<any>('board-analyst', `query($input: ScorecardInput!) { scorecard(input: $input) { period { label } measures { code suppressed } } }`, {
        input: { ...DEMO_INPUT, periodType: 'FINANCIAL_YEAR_TO_DATE' },
      });
      const ytdLabel = ytd.data.scorecard.period.label as string;
      await page.selectOption('#sc-period-type', 'FINANCIAL_YEAR_TO_DATE');
      await page.waitForFunction((label) => document.body.dataset.state === 'ready' && document.querySelector('h1')?.textContent?.includes(label), ytdLabel, { timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get('periodType')).toBe('FINANCIAL_YEAR_TO_DATE');
      expect(await page.locator('tr[data-code]').count()).toBe(MEASURES.length);
      expect(await page.locator('.c-value [data-suppressed]').count()).toBe(ytd.data.scorecard.measures.filter((m: any) => m.suppressed).length);
      await screenshot(page, 'scorecard-year-to-date.png');

      // Print: the controls go, the tables stay.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.bar').isVisible()).toBe(false);
      expect(await page.locator('tr[data-code="REFERRALS"]').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // A persona without the scorecard in its schema gets a plain message, not a broken page
      // (Chromium logs the hub's 400 for the unknown field: the only console error allowed from here).
      expect(problems).toEqual([]);
      await page.selectOption('#sc-persona', 'social-worker');
      await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
      expect(await page.locator('#sc-status').innerText()).toContain('may not read the scorecard');
      expect(await page.locator('tr[data-code]').count()).toBe(0);
      problems.splice(0, problems.length, ...problems.filter((p) => !/status of 400 \(Bad Request\)/.test(p)));
    } catch (err) {
      await screenshot(page, 'scorecard-failure.png').catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
    expect(offHost).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
