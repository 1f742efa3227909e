/**
 * How the scorecard page groups the catalogue's measures (src/analytics/measures.ts) for a board:
 * by area of practice, in the order a partnership scorecard reads. An entry is a code or a prefix
 * ending in `*` (the measures it matches, in catalogue order). Codes not in the catalogue are ignored
 * and empty domains are not shown. A measure matched by no entry still shows, under "Other measures",
 * but test/analytics/scorecard-page.test.ts fails until it is given a domain here.
 */
export interface MeasureDomain {
  id: string;
  title: string;
  /** Codes, or prefixes ending in `*`. */
  codes: string[];
}

export const MEASURE_DOMAINS: readonly MeasureDomain[] = [
  {
    id: 'front-door',
    title: 'Front door, referrals and assessment',
    codes: ['CONTACTS', 'CONTACT_TO_REFERRAL_PCT', 'REFERRALS', 'RE_REFERRAL_12M_PCT', 'REFERRAL_DECISION_1WD_PCT', 'ASSESSMENT_45WD_PCT'],
  },
  {
    id: 'strategy',
    title: 'Strategy discussions',
    codes: ['STRATEGY_DISCUSSIONS', 'STRATEGY_MULTI_AGENCY_PCT', 'STRATEGY_PARTNER_ATTENDANCE_PCT', 'STRATEGY_HEALTH_ATTENDED_PCT', 'STRATEGY_EDUCATION_ATTENDED_PCT', 'STRATEGY_TO_S47_PCT'],
  },
  {
    id: 'child-protection',
    title: 'Child protection',
    codes: ['ICPC_15WD_PCT', 'CP_PLANS', 'CP_PLAN_RATE', 'CP_SECOND_SUBSEQUENT_PCT', 'CP_PLANS_ENDED_2Y_PCT', 'CP_REVIEWS_IN_TIME_PCT', 'CP_VISITS_IN_TIME_PCT'],
  },
  { id: 'exploitation', title: 'Exploitation', codes: ['EXPLOITATION_*'] },
  { id: 'children-in-care', title: 'Children in care', codes: ['CLA', 'CLA_RATE', 'CLA_3PLUS_PLACEMENTS_PCT', 'CARE_REVIEWS_IN_TIME_PCT'] },
  {
    id: 'care-health',
    title: 'Health of children in care',
    codes: ['IHA_REQUESTED_2WD_PCT', 'IHA_20WD_PCT', 'RHA_IN_TIME_PCT', 'CLA_HEALTH_CHECK_PCT', 'CLA_DENTAL_CHECK_PCT', 'CLA_IMMUNISATIONS_PCT', 'CLA_SDQ_PCT'],
  },
  { id: 'care-leavers', title: 'Care leavers', codes: ['CARE_LEAVERS_*'] },
  { id: 'missing', title: 'Children missing from home or care', codes: ['MISSING_EPISODES', 'MISSING_5PLUS_CHILDREN', 'MISSING_*', 'RHI_OFFERED_72H_PCT', 'RHI_*'] },
  { id: 'lado', title: 'Allegations against adults who work with children (LADO)', codes: ['LADO_*'] },
  { id: 'partnership', title: 'Partnership working', codes: ['PARTNER_*', 'NHS_NUMBER_TRACED_PCT_*'] },
  { id: 'domestic-abuse', title: 'Domestic abuse (Operation Encompass)', codes: ['OPERATION_ENCOMPASS_*'] },
];

export const OTHER_DOMAIN = { id: 'other', title: 'Other measures' } as const;

/** The domains with the catalogue's codes in page order: each code once, unmatched codes last under "Other measures". */
export function groupCodes(catalogue: readonly string[]): { id: string; title: string; codes: string[] }[] {
  const placed = new Set<string>();
  const out: { id: string; title: string; codes: string[] }[] = [];
  for (const d of MEASURE_DOMAINS) {
    const codes: string[] = [];
    for (const entry of d.codes) {
      const matches = entry.endsWith('*') ? catalogue.filter((c) => c.startsWith(entry.slice(0, -1))) : catalogue.filter((c) => c === entry);
      for (const c of matches) if (!placed.has(c)) (placed.add(c), codes.push(c));
    }
    if (codes.length) out.push({ id: d.id, title: d.title, codes });
  }
  const other = catalogue.filter((c) => !placed.has(c));
  if (other.length) out.push({ ...OTHER_DOMAIN, codes: other });
  return out;
}
