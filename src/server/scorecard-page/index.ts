import type { FastifyInstance } from 'fastify';
import type { HubConfig } from '../../config';
import { PeriodType } from '../../analytics/periods';
import type { BundleManifest, LoadedBundle } from '../web-bundle/assets';
import { escapeHtml, registerBundledPage, scriptJson } from '../web-bundle/http';
import { DEV_TOKEN_PATH } from '../explorer';
import { PERSONAS } from '../personas';
import { SCORECARD_PAGE_RECIPE } from './assets';
import { MEASURES } from '../../analytics/measures';
import { groupCodes, OTHER_DOMAIN } from './domains';

/**
 * The partnership scorecard page for board analysts, served by the hub with no third-party host:
 *
 *   GET /scorecard                the page (public HTML: its data comes from POST /graphql with the bearer token the user picks)
 *   GET /scorecard/assets/<file>  its script (client code and Chart.js) and style sheet (content-hashed, cached for good)
 *
 * Development hubs (`config.developmentAuth`) offer the explorer's persona picker (/explorer/dev-token),
 * defaulting to board-analyst; every hub accepts a pasted bearer token. Bundling and serving are the
 * explorer's (../web-bundle/).
 */

export const SCORECARD_PATH = '/scorecard';
export const SCORECARD_ASSETS_PATH = `${SCORECARD_PATH}/assets`;
export const DEFAULT_PERSONA = 'board-analyst';
export const DEFAULT_AREA = 'LA-NORTHSHIRE';

/** Today's date in England (YYYY-MM-DD). */
export function todayInEngland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The last day of the latest financial quarter that has ended before `today` (a quarter is complete the day after its last day). */
export function latestCompleteQuarterEnd(today: string): string {
  const y = Number(today.slice(0, 4));
  const ends = [`${y - 1}-12-31`, `${y}-03-31`, `${y}-06-30`, `${y}-09-30`, `${y}-12-31`];
  return ends.filter((e) => e < today).pop()!;
}

/** Written into `<script type="application/json" id="scorecard-config">`. */
export interface ScorecardPageConfig {
  graphqlUrl: string;
  devTokenUrl: string | null;
  personas: { name: string; title: string }[];
  defaultPersona: string | null;
  defaults: { periodType: PeriodType; periodEnd: string; area: string };
  periodTypes: { value: PeriodType; label: string }[];
  /** The catalogue's codes grouped by domain, in page order (./domains.ts). */
  domains: { id: string; title: string; codes: string[] }[];
  otherDomainTitle: string;
}

export function scorecardPageConfig(config: HubConfig, now = new Date()): ScorecardPageConfig {
  return {
    graphqlUrl: '/graphql',
    devTokenUrl: config.developmentAuth ? DEV_TOKEN_PATH : null,
    personas: config.developmentAuth ? PERSONAS.map((p) => ({ name: p.name, title: p.title })) : [],
    defaultPersona: config.developmentAuth ? DEFAULT_PERSONA : null,
    defaults: { periodType: PeriodType.QUARTER, periodEnd: latestCompleteQuarterEnd(todayInEngland(now)), area: DEFAULT_AREA },
    periodTypes: [
      { value: PeriodType.QUARTER, label: 'Quarter' },
      { value: PeriodType.FINANCIAL_YEAR_TO_DATE, label: 'Financial year to date' },
      { value: PeriodType.ROLLING_12_MONTHS, label: 'Rolling 12 months' },
    ],
    domains: groupCodes(MEASURES.map((m) => m.code)),
    otherDomainTitle: OTHER_DOMAIN.title,
  };
}

export function renderScorecardPage(assets: LoadedBundle<BundleManifest>, config: HubConfig, now = new Date()): string {
  const { manifest } = assets;
  const asset = (name: string): string => `${SCORECARD_ASSETS_PATH}/${encodeURIComponent(name)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Partnership scorecard · Safeguarding Partnership Hub</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(asset(manifest.entry.css))}">
<script type="module" src="${escapeHtml(asset(manifest.entry.js))}"></script>
</head>
<body data-state="loading">
<noscript>The scorecard page needs JavaScript. The figures are also available from the GraphQL API at /graphql (query <code>scorecard</code>).</noscript>
<div id="scorecard"></div>
<script type="application/json" id="scorecard-config">${scriptJson(scorecardPageConfig(config, now))}</script>
</body>
</html>
`;
}

/** Serves the scorecard page at /scorecard (register after the explorer, whose dev-token route it uses). */
export async function registerScorecardPage(app: FastifyInstance, config: HubConfig): Promise<void> {
  registerBundledPage(app, {
    pagePath: SCORECARD_PATH,
    recipe: SCORECARD_PAGE_RECIPE,
    unavailableTitle: 'The scorecard page is not available',
    render: (loaded) => renderScorecardPage(loaded, config),
  });
}
