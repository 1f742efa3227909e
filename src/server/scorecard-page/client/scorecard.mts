/**
 * Browser side of the scorecard page (bundled by esbuild with Chart.js into /scorecard/assets, see
 * ../assets.ts). Plain DOM, no framework: a bar with the token (persona picker on development hubs,
 * pasted token anywhere) and the period controls, then every measure of `scorecard(input)` grouped by
 * domain with value, numerator/denominator, target, RAG (colour + words), direction of travel, an
 * 8-period trend chart, comparators and suppression marks.
 *
 * Tokens are kept in memory only; the chosen persona's name is remembered in localStorage. The period
 * and area are in the address (?periodType=&periodEnd=&area=) so a view can be shared or bookmarked.
 */
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type Plugin, type TooltipItem } from 'chart.js';
import './scorecard.css';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

interface PageConfig {
  graphqlUrl: string;
  devTokenUrl: string | null;
  personas: { name: string; title: string }[];
  defaultPersona: string | null;
  defaults: { periodType: string; periodEnd: string; area: string };
  periodTypes: { value: string; label: string }[];
  domains: { id: string; title: string; codes: string[] }[];
  otherDomainTitle: string;
}

type Unit = 'COUNT' | 'PERCENT' | 'RATE_PER_10000' | 'DAYS';
type Polarity = 'HIGH_IS_GOOD' | 'LOW_IS_GOOD' | 'NEUTRAL';
type Rag = 'RED' | 'AMBER' | 'GREEN' | 'NONE';
type Reason = 'SMALL_DENOMINATOR' | 'SMALL_NUMERATOR' | 'SMALL_COMPLEMENT' | 'SECONDARY_PERIOD';

interface Point {
  period: { label: string; end: string };
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
  suppressionReason: Reason | null;
}
interface Target {
  kind: 'VALUE' | 'RANGE' | 'BOUND';
  value: number | null;
  low: number | null;
  high: number | null;
  boundOperator: 'LT' | 'LE' | 'GT' | 'GE' | null;
  amberMargin: number | null;
  validFrom: string;
  source: string;
}
interface Comparator {
  comparator: string;
  periodLabel: string;
  value: number;
  source: string;
}
interface Measure extends Point {
  code: string;
  name: string;
  definition: string;
  numeratorDefinition: string;
  denominatorDefinition: string | null;
  unit: Unit;
  polarity: Polarity;
  periodBasis: string;
  source: string;
  target: Target | null;
  rag: Rag;
  directionOfTravel: 'IMPROVING' | 'WORSENING' | 'SAME' | 'UP' | 'DOWN' | 'UNKNOWN';
  previous: Point | null;
  trend: Point[];
  comparators: Comparator[];
}
interface Scorecard {
  area: string;
  periodType: string;
  period: { start: string; end: string; label: string };
  suppressionApplied: boolean;
  suppressionRule: string;
  suppressions: { measureCode: string; periodLabel: string; withheld: string[]; reason: Reason; explanation: string }[];
  measures: Measure[];
}

const POINT = 'period { label end } numerator denominator value suppressed suppressionReason';
const QUERY = `query ScorecardPage($input: ScorecardInput!) { scorecard(input: $input) {
  area periodType period { start end label } suppressionApplied suppressionRule
  suppressions { measureCode periodLabel withheld reason explanation }
  measures { code name definition numeratorDefinition denominatorDefinition unit polarity periodBasis source ${POINT}
    target { kind value low high boundOperator amberMargin validFrom source } rag directionOfTravel
    previous { ${POINT} } trend { ${POINT} } comparators { comparator periodLabel value source } } } }`;

const config = JSON.parse(document.getElementById('scorecard-config')!.textContent!) as PageConfig;
const PERSONA_KEY = 'hub-scorecard:persona';

// ---------- small DOM helper ----------

type Child = Node | string | null | undefined | false;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

// ---------- formatting ----------

const nf0 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const num = (n: number, unit: Unit): string => (unit === 'COUNT' ? nf0.format(n) : nf1.format(n));

function withUnit(n: number, unit: Unit): string {
  switch (unit) {
    case 'COUNT':
      return nf0.format(n);
    case 'PERCENT':
      return `${nf1.format(n)}%`;
    case 'RATE_PER_10000':
      return `${nf1.format(n)} per 10,000`;
    case 'DAYS':
      return `${nf1.format(n)} days`;
  }
}

/** A figure with the unit only where it is part of how it reads (%); rates, days and counts carry their unit in the measure's line. */
function short(n: number, unit: Unit): string {
  return unit === 'PERCENT' ? `${nf1.format(n)}%` : num(n, unit);
}

const UNIT_NOTE: Record<Unit, string> = { COUNT: 'count', PERCENT: 'percentage', RATE_PER_10000: 'per 10,000 children aged 0-17', DAYS: 'average days' };
const OP: Record<string, string> = { LT: '<', LE: '≤', GT: '>', GE: '≥' };

function targetText(t: Target, m: Measure): string {
  const u = (n: number) => short(n, m.unit);
  switch (t.kind) {
    case 'VALUE':
      return m.polarity === 'HIGH_IS_GOOD' ? `≥ ${u(t.value!)}` : m.polarity === 'LOW_IS_GOOD' ? `≤ ${u(t.value!)}` : u(t.value!);
    case 'RANGE':
      return `${num(t.low!, m.unit)}–${u(t.high!)}`;
    case 'BOUND':
      return `${OP[t.boundOperator!] ?? t.boundOperator} ${u(t.value!)}`;
  }
}

const RAG_TEXT: Record<Rag, { label: string; glyph: string }> = {
  GREEN: { label: 'Green', glyph: '✓' },
  AMBER: { label: 'Amber', glyph: '!' },
  RED: { label: 'Red', glyph: '✕' },
  NONE: { label: 'No rating', glyph: '–' },
};

const POLARITY_TEXT: Record<Polarity, string> = { HIGH_IS_GOOD: 'higher is better', LOW_IS_GOOD: 'lower is better', NEUTRAL: 'neither direction is better' };

const REASON_SHORT: Record<Reason, string> = {
  SMALL_NUMERATOR: 'numerator is 1–4',
  SMALL_DENOMINATOR: 'denominator is 1–4',
  SMALL_COMPLEMENT: 'secondary: the rest of the total is 1–4',
  SECONDARY_PERIOD: 'secondary: a quarter in the period is withheld',
};

const COMPARATOR_TEXT: Record<string, { short: string; long: string }> = {
  STATISTICAL_NEIGHBOURS: { short: 'Stat. neighbours', long: 'Statistical neighbours (average of the area’s DfE statistical neighbours)' },
  ENGLAND: { short: 'England', long: 'England average' },
};

/** A period label short enough for a chart axis: "2026-27 to 2026-09-30" → "2026-27", "12 months to 2026-09-30" → "12m to 2026-09". */
function compactLabel(label: string): string {
  const rolling = /^12 months to (\d{4}-\d{2})/.exec(label);
  if (rolling) return `12m to ${rolling[1]}`;
  return label.replace(/ to \d{4}-\d{2}-\d{2}$/, '');
}

const SUPPRESSED_MARK = '[c]';
const SUPPRESSED_TEXT = 'suppressed: counts 1–4';

// ---------- notes (sources, suppression reasons) numbered once per page ----------

class Notes {
  private readonly list: string[] = [];
  ref(text: string): HTMLElement {
    let i = this.list.indexOf(text);
    if (i < 0) i = this.list.push(text) - 1;
    return el('sup', { class: 'note-ref' }, el('a', { href: `#note-${i + 1}`, 'aria-label': `note ${i + 1}` }, String(i + 1)));
  }
  render(): HTMLElement | null {
    if (!this.list.length) return null;
    return el(
      'section',
      { class: 'sc-notes', 'aria-labelledby': 'sc-notes-h' },
      el('h2', { id: 'sc-notes-h' }, 'Notes and sources'),
      el('ol', null, ...this.list.map((t, i) => el('li', { id: `note-${i + 1}` }, t))),
    );
  }
}

// ---------- trend chart ----------

/** Draws the target under the line: a band for a range, a dashed line for a value or bound. */
const targetPlugin: Plugin<'line'> = {
  id: 'hubTarget',
  beforeDatasetsDraw(chart) {
    const t = (chart.options.plugins as { hubTarget?: { target: Target | null } }).hubTarget?.target;
    if (!t) return;
    const { ctx, chartArea: a, scales } = chart;
    const y = scales.y!;
    ctx.save();
    if (t.kind === 'RANGE') {
      const top = y.getPixelForValue(t.high!);
      const bottom = y.getPixelForValue(t.low!);
      ctx.fillStyle = 'rgba(0, 112, 60, 0.13)';
      ctx.fillRect(a.left, top, a.right - a.left, bottom - top);
    } else if (t.value != null) {
      const py = y.getPixelForValue(t.value);
      ctx.strokeStyle = '#6f777b';
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(a.left, py);
      ctx.lineTo(a.right, py);
      ctx.stroke();
    }
    ctx.restore();
  },
};

/** Marks withheld trend points with a small "c" under the chart, and points with no value with a dash. */
const suppressedPlugin: Plugin<'line'> = {
  id: 'hubSuppressed',
  afterDatasetsDraw(chart) {
    const flags = (chart.options.plugins as { hubSuppressed?: { flags: ('c' | '–' | null)[] } }).hubSuppressed?.flags ?? [];
    const { ctx, chartArea: a, scales } = chart;
    ctx.save();
    ctx.fillStyle = '#505a5f';
    ctx.font = 'italic 600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    flags.forEach((f, i) => {
      if (f) ctx.fillText(f, scales.x!.getPixelForValue(i), a.bottom + 12);
    });
    ctx.restore();
  },
};

const charts: Chart[] = [];

function trendChart(m: Measure): HTMLElement {
  const points = [...m.trend].reverse(); // oldest first
  const values = points.map((p) => p.value);
  const shown = values.filter((v): v is number => v != null);
  const bounds = [...shown];
  if (m.target?.kind === 'RANGE') bounds.push(m.target.low!, m.target.high!);
  else if (m.target?.value != null) bounds.push(m.target.value);
  const lo = bounds.length ? Math.min(...bounds) : 0;
  const hi = bounds.length ? Math.max(...bounds) : 1;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.15;

  const canvas = el('canvas', {
    width: '160',
    height: '56',
    role: 'img',
    'data-chart': m.code,
    'aria-label': `Trend of ${m.name}, ${points[0]?.period.label ?? ''} to ${points.at(-1)?.period.label ?? ''}: ${points
      .map((p) => `${p.period.label} ${p.suppressed ? `${SUPPRESSED_MARK} suppressed` : p.value == null ? 'no value' : withUnit(p.value, m.unit)}`)
      .join('; ')}.`,
  });
  const last = points.length - 1;
  charts.push(
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: points.map((p) => p.period.label),
        datasets: [
          {
            data: values,
            borderColor: '#1d70b8',
            borderWidth: 2,
            pointRadius: values.map((_, i) => (i === last ? 3.5 : 2)),
            pointBackgroundColor: values.map((_, i) => (i === last ? '#0b0c0c' : '#1d70b8')),
            pointBorderWidth: 0,
            spanGaps: false,
            tension: 0,
          },
        ],
      },
      options: {
        responsive: false,
        animation: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        layout: { padding: { top: 4, bottom: 13, left: 5, right: 5 } },
        scales: {
          x: { display: false },
          y: { display: false, min: lo - pad, max: hi + pad },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            displayColors: false,
            callbacks: {
              label: (item: TooltipItem<'line'>) => {
                const p = points[item.dataIndex]!;
                return p.suppressed ? `${SUPPRESSED_MARK} ${SUPPRESSED_TEXT}` : p.value == null ? 'no value' : withUnit(p.value, m.unit);
              },
            },
          },
          hubTarget: { target: m.target },
          hubSuppressed: { flags: points.map((p) => (p.suppressed ? 'c' : p.value == null ? '–' : null)) },
        } as never,
      },
      plugins: [targetPlugin, suppressedPlugin],
    }),
  );
  const first = compactLabel(points[0]?.period.label ?? '');
  const lastLabel = compactLabel(points.at(-1)?.period.label ?? '');
  return el(
    'figure',
    { class: 'trend' },
    canvas,
    el('figcaption', null, el('span', null, first), el('span', null, lastLabel)),
  );
}

// ---------- cells ----------

function suppressionMark(reason: Reason | null, explanation: string | undefined, notes: Notes): HTMLElement {
  return el(
    'span',
    { class: 'supp', 'data-suppressed': 'true' },
    el('strong', { class: 'supp__mark' }, SUPPRESSED_MARK),
    ` ${SUPPRESSED_TEXT}`,
    reason ? el('span', { class: 'supp__reason' }, `(${REASON_SHORT[reason]})`) : null,
    explanation ? notes.ref(explanation) : null,
  );
}

function valueCell(m: Measure, explanation: string | undefined, notes: Notes): HTMLElement {
  if (m.suppressed) return el('td', { class: 'c-value' }, suppressionMark(m.suppressionReason, explanation, notes));
  if (m.value == null) return el('td', { class: 'c-value' }, el('span', { class: 'muted' }, 'no value'), el('span', { class: 'sub' }, 'nothing to measure in the period'));
  const unitLine: Record<Unit, string | null> = { COUNT: null, PERCENT: null, RATE_PER_10000: 'per 10,000 children', DAYS: 'days on average' };
  return el('td', { class: 'c-value' }, el('span', { class: 'big' }, short(m.value, m.unit)), unitLine[m.unit] ? el('span', { class: 'sub' }, unitLine[m.unit]!) : null);
}

function countsCell(m: Measure): HTMLElement {
  const n = m.numerator == null ? SUPPRESSED_MARK : nf0.format(m.numerator);
  if (m.unit === 'COUNT') return el('td', { class: 'c-counts' }, el('span', { title: m.numeratorDefinition }, n), el('span', { class: 'sub' }, 'count'));
  const d = m.denominator == null ? SUPPRESSED_MARK : nf0.format(m.denominator);
  const dLabel = m.unit === 'RATE_PER_10000' ? 'children 0-17' : m.unit === 'DAYS' ? 'units' : '';
  return el(
    'td',
    { class: 'c-counts' },
    el('span', { title: m.numeratorDefinition }, n),
    ' / ',
    el('span', { title: m.denominatorDefinition ?? '' }, d),
    dLabel ? el('span', { class: 'sub' }, dLabel) : null,
  );
}

function targetCell(m: Measure, notes: Notes): HTMLElement {
  if (!m.target) return el('td', { class: 'c-target' }, el('span', { class: 'muted' }, 'no target'));
  const t = m.target;
  return el(
    'td',
    { class: 'c-target' },
    el('span', null, targetText(t, m)),
    notes.ref(`Target: ${t.source} (in force from ${t.validFrom}).`),
    t.amberMargin ? el('span', { class: 'sub' }, `amber within ${num(t.amberMargin, m.unit)}`) : null,
  );
}

function ragCell(m: Measure): HTMLElement {
  const r = RAG_TEXT[m.rag];
  const why = m.rag !== 'NONE' ? null : m.suppressed ? 'value suppressed' : !m.target ? 'no target' : m.value == null ? 'no value' : 'not rated';
  return el(
    'td',
    { class: 'c-rag' },
    el('span', { class: `rag rag--${m.rag.toLowerCase()}`, 'data-rag': m.rag }, el('span', { class: 'rag__glyph', 'aria-hidden': 'true' }, r.glyph), ` ${r.label}`),
    why ? el('span', { class: 'sub' }, why) : null,
  );
}

function directionCell(m: Measure): HTMLElement {
  const prev = m.previous;
  const d = m.directionOfTravel;
  const up = m.value != null && prev?.value != null ? m.value > prev.value : null;
  const arrow = d === 'SAME' ? '→' : d === 'UNKNOWN' || up === null ? '·' : up ? '↑' : '↓';
  const word: Record<typeof d, string> = { IMPROVING: 'better', WORSENING: 'worse', SAME: 'no change', UP: 'up', DOWN: 'down', UNKNOWN: 'not comparable' };
  const cls: Record<typeof d, string> = { IMPROVING: 'dir--better', WORSENING: 'dir--worse', SAME: 'dir--same', UP: 'dir--neutral', DOWN: 'dir--neutral', UNKNOWN: 'dir--unknown' };
  const vs = prev ? `vs ${compactLabel(prev.period.label)}: ${prev.suppressed ? SUPPRESSED_MARK : prev.value == null ? 'no value' : short(prev.value, m.unit)}` : 'no previous period';
  return el(
    'td',
    { class: 'c-dir' },
    el('span', { class: `dir ${cls[d]}`, 'data-direction': d }, el('span', { class: 'dir__arrow', 'aria-hidden': 'true' }, arrow), ` ${word[d]}`),
    el('span', { class: 'sub' }, vs),
  );
}

function comparatorsCell(m: Measure, notes: Notes): HTMLElement {
  if (!m.comparators.length) return el('td', { class: 'c-comp' }, el('span', { class: 'muted' }, 'none published'));
  return el(
    'td',
    { class: 'c-comp' },
    el(
      'dl',
      null,
      ...m.comparators.flatMap((c) => [
        el('dt', null, COMPARATOR_TEXT[c.comparator] ? el('abbr', { title: COMPARATOR_TEXT[c.comparator]!.long }, COMPARATOR_TEXT[c.comparator]!.short) : c.comparator),
        el('dd', null, short(c.value, m.unit), ' ', el('span', { class: 'sub-inline' }, `· ${c.periodLabel}`, notes.ref(c.source))),
      ]),
    ),
  );
}

function measureRow(m: Measure, sc: Scorecard, notes: Notes): HTMLElement {
  const explanation = sc.suppressions.find((s) => s.measureCode === m.code && s.periodLabel === m.period.label)?.explanation;
  const withheldInTrend = m.trend.filter((p) => p.suppressed).length;
  return el(
    'tr',
    { 'data-code': m.code, class: m.suppressed ? 'is-suppressed' : undefined },
    el(
      'th',
      { scope: 'row', class: 'c-measure' },
      el('span', { class: 'm-name' }, m.name),
      el('span', { class: 'm-code' }, m.code),
      el('span', { class: 'm-def', title: m.definition }, m.definition),
      el('span', { class: 'm-meta' }, `${UNIT_NOTE[m.unit]} · ${POLARITY_TEXT[m.polarity]}${m.periodBasis === 'SNAPSHOT_AT_PERIOD_END' ? ' · snapshot at period end' : ''}`),
      el('span', { class: 'm-source', title: m.source }, `Source: ${m.source}`),
    ),
    valueCell(m, explanation, notes),
    countsCell(m),
    targetCell(m, notes),
    ragCell(m),
    directionCell(m),
    el('td', { class: 'c-trend' }, trendChart(m), withheldInTrend ? el('span', { class: 'sub' }, `${withheldInTrend} of ${m.trend.length} points ${SUPPRESSED_MARK}`) : null),
    comparatorsCell(m, notes),
  );
}

const HEAD = ['Measure', 'Value', 'Numerator / denominator', 'Target', 'RAG', 'Change', 'Trend (8 periods)', 'Comparators'];

function summary(sc: Scorecard): HTMLElement {
  const count = (r: Rag) => sc.measures.filter((m) => m.rag === r).length;
  const suppressed = sc.measures.filter((m) => m.suppressed).length;
  const chip = (cls: string, glyph: string, text: string, n: number) =>
    el('li', { class: `chip ${cls}` }, el('span', { class: 'rag__glyph', 'aria-hidden': 'true' }, glyph), ` ${n} ${text}`);
  return el(
    'ul',
    { class: 'sc-summary', 'aria-label': 'Summary' },
    chip('rag--green', RAG_TEXT.GREEN.glyph, 'green', count('GREEN')),
    chip('rag--amber', RAG_TEXT.AMBER.glyph, 'amber', count('AMBER')),
    chip('rag--red', RAG_TEXT.RED.glyph, 'red', count('RED')),
    chip('rag--none', RAG_TEXT.NONE.glyph, 'not rated', count('NONE')),
    chip('chip--supp', SUPPRESSED_MARK, 'suppressed this period', suppressed),
  );
}

function renderScorecard(sc: Scorecard, target: HTMLElement): void {
  for (const c of charts.splice(0)) c.destroy();
  const notes = new Notes();
  const byCode = new Map(sc.measures.map((m) => [m.code, m]));
  const groups = config.domains.map((d) => ({ title: d.title, id: d.id, measures: d.codes.flatMap((c) => (byCode.has(c) ? [byCode.get(c)!] : [])) }));
  const placed = new Set(config.domains.flatMap((d) => d.codes));
  // Measures the page was not told about (a hub newer than its page config) go under "Other measures".
  const other = sc.measures.filter((m) => !placed.has(m.code));
  if (other.length) {
    const existing = groups.find((g) => g.id === 'other');
    if (existing) existing.measures.push(...other);
    else groups.push({ title: config.otherDomainTitle, id: 'other', measures: other });
  }

  const periodTypeLabel = config.periodTypes.find((p) => p.value === sc.periodType)?.label ?? sc.periodType;
  const heading = el(
    'section',
    { class: 'sc-heading' },
    el('h1', null, `Partnership scorecard: ${sc.period.label}`),
    el('p', { class: 'sc-sub' }, `${sc.area} · ${periodTypeLabel} · ${sc.period.start} to ${sc.period.end} · ${sc.measures.length} measures · trend: this period and the 7 before it`),
    summary(sc),
    sc.suppressionApplied
      ? el('p', { class: 'sc-rule' }, el('strong', null, `${SUPPRESSED_MARK} Small numbers: `), 'counts from 1 to 4, and the figures that would reveal them, are withheld for analytics. ', notes.ref(sc.suppressionRule))
      : el('p', { class: 'sc-rule' }, 'Small-number suppression does not apply to this token’s purpose: all figures are shown.'),
  );
  const sections = groups
    .filter((g) => g.measures.length)
    .map((g) =>
      el(
        'section',
        { class: 'sc-domain', 'aria-labelledby': `d-${g.id}` },
        el('h2', { id: `d-${g.id}` }, g.title),
        el(
          'table',
          { class: 'sc-table' },
          el('colgroup', null, ...HEAD.map((_, i) => el('col', { class: `col-${i}` }))),
          el('thead', null, el('tr', null, ...HEAD.map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', null, ...g.measures.map((m) => measureRow(m, sc, notes))),
        ),
      ),
    );
  const key = el(
    'section',
    { class: 'sc-key', 'aria-label': 'Key' },
    el('h2', null, 'Key'),
    el(
      'ul',
      null,
      el('li', null, el('span', { class: 'rag rag--green' }, '✓ Green'), ' meets the target; ', el('span', { class: 'rag rag--amber' }, '! Amber'), ' outside it by no more than its amber margin; ', el('span', { class: 'rag rag--red' }, '✕ Red'), ' further; ', el('span', { class: 'rag rag--none' }, '– No rating'), ' no target or no value.'),
      el('li', null, 'Change compares with the previous period: ↑ / ↓ with “better” or “worse” by the measure’s polarity; “up” / “down” where neither direction is better.'),
      el('li', null, 'Trend: the 8 periods to this one, oldest on the left, this period as the dark point; dashed line: target; shaded band: target range; “c” under a point: withheld; “–”: no value (nothing to count).'),
      el('li', null, `${SUPPRESSED_MARK} ${SUPPRESSED_TEXT}: a figure withheld because it, or what it would reveal, is between 1 and 4.`),
      el('li', null, 'Definitions are shortened on this page (hover for the full text); every measure is defined in full in the hub’s measures catalogue (docs/measures.md).'),
    ),
  );
  target.replaceChildren(heading, ...sections, key, notes.render() ?? '');
}

// ---------- token, controls, loading ----------

interface Who {
  sub?: string;
  agency?: string;
  roles?: string[];
  exp?: number;
}

function describeToken(token: string): Who | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Who;
  } catch {
    return null;
  }
}

const state = { token: '', seq: 0 };
const params = new URLSearchParams(location.search);
const initial = {
  periodType: config.periodTypes.some((p) => p.value === params.get('periodType')) ? params.get('periodType')! : config.defaults.periodType,
  periodEnd: /^\d{4}-\d{2}-\d{2}$/.test(params.get('periodEnd') ?? '') ? params.get('periodEnd')! : config.defaults.periodEnd,
  area: /^[A-Z0-9-]{1,60}$/i.test(params.get('area') ?? '') ? params.get('area')! : config.defaults.area,
};

const periodType = el('select', { id: 'sc-period-type', name: 'periodType' }, ...config.periodTypes.map((p) => el('option', { value: p.value }, p.label)));
periodType.value = initial.periodType;
const periodEnd = el('input', { id: 'sc-period-end', name: 'periodEnd', type: 'date', required: '', min: '2012-01-01', max: '2030-12-31' });
periodEnd.value = initial.periodEnd;
const area = el('input', { id: 'sc-area', name: 'area', type: 'text', required: '', size: '16', spellcheck: 'false', autocomplete: 'off' });
area.value = initial.area;
const who = el('span', { id: 'sc-who', class: 'bar__who', role: 'status' });
const status = el('p', { id: 'sc-status', class: 'sc-status', role: 'status', 'aria-live': 'polite' });
const content = el('main', { id: 'sc-content', class: 'sc-content' });

function setStatus(text: string, kind: 'busy' | 'error' | 'idle'): void {
  status.textContent = text;
  status.className = `sc-status sc-status--${kind}${kind === 'idle' ? ' visually-hidden' : ''}`;
  document.body.dataset.state = kind === 'busy' ? 'loading' : kind === 'error' ? 'error' : 'ready';
}

function showWho(): void {
  const w = state.token ? describeToken(state.token) : null;
  const expired = w?.exp !== undefined && w.exp * 1000 < Date.now();
  who.textContent = !state.token ? 'No token: pick a persona or paste a bearer token.' : w ? `As ${w.sub ?? '?'} (${w.agency ?? '?'}${w.roles?.length ? `, ${w.roles.join(', ')}` : ''})${expired ? ' — token EXPIRED' : ''}` : 'Using the pasted token.';
  who.classList.toggle('bar__who--error', expired);
}

async function loadScorecard(): Promise<void> {
  const mine = ++state.seq;
  const input = { periodType: periodType.value, periodEnd: periodEnd.value, area: area.value.trim() };
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(input)) url.searchParams.set(k, v);
  history.replaceState(null, '', url);
  if (!state.token) {
    content.replaceChildren();
    setStatus(config.devTokenUrl ? 'Pick a persona or paste a bearer token to see the scorecard.' : 'Paste a bearer token to see the scorecard.', 'error');
    return;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.periodEnd)) {
    setStatus('Enter a period end date.', 'error');
    return;
  }
  setStatus(`Loading the scorecard for the period ending ${input.periodEnd}…`, 'busy');
  try {
    const res = await fetch(config.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${state.token}` },
      body: JSON.stringify({ query: QUERY, variables: { input }, operationName: 'ScorecardPage' }),
      credentials: 'omit',
    });
    const text = await res.text();
    if (mine !== state.seq) return;
    let body: { data?: { scorecard?: Scorecard } | null; errors?: { message: string }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    }
    if (res.status === 401) throw new Error(`The hub refused the token: ${body.errors?.[0]?.message ?? 'unauthenticated'}`);
    const sc = body.data?.scorecard;
    if (!sc) {
      const msg = body.errors?.map((e) => e.message).join(' ') ?? `HTTP ${res.status}`;
      throw new Error(/Cannot query field "scorecard"|Unknown type "ScorecardInput"/.test(msg) ? 'This token may not read the scorecard (board analysts, BI service and team managers can).' : msg);
    }
    renderScorecard(sc, content);
    document.title = `Scorecard ${sc.period.label} · Safeguarding Partnership Hub`;
    setStatus(`${sc.measures.length} measures for ${sc.period.label}.`, 'idle');
  } catch (err) {
    if (mine !== state.seq) return;
    content.replaceChildren();
    setStatus(`Could not load the scorecard: ${(err as Error).message}`, 'error');
  }
}

async function usePersona(name: string): Promise<void> {
  state.token = '';
  showWho();
  if (!name) {
    localStorage.removeItem(PERSONA_KEY);
    await loadScorecard();
    return;
  }
  localStorage.setItem(PERSONA_KEY, name);
  const mine = ++state.seq;
  setStatus('Getting a development token…', 'busy');
  try {
    const res = await fetch(`${config.devTokenUrl}?persona=${encodeURIComponent(name)}`, { credentials: 'omit', cache: 'no-store' });
    const body = (await res.json()) as { token?: string; error?: string };
    if (mine !== state.seq) return;
    if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
    state.token = body.token;
    showWho();
    await loadScorecard();
  } catch (err) {
    if (mine !== state.seq) return;
    setStatus(`Could not get a token for ${name}: ${(err as Error).message}`, 'error');
  }
}

function bar(): HTMLElement {
  let personaSelect: HTMLSelectElement | null = null;
  if (config.devTokenUrl) {
    personaSelect = el(
      'select',
      { id: 'sc-persona', 'data-testid': 'persona' },
      el('option', { value: '' }, '— none —'),
      ...config.personas.map((p) => el('option', { value: p.name, title: p.title }, `${p.name} — ${p.title}`)),
    );
    personaSelect.addEventListener('change', () => void usePersona(personaSelect!.value));
  }
  const tokenInput = el('input', { id: 'sc-token', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'Paste a bearer token (JWT)' });
  const tokenForm = el('form', { class: 'bar__field bar__token' }, tokenInput, el('button', { type: 'submit', id: 'sc-token-use' }, 'Use token'));
  tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    tokenInput.value = '';
    if (personaSelect) personaSelect.value = '';
    localStorage.removeItem(PERSONA_KEY);
    showWho();
    void loadScorecard();
  });

  const periodForm = el(
    'form',
    { class: 'bar__row bar__period', id: 'sc-period' },
    el('label', { class: 'bar__field' }, 'Period ', periodType),
    el('label', { class: 'bar__field' }, 'ending ', periodEnd),
    el('label', { class: 'bar__field' }, 'Area ', area),
    el('button', { type: 'submit', class: 'primary' }, 'Show scorecard'),
    el('button', { type: 'button', id: 'sc-print' }, 'Print'),
  );
  periodForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void loadScorecard();
  });
  periodType.addEventListener('change', () => void loadScorecard());
  periodForm.querySelector('#sc-print')!.addEventListener('click', () => window.print());

  const remembered = config.devTokenUrl ? (localStorage.getItem(PERSONA_KEY) ?? config.defaultPersona ?? '') : '';
  if (personaSelect) {
    personaSelect.value = config.personas.some((p) => p.name === remembered) ? remembered : (config.defaultPersona ?? '');
    queueMicrotask(() => void usePersona(personaSelect!.value));
  } else {
    queueMicrotask(() => void loadScorecard());
  }
  return el(
    'header',
    { class: 'bar' },
    el(
      'div',
      { class: 'bar__row' },
      el('span', { class: 'bar__title' }, 'Safeguarding Partnership Hub', el('small', null, ' scorecard')),
      personaSelect ? el('label', { class: 'bar__field' }, 'Persona ', personaSelect) : null,
      tokenForm,
      who,
    ),
    periodForm,
  );
}

const root = document.getElementById('scorecard')!;
root.replaceChildren(bar(), status, content);
showWho();
