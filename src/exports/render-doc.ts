import { ANALYTICS_VIEWS } from './analytics-views';
import { BULK_EXPORT_PURPOSE, BULK_EXPORT_ROLES, DEFAULT_EXPORT_ROWS, MAX_EXPORT_ROWS } from './bulk-export';

/** docs/analytics-views.md, from the views' declaration (the migration) and the export's rules; a test keeps it current. */
export function renderAnalyticsViewsDoc(): string {
  const out = [
    '# Analytical views and bulk export',
    '',
    '<!-- Generated from migrations/Migration20261206000000_analytics_views.ts and src/exports/bulk-export.ts by `npm run docs:analytics`. Do not edit by hand. -->',
    '',
    'One view per record type in the PostgreSQL schema `analytics`: pseudonymised, no names, no identifiers, no free text.',
    'Every `*_key` column is a pseudonym (HMAC-SHA256 of the record id under the views key, first 128 bits in hex).',
    'One key serves every view, so views join on their keys (a referral’s `record_key` is its assessments’',
    '`referral_key`); the key is held in `analytics_private.pseudonym_key`, which no reader can see, and',
    '`select analytics_private.rotate_pseudonym_key()` (database owner) replaces it, after which no earlier extract',
    'joins to a later one. The views show every live row of the partnership (not a caller’s row scope): they are the',
    'analytical store, for analysts and BI only.',
    '',
    '## Two ways in',
    '',
    `- **HTTP** (\`GET /exports/analytics/<view>?format=ndjson|csv&limit=N\`), for ${BULK_EXPORT_ROLES.join(' and ')} tokens with purpose ${BULK_EXPORT_PURPOSE}:`,
    `  streamed by PostgreSQL (\`COPY\`), at most ${MAX_EXPORT_ROWS.toLocaleString('en-GB')} rows a page (default ${DEFAULT_EXPORT_ROWS.toLocaleString('en-GB')}), in record id order. NDJSON holds`,
    '  one JSON object a line; CSV has a header, booleans as `true`/`false` (empty when unknown), timestamps as in',
    '  the JSON (ISO 8601), code lists joined with `;`. When more follow, the',
    '  response carries `Link: <…>; rel="next"` and `X-Next-Token` (sealed; pass it as `after`); `X-Export-Rows` gives',
    '  the page’s row count. Each page is audited before its first row is sent: one EXPORT row naming every child',
    '  in it and the columns released (the data protection officer sees it in `childAccessLog`). Each page is charged',
    '  one rate-limit point per row asked for, from the same budgets as GraphQL (429 with `Retry-After` beyond them).',
    '  `GET /exports/analytics` lists the views and their columns.',
    '- **A direct database login** for Power BI or Metabase: a role that is a member of `hub_analytics_reader` can',
    '  read the `analytics` views and nothing else (no table, no private view, no hub function, no writes):',
    '',
    '  ```sql',
    "  create role powerbi login password '…' in role hub_analytics_reader;",
    '  ```',
    '',
    '  Access through this login is not in the hub’s audit log (the hub never sees it); use PostgreSQL’s own',
    '  logging (`log_connections`, pgaudit) for it, and prefer the HTTP export where the audit must name the children.',
    '',
  ];
  for (const v of ANALYTICS_VIEWS) {
    out.push(`## analytics.${v.name}`, '', `${v.meaning} Source table: \`${v.from}\`.`, '', '| column | meaning |', '|---|---|', ...v.columns.map(([name, , meaning]) => `| ${name} | ${meaning} |`), '');
  }
  return out.join('\n');
}
