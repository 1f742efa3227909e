import type pg from 'pg';
import { DEFAULT_LAWFUL_BASIS } from '../../src/access/lawful-basis';
import { AgencyKind } from '../../src/modules/agencies/agency.entity';
import { addMonths, addWorkingDays, ageOn } from '../../src/modules/care/dates';
import { nhsCheckDigit, upnCheckLetter } from '../../src/modules/people/identifiers';
import { type Area, areaOf, milesBetween, type Place, placeIn, type PlacementSite, placementSite, providerFor, type SeedPlacementType } from '../places';
import { addDays, Rng } from '../random';
import { lookedAfterYears } from '../looked-after-years';
import type { Pathway } from '../world';
import { BulkTable, pgArray, type Value } from './bulk';

/**
 * The synthetic partnership: N children known to Northshire with histories over three years, in the
 * proportions the partnership scorecards show (seeds/generate/README in docs/performance.md):
 * most children are contact-only or early help, about 8% child in need, 1% on a child protection plan,
 * 0.7% in care. Written straight into the tables with bulk SQL (see bulk.ts) as the connecting role,
 * which must own the tables or be a superuser (row-level security is bypassed). Needs the demo agencies
 * (seedDemoAgencies) and no other generated data.
 */
export interface GenerateOptions {
  children: number;
  seed?: number;
  /** The fixed "today" of the data set (default 2026-11-01, the demo's). */
  today?: string;
  /** Rows per INSERT (default 5,000). */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface GenerateResult {
  rows: Record<string, number>;
  ms: number;
  /** Rebuilding the scorecard facts after the load (loadGeneratedPartnership). */
  factsMs?: number;
}

/** Share of generated children on each pathway (sums to 1). */
export const PATHWAY_SHARES: ReadonlyArray<[Pathway, number]> = [
  ['CONTACT_ONLY', 0.55],
  ['EARLY_HELP', 0.25],
  ['CHILD_IN_NEED', 0.08],
  ['EDUCATION_CONCERN', 0.08],
  ['EXPLOITATION', 0.015],
  ['CHILD_PROTECTION', 0.01],
  ['CHILD_IN_CARE', 0.007],
  ['CARE_LEAVER', 0.003],
  ['UNBORN', 0.005],
];

const COMMON: Array<[string, string]> = [
  ['id', 'uuid'],
  ['owning_agency_id', 'uuid'],
  ['created_by', 'text'],
  ['updated_by', 'text'],
  ['lawful_basis', 'text'],
  ['source_system', 'text'],
  ['source_record_id', 'text'],
];
const rec = (name: string, cols: Array<[string, string]>) => new BulkTable(name, [...COMMON, ...cols]);
const e = (t: string) => `"${t}"`;

/** In foreign-key order: a batch flushes the tables in this order. */
function makeTables() {
  return {
    child: rec('child', [['given_name', 'text'], ['family_name', 'text'], ['date_of_birth', 'date'], ['expected_date_of_birth', 'date'], ['sex', e('sex')], ['gender', e('gender')], ['ethnicity', e('ethnicity')], ['is_uasc', 'boolean']]),
    child_identifier: rec('child_identifier', [['child_id', 'uuid'], ['type', e('identifier_type')], ['namespace', 'text'], ['value', 'text'], ['valid_from', 'date']]),
    child_address: rec('child_address', [['child_id', 'uuid'], ['address_type', e('address_type')], ['line1', 'text'], ['town', 'text'], ['postcode', 'text'], ['from_date', 'date'], ['confidential', 'boolean']]),
    involvement: rec('involvement', [['child_id', 'uuid'], ['agency_id', 'uuid'], ['team_id', 'uuid'], ['practitioner_id', 'uuid'], ['role', e('involvement_role')], ['started_at', 'date'], ['ended_at', 'date'], ['end_reason', e('involvement_end_reason')], ['status', e('involvement_status')], ['lead_agency_id', 'uuid'], ['decided_at', 'timestamptz'], ['decided_by', 'text']]),
    school_enrolment: rec('school_enrolment', [['child_id', 'uuid'], ['school_id', 'uuid'], ['from_date', 'date'], ['to_date', 'date'], ['upn_used', 'text']]),
    contact: rec('contact', [['child_id', 'uuid'], ['contact_at', 'timestamptz'], ['source', e('referral_source')], ['outcome', e('contact_outcome')], ['summary', 'text']]),
    referral: rec('referral', [['child_id', 'uuid'], ['contact_id', 'uuid'], ['referral_date', 'date'], ['source', e('referral_source')], ['primary_need', e('primary_need')], ['nfa', 'boolean'], ['decision_at', 'timestamptz'], ['closure_date', 'date'], ['closure_reason', e('closure_reason')]]),
    assessment: rec('assessment', [['child_id', 'uuid'], ['referral_id', 'uuid'], ['start_date', 'date'], ['authorised_date', 'date'], ['child_seen', 'boolean'], ['factors', `${e('assessment_factor')}[]`], ['outcome', e('assessment_outcome')]]),
    cin_plan: rec('cin_plan', [['child_id', 'uuid'], ['referral_id', 'uuid'], ['start_date', 'date'], ['end_date', 'date']]),
    strategy_discussion: rec('strategy_discussion', [['child_id', 'uuid'], ['referral_id', 'uuid'], ['concern_summary', 'text'], ['convened_by_name', 'text'], ['convened_by_role', 'text'], ['held_at', 'timestamptz'], ['format', e('strategy_discussion_format')], ['decision', e('strategy_discussion_decision')], ['decision_rationale', 'text']]),
    strategy_discussion_participant: rec('strategy_discussion_participant', [['discussion_id', 'uuid'], ['agency_id', 'uuid'], ['agency_kind', e('agency_kind')], ['role', 'text'], ['practitioner_name', 'text'], ['status', e('strategy_participant_status')], ['status_reason', 'text'], ['invited_at', 'timestamptz']]),
    agency_contribution: rec('agency_contribution', [['discussion_id', 'uuid'], ['agency_kind', e('agency_kind')], ['contributor_name', 'text'], ['contributor_role', 'text'], ['summary', 'text'], ['health_detail', 'text'], ['police_intelligence', 'text'], ['education_detail', 'text'], ['social_care_detail', 'text'], ['source_evaluation', e('source_evaluation')], ['intelligence_assessment', e('intelligence_assessment')], ['handling_code', e('handling_code')]]),
    section47_enquiry: rec('section47_enquiry', [['child_id', 'uuid'], ['strategy_discussion_id', 'uuid'], ['start_date', 'date'], ['end_date', 'date'], ['outcome', e('s47_outcome')], ['conference_required', 'boolean']]),
    child_protection_conference_initial: rec('child_protection_conference', [['child_id', 'uuid'], ['type', e('cp_conference_type')], ['section47enquiry_id', 'uuid'], ['reviewed_plan_id', 'uuid'], ['conference_date', 'date'], ['outcome', e('cp_conference_outcome')], ['category_of_abuse', e('category_of_abuse')], ['chair_name', 'text'], ['attending_agency_ids', 'uuid[]']]),
    child_protection_plan: rec('child_protection_plan', [['child_id', 'uuid'], ['initial_conference_id', 'uuid'], ['start_date', 'date'], ['end_date', 'date'], ['category', e('category_of_abuse')], ['end_reason', e('cp_plan_end_reason')]]),
    child_protection_conference_review: rec('child_protection_conference', [['child_id', 'uuid'], ['type', e('cp_conference_type')], ['section47enquiry_id', 'uuid'], ['reviewed_plan_id', 'uuid'], ['conference_date', 'date'], ['outcome', e('cp_conference_outcome')], ['category_of_abuse', e('category_of_abuse')], ['chair_name', 'text'], ['attending_agency_ids', 'uuid[]']]),
    core_group_meeting: rec('core_group_meeting', [['plan_id', 'uuid'], ['meeting_date', 'date']]),
    child_protection_visit: rec('child_protection_visit', [['child_id', 'uuid'], ['plan_id', 'uuid'], ['visit_date', 'date'], ['seen', 'boolean'], ['seen_alone', 'boolean'], ['bedroom_seen', 'boolean'], ['practitioner_role', 'text']]),
    care_episode: rec('care_episode', [['child_id', 'uuid'], ['start_date', 'date'], ['end_date', 'date'], ['entered_care_date', 'date'], ['legal_status', e('care_legal_status')], ['category_of_need', e('care_category_of_need')], ['reason_for_new_episode', e('care_reason_new_episode')], ['reason_episode_ceased', e('care_reason_episode_ceased')]]),
    care_placement: rec('care_placement', [['episode_id', 'uuid'], ['child_id', 'uuid'], ['start_date', 'date'], ['end_date', 'date'], ['placement_type', e('care_placement_type')], ['provider', e('care_placement_provider')], ['postcode', 'text'], ['urn', 'text'], ['distance_from_home_miles', 'float8'], ['change_reason', e('care_placement_change_reason')]]),
    care_review: rec('care_review', [['child_id', 'uuid'], ['episode_id', 'uuid'], ['type', e('care_review_type')], ['review_date', 'date'], ['due_date', 'date'], ['participation', e('care_review_participation')]]),
    care_leaver: rec('care_leaver', [['child_id', 'uuid'], ['contact_date', 'date'], ['eligibility', e('care_leaver_eligibility')], ['in_touch', e('care_leaver_in_touch')], ['accommodation', e('care_leaver_accommodation')], ['accommodation_suitable', 'boolean'], ['activity', e('care_leaver_activity')]]),
    looked_after_year: rec('looked_after_year', [['child_id', 'uuid'], ['collection_year', 'int2'], ['mother', 'boolean'], ['first_child_born_on', 'date'], ['convicted', 'boolean'], ['substance_misuse', 'boolean'], ['intervention_received', 'boolean'], ['intervention_offered', 'boolean']]),
    health_assessment: rec('health_assessment', [['child_id', 'uuid'], ['care_episode_id', 'uuid'], ['requesting_agency_id', 'uuid'], ['entered_care_date', 'date'], ['type', e('health_assessment_type')], ['requested_at', 'timestamptz'], ['due_by', 'date'], ['completed_at', 'date'], ['performed_by', e('health_assessor_role')], ['outcome_summary', 'text'], ['sdq_score', 'int2'], ['sdq_reason', e('health_sdq_reason')], ['declined', 'boolean'], ['declined_reason', 'text'], ['immunisations_up_to_date', 'boolean']]),
    exploitation_screening: rec('exploitation_screening', [['child_id', 'uuid'], ['tool_name', 'text'], ['tool_version', 'text'], ['screened_at', 'timestamptz'], ['tool_outcome', 'text'], ['level', e('exploitation_level')], ['level_mapping_note', 'text'], ['exploitation_types', 'text[]'], ['indicator_list', 'text[]'], ['indicators_classification', 'text'], ['referred_to_mace', 'boolean'], ['mace_date', 'date'], ['nrm_referral', 'boolean']]),
    missing_episode: rec('missing_episode', [['child_id', 'uuid'], ['episode_type', e('missing_episode_type')], ['start_at', 'timestamptz'], ['end_at', 'timestamptz'], ['risk_grading', e('missing_risk_grading')], ['risk_grading_scheme', 'text'], ['found_location', 'text']]),
    return_home_interview: rec('return_home_interview', [['episode_id', 'uuid'], ['offered_at', 'timestamptz'], ['held_at', 'timestamptz'], ['declined_at', 'timestamptz'], ['conducted_by_role', 'text'], ['findings', 'text'], ['decline_reason', 'text'], ['push_factors', 'text[]'], ['pull_factors', 'text[]']]),
  };
}
type Tables = ReturnType<typeof makeTables>;

const GIVEN_M = ['Oliver', 'Noah', 'Muhammad', 'Leo', 'George', 'Harry', 'Jack', 'Riley', 'Malachi', 'Theo', 'Kai', 'Arlo', 'Jayden', 'Tyler', 'Kacper', 'Ibrahim'];
const GIVEN_F = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Lily', 'Freya', 'Mia', 'Sophia', 'Aisha', 'Grace', 'Ruby', 'Evie', 'Zara', 'Maja', 'Chloe', 'Nevaeh'];
const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Khan', 'Ali', 'Hussain', 'Campbell', 'Kowalski', 'Nowak', 'Walker', 'Wright', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Lewis', 'Martin', 'Jackson', 'Clarke', 'Okafor', 'Mensah', 'Patel', 'Begum'];
const ETHNICITY: ReadonlyArray<[string, number]> = [['WBRI', 0.72], ['WOTH', 0.05], ['MWBC', 0.03], ['MOTH', 0.02], ['APKN', 0.04], ['AIND', 0.02], ['ABAN', 0.01], ['BAFR', 0.03], ['BCRB', 0.02], ['CHNE', 0.01], ['OOTH', 0.02], ['WROM', 0.01], ['REFU', 0.01], ['NOBT', 0.01]];
/** Home towns (real Oxfordshire postcodes: seeds/places.ts). */
const TOWNS: readonly Area[] = ['Northby', 'Castlegate', 'Ashfield', 'Brookside', 'Millbridge'];
const STREETS = ['High Street', 'Church Lane', 'Station Road', 'Victoria Road', 'Park Avenue', 'Mill Lane', 'Castle Estate', 'Queens Road'];
const CONTACT_SOURCES = ['1A', '1B', '1C', '2A', '2B', '3A', '3B', '3C', '3E', '5A', '5B', '5D', '6', '8', '9'];
const NEEDS = ['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'];
const FACTORS = ['1A', '1B', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '6A', '6B', '6C', '7A', '8B', '8C', '8F', '11A', '16A', '17A', '18B', '19B', '22A', '23A', '24A'];
const CONTACT_SUMMARIES = ['School reports unexplained bruising.', 'Police attended a domestic incident; child present.', 'Health visitor concerned about home conditions.', 'Anonymous concern about supervision.', 'Parent asks for help with behaviour.', 'GP reports missed appointments and weight loss.'];
const CONCERNS = ['Injury disclosed at school; explanation inconsistent.', 'Domestic abuse incident with the child present; second this year.', 'Child found out of area late at night with older males.', 'Neglect: home conditions and missed health appointments.', 'Disclosure of sexual harm by a family friend.'];
/** Legal status a period of care starts under: s20 most often, then an interim care order, a care order, an EPO. */
const FIRST_LEGAL_STATUS = ['V2', 'V2', 'V2', 'V2', 'C1', 'C1', 'C2', 'L2'];
/**
 * Placement types by the child's age at the move: foster care (family and friends, long-term, short-term,
 * fostering for adoption for babies), children's homes from 11, registered supported accommodation (K3;
 * H5 was withdrawn in 2025/26: rule 146) from 16, placed with parents (only under a care order, see
 * carePeriod), a care home (R1) now and then.
 */
function placementTypesAt(age: number): readonly string[] {
  if (age < 1) return ['U6', 'U6', 'U6', 'U4', 'U5', 'U3', 'U2', 'U6'];
  if (age < 11) return ['U6', 'U6', 'U6', 'U4', 'U4', 'U4', 'U1', 'U3', 'U3', 'P1', 'U6', 'U4'];
  if (age < 16) return ['U6', 'U6', 'U6', 'U6', 'U4', 'U4', 'U4', 'U4', 'U1', 'U1', 'U3', 'U3', 'K2', 'K2', 'K2', 'K2', 'K2', 'K2', 'P1', 'P1', 'U4', 'U6', 'U6', 'R1'];
  return ['K3', 'K3', 'K3', 'U4', 'U6', 'U1', 'K2', 'K2', 'U4', 'K3', 'U6', 'K3'];
}
/**
 * Where foster and adoptive families and care homes are: near the child's home (null) or elsewhere in the
 * county mostly, some in neighbouring authorities, a few further away.
 */
const PLACEMENT_AREAS: ReadonlyArray<Area | null> = [null, null, null, null, 'Northby', 'Castlegate', 'Ashfield', 'Brookside', 'Millbridge', 'Easterholme', 'Swindon', 'Reading', 'Birmingham', 'Leeds'];
const FOSTER = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
/** Why a child moved (not PLACE, a change in the placement's status only: that is no move). */
const MOVE_REASONS = ['CARPL', 'CARPL', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'ALLEG', 'STAND'];
const PUSH = ['Arguments at home', 'Arguments about school', 'Bereavement', 'Boundaries at placement'];
const PULL = ['Friends in town', 'Older boyfriend', 'Offered money and gifts', 'Peer group'];
const LA_BASIS = DEFAULT_LAWFUL_BASIS[AgencyKind.LOCAL_AUTHORITY];
const POLICE_BASIS = DEFAULT_LAWFUL_BASIS[AgencyKind.POLICE];

interface Partners {
  la: string;
  health: string;
  police: string;
  schools: string[];
  teams: Record<string, string | undefined>;
  practitioners: Record<string, string | undefined>;
}

async function loadPartners(client: pg.ClientBase): Promise<Partners> {
  const agencies = (await client.query<{ id: string; code: string; kind: string }>('select id, code, kind from agency order by code')).rows;
  const code = (c: string) => {
    const a = agencies.find((x) => x.code === c);
    if (!a) throw new Error(`Agency ${c} is missing: load the demo agencies first (seedDemoAgencies).`);
    return a.id;
  };
  const schools = agencies.filter((a) => a.kind === 'EDUCATION').map((a) => a.id);
  if (!schools.length) throw new Error('No education agency: load the demo agencies first (seedDemoAgencies).');
  const teams: Record<string, string> = {};
  for (const t of (await client.query<{ id: string; code: string; agency_id: string }>('select id, code, agency_id from team')).rows) teams[t.code] = t.id;
  const practitioners: Record<string, string> = {};
  for (const p of (await client.query<{ id: string; subject: string }>('select id, subject from practitioner')).rows) practitioners[p.subject] = p.id;
  return { la: code('LA-NORTHSHIRE'), health: code('NHS-NORTHSHIRE-CHT'), police: code('POLICE-NORTHSHIRE'), schools, teams, practitioners };
}

/** A v4-shaped UUID from the seeded generator, so the same seed gives the same ids. */
function uuid(rng: Rng): string {
  const hex = (n: number) => Math.floor(n).toString(16).padStart(8, '0');
  const a = hex(rng.next() * 4294967296);
  const b = hex(rng.next() * 4294967296);
  const c = hex(rng.next() * 4294967296);
  const d = hex(rng.next() * 4294967296);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[parseInt(c[0]!, 16) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

function weighted<T>(rng: Rng, items: ReadonlyArray<[T, number]>): T {
  let r = rng.next();
  for (const [item, w] of items) {
    if (r < w) return item;
    r -= w;
  }
  return items[items.length - 1]![0];
}

const ts = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00Z`;
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
/** A random date in [from, to] (from when to is earlier). */
function between(rng: Rng, from: string, to: string): string {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return days <= 0 ? from : addDays(from, rng.int(0, days));
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** How a review was attended: PN0 under 4 (rules 440, 441), otherwise PN1-PN7. */
function reviewParticipation(rng: Rng, age: number): string {
  const pn = rng.pick(['PN1', 'PN1', 'PN2', 'PN3', 'PN0']);
  if (age < 4) return 'PN0';
  return pn === 'PN0' ? 'PN4' : pn;
}

/**
 * Why a period of care ended, from one draw: adopted (E11, E12: only from an adoption placement, under 18:
 * rules 386, 390); a care leaver at 18 staying put with foster carers (E17), into independent or supported
 * living (E5, E6: 14 or over, rule 387); a younger child home to parents (E4A), to relatives (E13), under a
 * child arrangements order (E41) or a special guardianship order to the foster carers (E45, E46: from a
 * foster placement, rule 516).
 */
function endReason(rng: Rng, age: number, lastType: string, adopted: boolean, careLeaver: boolean): string {
  if (adopted) return rng.pick(['E11', 'E11', 'E11', 'E12']);
  const foster = FOSTER.includes(lastType);
  if (careLeaver || age >= 18) return rng.pick(foster ? ['E17', 'E17', 'E6', 'E5', 'E8'] : lastType === 'K3' ? ['E6', 'E6', 'E5', 'E8'] : ['E6', 'E5', 'E8']);
  if (age >= 16) return rng.pick(['E6', 'E4A', 'E13', 'E8']);
  if (lastType === 'P1') return rng.pick(['E4A', 'E4A', 'E41']);
  if (['U1', 'U2', 'U3'].includes(lastType)) return rng.pick(['E45', 'E4A', 'E41', 'E13']);
  if (foster) return rng.pick(['E4A', 'E4A', 'E46', 'E13', 'E41', 'E8']);
  return rng.pick(['E4A', 'E13', 'E8', 'E4B']);
}

export async function generatePartnership(client: pg.ClientBase, opts: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const rng = new Rng(opts.seed ?? 20261101);
  const today = opts.today ?? '2026-11-01';
  const windowStart = addMonths(today, -36);
  const batchSize = opts.batchSize ?? 5000;
  const p = await loadPartners(client);
  const t = makeTables();
  const order = Object.values(t);
  const laBy = 'seed:LA-NORTHSHIRE';
  const healthBy = 'seed:NHS-NORTHSHIRE-CHT';
  const policeBy = 'seed:POLICE-NORTHSHIRE';
  const la = { owning_agency_id: p.la, created_by: laBy, updated_by: laBy, lawful_basis: LA_BASIS };
  const health = { owning_agency_id: p.health, created_by: healthBy, updated_by: healthBy, lawful_basis: LA_BASIS };
  const police = { owning_agency_id: p.police, created_by: policeBy, updated_by: policeBy, lawful_basis: POLICE_BASIS };
  const school = (id: string) => ({ owning_agency_id: id, created_by: 'seed:school', updated_by: 'seed:school', lawful_basis: LA_BASIS });
  let nhsSerial = 60_000_000;
  // NHS numbers are unique per agency: skip any already held (the demo partnership's, for example).
  const taken = new Set((await client.query<{ value: string }>(`select value from child_identifier where type = 'NHS_NUMBER'`)).rows.map((r) => r.value));
  let seq = 0;

  const flushAll = async () => {
    for (const table of order) await table.flush(client);
  };

  // Every generated child is the local authority's record, so the authority (its lead agency) allocates each involvement.
  const involve = (childId: string, agency: string, team: string | undefined, practitioner: string | undefined, role: string, from: string, to: string | null, owner: Record<string, Value>) =>
    t.involvement.add({ ...owner, id: uuid(rng), child_id: childId, agency_id: agency, team_id: team ?? null, practitioner_id: practitioner ?? null, role, started_at: from, ended_at: to, end_reason: to ? 'CASECL' : null, status: 'ALLOCATED', lead_agency_id: p.la, decided_at: ts(from, 9), decided_by: laBy });

  /**
   * CIN census reasons for closure that fit how the case went: closed after assessment (RC8 no further
   * action, RC9 to early help) when the assessment was the end of it; otherwise services ceased (RC7) or
   * the family moved away (RC5). Never RC2 (died): no generated child has a date of death.
   */
  const closureReasons = (assessmentOutcome: string | null): readonly string[] =>
    assessmentOutcome === 'STEP_DOWN_EARLY_HELP' ? ['RC9'] : assessmentOutcome === 'NFA' || assessmentOutcome === 'REFERRAL_TO_OTHER_AGENCY' ? ['RC8'] : ['RC7', 'RC7', 'RC5'];

  /** Contact (and, unless contact-only, referral + assessment); returns the referral. */
  const frontDoor = (childId: string, on: string, outcome: string, referral: boolean, assessmentOutcome: string | null, closeAfter: number | null) => {
    const contactId = uuid(rng);
    const source = rng.pick(CONTACT_SOURCES);
    t.contact.add({ ...la, id: contactId, child_id: childId, contact_at: ts(on, rng.int(8, 17)), source, outcome, summary: rng.pick(CONTACT_SUMMARIES) });
    if (!referral) return null;
    const referralId = uuid(rng);
    const refDate = addDays(on, rng.int(0, 1) > 0 && addDays(on, 1) <= today ? 1 : 0);
    const closure = closeAfter !== null && addDays(refDate, closeAfter) < today ? addDays(refDate, closeAfter) : null;
    t.referral.add({ ...la, id: referralId, child_id: childId, contact_id: contactId, referral_date: refDate, source, primary_need: rng.pick(NEEDS), nfa: false, decision_at: ts(refDate, 17), closure_date: closure, closure_reason: closure ? rng.pick(closureReasons(assessmentOutcome)) : null });
    let assessment: { start: string; end: string | null } | null = null;
    if (assessmentOutcome) {
      const start = minDate(addDays(refDate, rng.int(0, 3)), today);
      const end = minDate(addWorkingDays(start, rng.chance(0.85) ? rng.int(10, 45) : rng.int(46, 70)), closure ?? today);
      const done = end < today || !!closure;
      const factors = new Set<string>();
      const n = rng.int(1, 4);
      for (let i = 0; i < n; i++) factors.add(rng.pick(FACTORS));
      t.assessment.add({ ...la, id: uuid(rng), child_id: childId, referral_id: referralId, start_date: start, authorised_date: done ? maxDate(end, start) : null, child_seen: rng.chance(0.93), factors: pgArray([...factors]), outcome: done ? assessmentOutcome : null });
      assessment = { start, end: done ? maxDate(end, start) : null };
    }
    return { id: referralId, date: refDate, closure, assessment };
  };

  /** Strategy discussion with participants and contributions; returns its id and date. */
  const strategy = (childId: string, referralId: string | null, on: string, decision: string, schoolAge: boolean) => {
    const id = uuid(rng);
    const hour = rng.int(9, 16);
    const manager = rng.chance(0.5);
    t.strategy_discussion.add({ ...la, id, child_id: childId, referral_id: referralId, concern_summary: rng.pick(CONCERNS), convened_by_name: manager ? 'Ben Okafor' : 'Amy Khan', convened_by_role: manager ? 'Team manager' : 'Social worker', held_at: ts(on, hour), format: rng.pick(['MEETING', 'CALL', 'VIDEO']), decision, decision_rationale: decision === 'S47_ENQUIRY' ? 'Reasonable cause to suspect significant harm.' : 'Threshold for s47 not met; single-agency support.' });
    const invited = ts(on, hour - 1);
    const participant = (agency: string, kind: string, role: string, name: string | null, status: string, owner: Record<string, Value>) =>
      t.strategy_discussion_participant.add({ ...owner, id: uuid(rng), discussion_id: id, agency_id: agency, agency_kind: kind, role, practitioner_name: name, status, status_reason: status === 'DECLINED' ? 'Clinic commitments; written information sent.' : null, invited_at: invited });
    participant(p.la, 'LOCAL_AUTHORITY', manager ? 'Team manager (chair)' : 'Social worker', manager ? 'Ben Okafor' : 'Amy Khan', 'ATTENDED', la);
    t.agency_contribution.add({ ...la, id: uuid(rng), discussion_id: id, agency_kind: 'LOCAL_AUTHORITY', contributor_name: 'Amy Khan', contributor_role: 'Social worker', summary: 'Family known to children’s social care.', social_care_detail: 'Previous contacts and one closed assessment.' });
    const policeStatus = rng.chance(0.95) ? 'ATTENDED' : 'INVITED';
    participant(p.police, 'POLICE', 'Public protection officer', 'Ian Ross', policeStatus, la);
    if (policeStatus === 'ATTENDED') {
      t.agency_contribution.add({ ...police, id: uuid(rng), discussion_id: id, agency_kind: 'POLICE', contributor_name: 'Ian Ross', contributor_role: 'Public protection officer', summary: 'Police checks completed.', police_intelligence: 'One domestic incident recorded at the address.', source_evaluation: rng.pick(['RELIABLE', 'UNTESTED']), intelligence_assessment: rng.pick(['A', 'B', 'C']), handling_code: 'P' });
    }
    const healthStatus = weighted(rng, [['ATTENDED', 0.55], ['INVITED', 0.25], ['DECLINED', 0.15], ['NOT_INVITED', 0.05]] as const);
    participant(p.health, 'HEALTH', schoolAge ? 'School nurse' : 'Health visitor', healthStatus === 'ATTENDED' ? 'Grace Lee' : null, healthStatus, la);
    if (healthStatus === 'ATTENDED') {
      t.agency_contribution.add({ ...health, id: uuid(rng), discussion_id: id, agency_kind: 'HEALTH', contributor_name: 'Grace Lee', contributor_role: schoolAge ? 'School nurse' : 'Health visitor', summary: 'Missed appointments; growth on the 9th centile.', health_detail: 'Two A&E attendances in six months.' });
    }
    if (schoolAge) {
      const schoolId = p.schools[childId.charCodeAt(0) % p.schools.length]!;
      const st = rng.chance(0.6) ? 'ATTENDED' : 'INVITED';
      participant(schoolId, 'EDUCATION', 'Designated safeguarding lead', st === 'ATTENDED' ? 'Kay Wood' : null, st, la);
      if (st === 'ATTENDED') t.agency_contribution.add({ ...school(schoolId), id: uuid(rng), discussion_id: id, agency_kind: 'EDUCATION', contributor_name: 'Kay Wood', contributor_role: 'Designated safeguarding lead', summary: 'Attendance 84% this term; often late.', education_detail: 'Three safeguarding log entries this year.' });
    }
    return id;
  };

  /**
   * One period of care from `enter` to `leaveBy` (null: still looked after): its legal statuses (care
   * episodes), the placements the child lived in (cut at each change of legal status, so every placement
   * record lies inside its episode: a placement that carries on across the change is two records with the
   * same details, which the 903 reads as a change of legal status only), reviews and health assessments.
   * `home` is the family home the child came from (parents' postcode, distances); a care leaver leaves at 18.
   */
  const carePeriod = (childId: string, dob: string, sex: string, enter: string, leaveBy: string | null, home: Place | null, careLeaver: boolean) => {
    const stop = leaveBy ?? today;
    const ageAt = (d: string) => ageOn(dob, d);
    // Legal statuses: the one the child came in under, then the changes that usually follow: an EPO (up to 8
    // days: rule 362) gives way to an interim care order or s20; s20 to a care order; an interim care order
    // to a full care order when proceedings end (26 weeks to a year); a young child's care order to a
    // placement order, and adoption.
    const twoEpisodes = rng.chance(0.35) && addDays(enter, 60) < stop;
    const changeOn = twoEpisodes ? between(rng, addDays(enter, 20), addDays(stop, -20)) : null;
    const legal1 = rng.pick(FIRST_LEGAL_STATUS);
    const need = rng.pick(['N1', 'N1', 'N1', 'N2', 'N4', 'N5', 'N6', 'N7', 'N8']);
    const adopted = !careLeaver && leaveBy !== null && ageAt(enter) < 7 && daysBetween(enter, leaveBy) >= 420 && rng.chance(0.7);
    const statuses: Array<{ ls: string; start: string }> = [{ ls: legal1, start: enter }];
    const last = () => statuses[statuses.length - 1]!;
    const change = (ls: string, on: string) => {
      if (on > last().start && on < stop) statuses.push({ ls, start: on });
    };
    if (legal1 === 'L2') change(rng.chance(0.8) ? 'C1' : 'V2', addDays(enter, rng.int(1, 8)));
    if (changeOn && changeOn > addDays(last().start, 14)) {
      const next = rng.pick(['C1', 'C2']);
      const now = last().ls;
      if (now === 'V2') change(next, changeOn);
      else if (now === 'C1') change('C2', changeOn);
      else if (now === 'C2' && ageAt(changeOn) < 10 && !leaveBy) change('E1', changeOn);
    }
    if (last().ls === 'C1') change('C2', addDays(last().start, rng.int(180, 360)));
    // Adoption: a placement order (E1) at the final hearing, placed for adoption at least 10 weeks before the order.
    let adoptionPlacedOn: string | null = null;
    if (adopted) {
      const orderOn = maxDate(addDays(leaveBy!, -rng.int(200, 400)), addDays(enter, 120));
      while (statuses.length > 1 && last().start >= orderOn) statuses.pop();
      change('E1', orderOn);
      if (last().ls === 'E1') adoptionPlacedOn = minDate(addDays(last().start, rng.int(14, 120)), addDays(leaveBy!, -84));
    }
    const episodes = statuses.map((st, i) => ({ id: uuid(rng), ls: st.ls, start: st.start, end: statuses[i + 1]?.start ?? leaveBy }));

    // Placements over the whole period: one to four, moves at least two weeks apart; an adopted child's last
    // is the adoptive family's.
    const moves: Array<{ start: string; end: string | null }> = [];
    const lastMoveBy = adoptionPlacedOn ?? stop;
    let start = enter;
    const count = rng.int(1, 4);
    for (let k = 0; k < count; k++) {
      const lastPlacement = k === count - 1 || addDays(start, 30) >= lastMoveBy;
      const end = lastPlacement ? (adoptionPlacedOn ?? leaveBy) : between(rng, addDays(start, 14), addDays(lastMoveBy, -7));
      moves.push({ start, end });
      if (lastPlacement || !end) break;
      start = end;
    }
    if (adoptionPlacedOn) moves.push({ start: adoptionPlacedOn, end: leaveBy });
    const statusesIn = (from: string, to: string | null) => episodes.filter((ep) => ep.start < (to ?? '9999-12-31') && (ep.end ?? '9999-12-31') > from).map((ep) => ep.ls);
    let previous: { type: string; site: PlacementSite } | null = null;
    for (const [k, mv] of moves.entries()) {
      const adoptive = adoptionPlacedOn !== null && k === moves.length - 1;
      // Placed with parents only under a care order (not s20: rule 378).
      const parentsAllowed = statusesIn(mv.start, mv.end).every((ls) => ls === 'C1' || ls === 'C2');
      let type = rng.pick(placementTypesAt(ageAt(mv.start)));
      if (adoptive) type = previous && (previous.type === 'U5' || previous.type === 'U2') ? 'A5' : 'A6';
      else if (type === 'P1' && !parentsAllowed) type = 'U6';
      const provider = providerFor(rng, type as SeedPlacementType);
      const area = rng.pick(PLACEMENT_AREAS) ?? areaOf(home) ?? 'Northby';
      let site = placementSite(rng, type as SeedPlacementType, provider, area, home);
      // Adopted by the foster carers the child was with (A5): the same home, the adoption agency's URN.
      if (type === 'A5' && previous) site = { ...previous.site, urn: site.urn };
      const movedOn = mv.end !== null && mv.end !== leaveBy;
      const reason = movedOn ? rng.pick(MOVE_REASONS) : null;
      for (const ep of episodes) {
        const s = maxDate(mv.start, ep.start);
        const e = mv.end === null ? ep.end : ep.end === null ? mv.end : minDate(mv.end, ep.end);
        if (!(s < (e ?? '9999-12-31'))) continue;
        t.care_placement.add({ ...la, id: uuid(rng), episode_id: ep.id, child_id: childId, start_date: s, end_date: e, placement_type: type, provider, postcode: site.postcode, urn: site.urn, distance_from_home_miles: home ? milesBetween(home, site.place) : null, change_reason: e === mv.end && movedOn ? reason : null });
      }
      previous = { type, site };
    }
    const lastType = previous?.type ?? 'U6';
    episodes.forEach((ep, i) => {
      const final = i === episodes.length - 1;
      const ceased = ep.end ? (final ? endReason(rng, ageAt(ep.end), lastType, adopted, careLeaver) : 'X1') : null;
      t.care_episode.add({ ...la, id: ep.id, child_id: childId, start_date: ep.start, end_date: ep.end, entered_care_date: enter, legal_status: ep.ls, category_of_need: need, reason_for_new_episode: i === 0 ? 'S' : moves.some((mv) => mv.start === ep.start) ? 'B' : 'L', reason_episode_ceased: ceased });
    });
    // Looked-after reviews: 20 working days, then 3 months, then every 6 months.
    let reviewDue = addWorkingDays(enter, 20);
    let n = 0;
    while (reviewDue < stop && n < 12) {
      const held = addDays(reviewDue, rng.chance(0.9) ? -rng.int(0, 5) : rng.int(1, 20));
      if (held > stop) break;
      const ep = episodes.filter((x) => x.start <= held).at(-1)!;
      t.care_review.add({ ...la, id: uuid(rng), child_id: childId, episode_id: ep.id, type: n === 0 ? 'FIRST' : n === 1 ? 'SECOND' : 'SUBSEQUENT', review_date: maxDate(held, ep.start), due_date: maxDate(reviewDue, ep.start), participation: reviewParticipation(rng, ageOn(dob, maxDate(held, ep.start))) });
      reviewDue = addMonths(held, n === 0 ? 3 : 6);
      n++;
    }
    // Health assessments: the IHA (20 working days), then RHAs every 6 (under 5) or 12 months.
    let requested = addDays(enter, rng.int(0, 8));
    let due = addWorkingDays(enter, 20);
    let type = 'INITIAL';
    while (requested <= stop) {
      const ep = episodes.filter((x) => x.start <= requested).at(-1)!;
      const age = ageOn(dob, requested);
      const declined = age >= 12 && rng.chance(0.05);
      // Most are done by the due date, some late, one in ten weeks later still: those not done by today form
      // the overdue worklist. A young person who declines is offered the assessment again three months on.
      let doneOn = addDays(due, rng.chance(0.6) ? -rng.int(0, 10) : rng.int(1, 60));
      if (!rng.chance(0.9)) doneOn = addDays(doneOn, 45);
      const completed = !declined && doneOn <= stop ? maxDate(doneOn, requested) : null;
      // The carer's SDQ goes with the assessment from 4 to 16; outside those ages the 903's reason SDQ1.
      const sdqAge = completed !== null && ageOn(dob, completed) >= 4 && ageOn(dob, completed) <= 16;
      t.health_assessment.add({ ...health, created_by: laBy, id: uuid(rng), child_id: childId, care_episode_id: ep.id, requesting_agency_id: p.la, entered_care_date: enter, type, requested_at: ts(requested, rng.int(9, 16)), due_by: due, completed_at: completed, performed_by: completed ? (type === 'INITIAL' ? rng.pick(['PAEDIATRICIAN', 'GP']) : rng.pick(['LAC_NURSE', 'HEALTH_VISITOR', 'SCHOOL_NURSE'])) : null, outcome_summary: completed ? 'Health plan agreed; no new concerns.' : null, sdq_score: completed && sdqAge ? rng.int(3, 30) : null, sdq_reason: completed && !sdqAge ? 'SDQ1' : null, declined, declined_reason: declined ? 'Young person declined to attend.' : null, immunisations_up_to_date: completed ? rng.chance(0.8) : null });
      if (declined) {
        requested = addMonths(requested, 3);
        due = addMonths(due, 3);
        type = 'REVIEW';
        continue;
      }
      if (!completed) break;
      requested = addDays(addMonths(completed, age < 5 ? 6 : 12), -rng.int(20, 40));
      due = addMonths(completed, age < 5 ? 6 : 12);
      type = 'REVIEW';
    }
    // Each collection year in care, as the SSDA903 asks it (its own seeded draw, and an id made from the
    // child's and the year: nothing else generated moves).
    for (const y of lookedAfterYears(childId, dob, sex, enter, minDate(stop, today))) {
      t.looked_after_year.add({ ...la, id: `${childId.slice(0, 24)}${y.collectionYear.toString(16).padStart(4, '0')}${childId.slice(28)}`, child_id: childId, collection_year: y.collectionYear, mother: y.mother, first_child_born_on: y.firstChildBornOn,
        convicted: y.convicted, substance_misuse: y.substanceMisuse, intervention_received: y.interventionReceived, intervention_offered: y.interventionOffered });
    }
    return episodes;
  };

  /** Missing episodes from `from`, each over before `until` (default today: a child in care who leaves is back before then). */
  const missing = (childId: string, from: string, count: number, until: string = today) => {
    let day = from;
    for (let k = 0; k < count; k++) {
      day = addDays(day, rng.int(5, 60));
      if (day >= addDays(until, -3)) break;
      const id = uuid(rng);
      const startHour = rng.int(15, 22);
      const hours = rng.int(3, 60);
      const start = new Date(ts(day, startHour));
      const end = new Date(start.getTime() + hours * 3_600_000);
      t.missing_episode.add({ ...police, id, child_id: childId, episode_type: rng.chance(0.85) ? 'MISSING' : 'ABSENT', start_at: start.toISOString(), end_at: end.toISOString(), risk_grading: rng.pick(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH']), risk_grading_scheme: 'College of Policing APP missing persons (2017 continuum)', found_location: rng.pick(['Town centre car park', "Friend's house", 'Returned home of own accord', 'Bus station']) });
      if (rng.chance(0.9)) {
        const offered = new Date(end.getTime() + rng.int(2, 70) * 3_600_000);
        const outcome = rng.next();
        const after = (h: number) => new Date(offered.getTime() + h * 3_600_000).toISOString();
        t.return_home_interview.add({ ...la, id: uuid(rng), episode_id: id, offered_at: offered.toISOString(), held_at: outcome < 0.7 ? after(rng.int(1, 48)) : null, declined_at: outcome >= 0.7 && outcome < 0.9 ? after(rng.int(1, 24)) : null, conducted_by_role: 'Independent return interview worker (commissioned service)', findings: outcome < 0.7 ? 'Stayed with friends; pressure from older peers.' : null, decline_reason: outcome >= 0.7 && outcome < 0.9 ? 'Young person did not want to talk.' : null, push_factors: pgArray(rng.chance(0.6) ? [rng.pick(PUSH)] : []), pull_factors: pgArray(rng.chance(0.5) ? [rng.pick(PULL)] : []) });
      }
      day = addDays(end.toISOString().slice(0, 10), 1);
    }
  };

  for (let i = 0; i < opts.children; i++) {
    const pathway = weighted(rng, PATHWAY_SHARES);
    const childId = uuid(rng);
    const sex = rng.chance(0.5) ? 'M' : 'F';
    const family = rng.pick(FAMILY);
    let dob: string | null;
    let edd: string | null = null;
    if (pathway === 'UNBORN') {
      dob = null;
      edd = addDays(today, rng.int(20, 150));
    } else if (pathway === 'CARE_LEAVER') dob = addDays(today, -rng.int(18 * 365 + 30, 21 * 365 - 30));
    else if (pathway === 'EXPLOITATION') dob = addDays(today, -rng.int(12 * 365, 17 * 365 + 300));
    else dob = addDays(today, -rng.int(60, 17 * 365 + 300));
    const birth = (dob ?? edd)!;
    const la_id = `GC${String(i + 1).padStart(7, '0')}`;
    t.child.add({ ...la, id: childId, source_system: 'Mosaic', source_record_id: la_id, given_name: pathway === 'UNBORN' ? null : rng.pick(sex === 'M' ? GIVEN_M : GIVEN_F), family_name: family, date_of_birth: dob, expected_date_of_birth: edd, sex: pathway === 'UNBORN' ? 'U' : sex, gender: pathway === 'UNBORN' ? null : rng.chance(0.9) ? (sex === 'M' ? '01' : '02') : '09', ethnicity: weighted(rng, ETHNICITY), is_uasc: false });
    // Identifiers: LA child id always; NHS number for most born children; UPN from reception.
    t.child_identifier.add({ ...la, id: uuid(rng), child_id: childId, type: 'LA_CHILD_ID', namespace: '931', value: la_id, valid_from: dob ?? addDays(today, -10) });
    if (dob && rng.chance(0.92)) {
      let check: number | null = null;
      let first9 = '';
      while (check === null || taken.has(`${first9}${check}`)) {
        first9 = `9${String(++nhsSerial).padStart(8, '0')}`;
        check = nhsCheckDigit(first9);
      }
      t.child_identifier.add({ ...la, id: uuid(rng), child_id: childId, type: 'NHS_NUMBER', value: `${first9}${check}`, valid_from: dob });
    }
    const age = dob ? ageOn(dob, today) : -1;
    const schoolAge = age >= 5 && age <= 16;
    // A UPN from reception, kept after school (a 17-year-old in care or a care leaver has one).
    const entry = dob && age >= 5 ? `${Number(dob.slice(0, 4)) + 5 + (dob.slice(5) >= '09-01' ? 1 : 0)}-09-01` : null;
    let upn: string | null = null;
    if (entry) {
      const body = `931${String(2000 + (Math.floor(i / 1000) % 8000)).padStart(4, '0')}${entry.slice(2, 4)}${String(i % 1000).padStart(3, '0')}`;
      upn = `${upnCheckLetter(body)}${body}`;
      t.child_identifier.add({ ...la, id: uuid(rng), child_id: childId, type: 'UPN', value: upn, valid_from: entry });
    }
    if (schoolAge && entry) {
      const schoolId = p.schools[i % p.schools.length]!;
      const from = maxDate(`${Number(today.slice(0, 4)) - (today.slice(5) >= '09-01' ? 0 : 1) - (age >= 11 ? rng.int(0, Math.min(4, age - 11)) : rng.int(0, Math.min(5, age - 5)))}-09-01`, entry);
      t.school_enrolment.add({ ...school(schoolId), id: uuid(rng), child_id: childId, school_id: schoolId, from_date: minDate(from, today), upn_used: upn });
      if (pathway !== 'CONTACT_ONLY' && pathway !== 'EARLY_HELP') involve(childId, schoolId, undefined, undefined, 'SCHOOL_DSL', minDate(from, today), null, school(schoolId));
    }
    // A home address for most children, and always for a child who comes into care (the 903's home postcode).
    let home: Place | null = null;
    if (rng.chance(0.6) || pathway === 'CHILD_IN_CARE' || pathway === 'CARE_LEAVER') {
      const town = rng.pick(TOWNS);
      const line1 = `${rng.int(1, 180)} ${rng.pick(STREETS)}`;
      home = placeIn(rng, town);
      t.child_address.add({ ...la, id: uuid(rng), child_id: childId, address_type: 'HOME', line1, town, postcode: home[0], from_date: dob ?? null, confidential: false });
    }
    // First contact: within the three-year window, after birth (unborn: within 30 weeks of the due date).
    const earliest = pathway === 'UNBORN' ? maxDate(addDays(edd!, -200), windowStart) : maxDate(windowStart, dob!);
    const latestStart = pathway === 'CHILD_PROTECTION' || pathway === 'CHILD_IN_CARE' ? addDays(today, -45) : addDays(today, -2);
    const first = between(rng, earliest, maxDate(earliest, latestStart));
    const sw = p.practitioners['la.sw.amy.khan'];

    switch (pathway) {
      case 'CONTACT_ONLY': {
        frontDoor(childId, first, rng.pick(['NFA', 'INFORMATION_AND_ADVICE', 'INFORMATION_AND_ADVICE', 'EARLY_HELP']), false, null, null);
        if (rng.chance(0.15)) {
          const again = between(rng, addDays(first, 30), today);
          if (again < today) frontDoor(childId, again, 'NFA', false, null, null);
        }
        break;
      }
      case 'EARLY_HELP':
      case 'EDUCATION_CONCERN': {
        frontDoor(childId, first, 'REFERRAL', true, rng.pick(['NFA', 'STEP_DOWN_EARLY_HELP', 'STEP_DOWN_EARLY_HELP', 'REFERRAL_TO_OTHER_AGENCY']), rng.int(20, 70));
        break;
      }
      case 'CHILD_IN_NEED': {
        const ref = frontDoor(childId, first, 'REFERRAL', true, 'CIN_PLAN', rng.chance(0.5) ? rng.int(120, 500) : null)!;
        const planStart = ref.assessment?.end;
        if (planStart) t.cin_plan.add({ ...la, id: uuid(rng), child_id: childId, referral_id: ref.id, start_date: planStart, end_date: ref.closure && ref.closure >= planStart ? ref.closure : null });
        if (rng.chance(0.3)) {
          const sdOn = minDate(addDays(ref.date, rng.int(0, 5)), today);
          const noS47 = rng.chance(0.5);
          const sd = strategy(childId, ref.id, sdOn, noS47 ? 'NO_S47' : 'S47_ENQUIRY', schoolAge);
          if (!noS47) {
            const end = addWorkingDays(sdOn, rng.int(5, 14));
            t.section47_enquiry.add({ ...la, id: uuid(rng), child_id: childId, strategy_discussion_id: sd, start_date: sdOn, end_date: end <= today ? end : null, outcome: end <= today ? rng.pick(['NFA_CONTINUE_ASSESSMENT', 'CIN_PLAN']) : null, conference_required: false });
          }
        }
        involve(childId, p.la, p.teams['ASSESS-1'], sw, 'ALLOCATED_SOCIAL_WORKER', ref.date, ref.closure, la);
        break;
      }
      case 'UNBORN': {
        const ref = frontDoor(childId, first, 'REFERRAL', true, 'STRATEGY_DISCUSSION', null)!;
        strategy(childId, ref.id, minDate(addDays(ref.date, rng.int(1, 10)), today), rng.chance(0.5) ? 'S47_ENQUIRY' : 'FURTHER_DISCUSSION', false);
        involve(childId, p.la, p.teams['ASSESS-1'], sw, 'ALLOCATED_SOCIAL_WORKER', ref.date, null, la);
        involve(childId, p.health, p.teams['0-19'], p.practitioners['cht.hv.grace.lee'], 'HEALTH_VISITOR', ref.date, null, health);
        break;
      }
      case 'CHILD_PROTECTION': {
        const ref = frontDoor(childId, first, 'REFERRAL', true, 'STRATEGY_DISCUSSION', null)!;
        const sdOn = addDays(ref.date, rng.int(0, 3));
        const sd = strategy(childId, ref.id, sdOn, 'S47_ENQUIRY', schoolAge);
        const icpc = addWorkingDays(sdOn, rng.chance(0.8) ? rng.int(8, 15) : rng.int(16, 25));
        const s47 = uuid(rng);
        t.section47_enquiry.add({ ...la, id: s47, child_id: childId, strategy_discussion_id: sd, start_date: sdOn, end_date: addDays(icpc, -rng.int(1, 5)) > sdOn ? addDays(icpc, -rng.int(1, 5)) : sdOn, outcome: 'ICPC_REQUIRED', conference_required: true });
        const category = weighted(rng, [['NEG', 0.5], ['EMO', 0.35], ['PHY', 0.08], ['SAB', 0.04], ['MUL', 0.03]] as const);
        const attending = pgArray([p.la, p.police, p.health, ...(schoolAge ? [p.schools[i % p.schools.length]!] : [])]);
        const conf = uuid(rng);
        t.child_protection_conference_initial.add({ ...la, id: conf, child_id: childId, type: 'INITIAL', section47enquiry_id: s47, conference_date: icpc, outcome: 'CP_PLAN', category_of_abuse: category, chair_name: 'Dev Patel', attending_agency_ids: attending });
        const plan = uuid(rng);
        const ends = rng.chance(0.45) ? addDays(icpc, rng.int(90, 560)) : null;
        const planEnd = ends && ends < today ? ends : null;
        const stop = planEnd ?? today;
        t.child_protection_plan.add({ ...la, id: plan, child_id: childId, initial_conference_id: conf, start_date: icpc, end_date: planEnd, category, end_reason: planEnd ? 'NO_LONGER_AT_RISK' : null });
        // Review conferences: 3 months after the ICPC, then every 6 months; the last one ends the plan.
        let review = addMonths(icpc, 3);
        while (review < stop) {
          t.child_protection_conference_review.add({ ...la, id: uuid(rng), child_id: childId, type: 'REVIEW', reviewed_plan_id: plan, conference_date: review, outcome: 'CP_PLAN', category_of_abuse: category, chair_name: 'Dev Patel', attending_agency_ids: attending });
          review = addMonths(review, 6);
        }
        if (planEnd) t.child_protection_conference_review.add({ ...la, id: uuid(rng), child_id: childId, type: 'REVIEW', reviewed_plan_id: plan, conference_date: planEnd, outcome: 'NO_PLAN', category_of_abuse: null, chair_name: 'Dev Patel', attending_agency_ids: attending });
        for (let d = addWorkingDays(icpc, 10); d <= stop; d = addDays(d, rng.int(35, 45))) t.core_group_meeting.add({ ...la, id: uuid(rng), plan_id: plan, meeting_date: d });
        for (let d = addDays(icpc, rng.int(3, 10)); d <= stop; d = addDays(d, rng.int(8, 14))) {
          const seen = rng.chance(0.92);
          t.child_protection_visit.add({ ...la, id: uuid(rng), child_id: childId, plan_id: plan, visit_date: d, seen, seen_alone: seen && age >= 4 && rng.chance(0.6), bedroom_seen: rng.chance(0.7), practitioner_role: rng.chance(0.85) ? 'Social worker' : 'Family support worker' });
        }
        involve(childId, p.la, p.teams['LONGTERM-2'] ?? p.teams['ASSESS-1'], sw, 'ALLOCATED_SOCIAL_WORKER', ref.date, planEnd, la);
        involve(childId, p.la, p.teams['IRO'], p.practitioners['la.chair.dev.patel'], 'CP_CHAIR', icpc, planEnd, la);
        involve(childId, p.police, p.teams['PPU'], p.practitioners['pol.ppu.ian.ross'], 'POLICE_OIC', sdOn, planEnd, police);
        if (age < 5) involve(childId, p.health, p.teams['0-19'], p.practitioners['cht.hv.grace.lee'], 'HEALTH_VISITOR', ref.date, null, health);
        break;
      }
      case 'CHILD_IN_CARE':
      case 'CARE_LEAVER': {
        const eighteen = addMonths(dob!, 18 * 12);
        const refOn = pathway === 'CARE_LEAVER' ? maxDate(addMonths(eighteen, -rng.int(12, 48)), dob!) : first;
        const ref = frontDoor(childId, refOn, 'REFERRAL', true, 'CLA_REQUEST', null)!;
        const enter = minDate(addDays(ref.assessment?.end ?? ref.date, rng.int(0, 20)), addDays(today, -1));
        const leave = pathway === 'CARE_LEAVER' ? eighteen : rng.chance(0.2) ? between(rng, addDays(enter, 60), addDays(today, -1)) : null;
        const left = leave && leave > enter && leave < today ? leave : null;
        carePeriod(childId, dob!, sex, enter, left, home, pathway === 'CARE_LEAVER');
        involve(childId, p.la, p.teams[pathway === 'CARE_LEAVER' ? 'LEAVING-CARE' : 'LONGTERM-2'] ?? p.teams['ASSESS-1'], sw, 'ALLOCATED_SOCIAL_WORKER', enter, null, la);
        involve(childId, p.health, p.teams['LAC-HEALTH'] ?? p.teams['0-19'], undefined, 'LAC_NURSE', enter, pathway === 'CARE_LEAVER' ? eighteen : null, health);
        if (pathway === 'CARE_LEAVER') {
          for (let d = addDays(eighteen, rng.int(10, 60)); d < today; d = addMonths(d, 3)) {
            t.care_leaver.add({ ...la, id: uuid(rng), child_id: childId, contact_date: d, eligibility: 'FORMER_RELEVANT', in_touch: rng.chance(0.9) ? 'YES' : 'NO', accommodation: rng.pick(['B', 'C', 'D', 'E', 'K', 'R', 'T', 'U']), accommodation_suitable: rng.chance(0.88), activity: rng.pick(['F1', 'P1', 'F2', 'G4', 'G6']) });
          }
        } else if (age >= 11 && rng.chance(0.25)) missing(childId, enter, rng.int(1, 6), left ?? today);
        break;
      }
      case 'EXPLOITATION': {
        const ref = frontDoor(childId, first, 'REFERRAL', true, rng.pick(['CIN_PLAN', 'STRATEGY_DISCUSSION']), null)!;
        const n = rng.int(1, 3);
        let on = ref.date;
        for (let k = 0; k < n && on <= today; k++) {
          const level = weighted(rng, [['LOW', 0.4], ['MEDIUM', 0.35], ['HIGH', 0.2], ['NO_CONCERN', 0.05]] as const);
          const mace = level === 'HIGH' && rng.chance(0.7);
          const maceDate = mace ? minDate(addDays(on, rng.int(3, 20)), today) : null;
          const outcome = { NO_CONCERN: 'No concerns', LOW: 'Emerging risk', MEDIUM: 'Moderate risk', HIGH: 'Significant risk' }[level];
          t.exploitation_screening.add({ ...la, id: uuid(rng), child_id: childId, tool_name: 'Northshire CCE/CSE screening tool', tool_version: '3', screened_at: ts(on, rng.int(9, 17)), tool_outcome: outcome, level, level_mapping_note: `Northshire CCE/CSE screening tool v3: "${outcome}" -> ${level}`, exploitation_types: pgArray(rng.chance(0.6) ? ['CCE'] : ['CSE']), indicator_list: pgArray(['Found out of area', 'Unexplained gifts']), indicators_classification: 'SOCIAL_CARE', referred_to_mace: mace, mace_date: maceDate, nrm_referral: false });
          on = addDays(on, rng.int(60, 200));
        }
        missing(childId, ref.date, rng.int(1, 8));
        involve(childId, p.la, p.teams['ASSESS-1'], sw, 'ALLOCATED_SOCIAL_WORKER', ref.date, null, la);
        involve(childId, p.police, p.teams['PPU'], p.practitioners['pol.ppu.ian.ross'], 'POLICE_OIC', ref.date, null, police);
        break;
      }
    }
    if (t.child.pending >= batchSize || order.some((x) => x.pending >= batchSize * 4)) {
      await flushAll();
      if (++seq % 4 === 0) opts.log?.(`  ${i + 1} / ${opts.children} children (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
  await flushAll();
  const rows: Record<string, number> = {};
  for (const table of order) rows[table.name] = (rows[table.name] ?? 0) + table.count;
  return { rows, ms: Date.now() - started };
}
