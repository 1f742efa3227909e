import { Migration } from '@mikro-orm/migrations';

/**
 * Read-only analytical views for BI tools (issue 12): one per record type, pseudonymised, no free text,
 * no names, no identifiers. Each view is declared once below (columns with their meaning); the migration
 * derives from the declaration:
 *  - `analytics_private.<view>`: the rows with the record's own id (`_id`, for paging and the export's
 *    continuation) and its child's id (`_child_id`, for the audit); read by the hub only (hub_app);
 *  - `analytics.<view>`: the same without those two columns, for the read-only role
 *    `hub_analytics_reader` (Power BI, Metabase connecting directly), which can read nothing else;
 *  - a comment on every view and column (docs/analytics-views.md is rendered from the catalogue).
 * Pseudonyms: HMAC-SHA256 of the id under the views' key (`analytics_private.pseudonym_key`, readable by
 * neither role), the first 128 bits in hex. One key for all views, so a BI tool can join them (a referral's
 * `record_key` is its assessments' `referral_key`); `analytics_private.rotate_pseudonym_key()` replaces it,
 * after which no earlier extract can be joined to a later one. The views run with their owner's rights, so
 * they see every row (not the caller's row scope): they are the partnership's analytical store.
 */

export type Column = [name: string, expression: string, meaning: string];
export interface View {
  name: string;
  from: string;
  meaning: string;
  /** The child the row is about (for `child_key` and the audit); null for records about no one child. */
  child: string | null;
  joins?: string;
  columns: Column[];
}

/** The pseudonym of an id under the views' key (k: the key row joined into every view). */
export const pseudonym = (expr: string) => `left(encode(sha256(k.opad || sha256(k.ipad || convert_to((${expr})::text, 'UTF8'))), 'hex'), 32)`;
export const key = (name: string, expr: string, meaning: string): Column => [name, pseudonym(expr), `Pseudonym of ${meaning}.`];
export const RECORD_KEY = (what: string): Column => key('record_key', 't.id', `this ${what}`);
export const CHILD_KEY: Column = ['child_key', pseudonym('t.child_id'), 'Pseudonym of the child the record is about (the children view’s child_key).'];
export const AGENCY: Column = ['agency', 'a.code', 'Code of the agency that owns (recorded) the record.'];
export const UPDATED: Column = ['updated_at', 't.updated_at', 'When the record last changed (for incremental refresh).'];
const OWNER = 'join agency a on a.id = t.owning_agency_id';

export const ANALYTICS_VIEWS: View[] = [
  {
    name: 'children',
    from: 'child',
    meaning: 'Children and unborn children known to the partnership.',
    child: 't.id',
    columns: [
      ['child_key', pseudonym('t.id'), 'Pseudonym of the child.'],
      AGENCY,
      ['year_of_birth', 'extract(year from t.date_of_birth)::int', 'Year of birth (null for an unborn child).'],
      ['unborn', 't.date_of_birth is null', 'True for an unborn child.'],
      ['sex', 't.sex', 'Sex (DfE code).'],
      ['ethnicity', 't.ethnicity', 'Ethnicity (DfE code).'],
      ['uasc', 't.is_uasc', 'Unaccompanied asylum-seeking child.'],
      ['disabled', 'exists (select 1 from child_disability d where d.child_id = t.id and d.deleted_at is null)', 'At least one disability recorded.'],
      ['deceased', 't.date_of_death is not null', 'A date of death is recorded.'],
      UPDATED,
    ],
  },
  {
    name: 'contacts',
    from: 'contact',
    meaning: "Contacts received by the children's social care front door.",
    child: 't.child_id',
    columns: [RECORD_KEY('contact'), CHILD_KEY, AGENCY, ['contact_at', 't.contact_at', 'When the contact was received.'], ['source', 't.source', 'Source (DfE referral source code).'], ['outcome', 't.outcome', 'Outcome of the contact.'], UPDATED],
  },
  {
    name: 'referrals',
    from: 'referral',
    meaning: "Referrals to children's social care.",
    child: 't.child_id',
    columns: [
      RECORD_KEY('referral'),
      CHILD_KEY,
      key('contact_key', 't.contact_id', 'the contact it came from (the contacts view’s record_key)'),
      AGENCY,
      ['referral_date', 't.referral_date', 'Referral date.'],
      ['source', 't.source', 'Referral source (DfE code).'],
      ['primary_need', 't.primary_need', 'Primary need (DfE code N0-N9).'],
      ['nfa', 't.nfa', 'No further action.'],
      ['decision_at', 't.decision_at', 'When the referral was decided.'],
      ['closure_date', 't.closure_date', 'Date the episode closed.'],
      ['closure_reason', 't.closure_reason', 'Reason for closure (DfE code).'],
      UPDATED,
    ],
  },
  {
    name: 'assessments',
    from: 'assessment',
    meaning: 'Children and families (single) assessments.',
    child: 't.child_id',
    columns: [
      RECORD_KEY('assessment'),
      CHILD_KEY,
      key('referral_key', 't.referral_id', 'the referral (the referrals view’s record_key)'),
      AGENCY,
      ['start_date', 't.start_date', 'Start date.'],
      ['authorised_date', 't.authorised_date', 'Date authorised (completed).'],
      ['child_seen', 't.child_seen', 'The child was seen.'],
      ['factors', 't.factors', 'Factors identified at the end of assessment (DfE codes).'],
      ['outcome', 't.outcome', 'Outcome.'],
      UPDATED,
    ],
  },
  {
    name: 'cin_plans',
    from: 'cin_plan',
    meaning: 'Child in need plans.',
    child: 't.child_id',
    columns: [RECORD_KEY('plan'), CHILD_KEY, key('referral_key', 't.referral_id', 'the referral'), AGENCY, ['start_date', 't.start_date', 'Start date.'], ['end_date', 't.end_date', 'End date.'], UPDATED],
  },
  {
    name: 'section47_enquiries',
    from: 'section47_enquiry',
    meaning: 'Section 47 enquiries.',
    child: 't.child_id',
    columns: [
      RECORD_KEY('enquiry'),
      CHILD_KEY,
      key('strategy_discussion_key', 't.strategy_discussion_id', 'the strategy discussion that started it'),
      AGENCY,
      ['start_date', 't.start_date', 'Start date.'],
      ['end_date', 't.end_date', 'End date.'],
      ['outcome', 't.outcome', 'Outcome.'],
      ['conference_required', 't.conference_required', 'An initial child protection conference is required.'],
      UPDATED,
    ],
  },
  {
    name: 'strategy_discussions',
    from: 'strategy_discussion',
    meaning: 'Strategy discussions (meetings).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('discussion'),
      CHILD_KEY,
      key('referral_key', 't.referral_id', 'the referral'),
      AGENCY,
      ['held_at', 't.held_at', 'When it was held.'],
      ['format', 't.format', 'Format (meeting, call, ...).'],
      ['decision', 't.decision', 'Decision.'],
      UPDATED,
    ],
  },
  {
    name: 'strategy_discussion_participants',
    from: 'strategy_discussion_participant',
    meaning: 'Agencies invited to or taking part in strategy discussions.',
    child: 'sd.child_id',
    joins: 'join strategy_discussion sd on sd.id = t.discussion_id',
    columns: [
      RECORD_KEY('participation'),
      ['child_key', pseudonym('sd.child_id'), 'Pseudonym of the child the discussion is about.'],
      key('strategy_discussion_key', 't.discussion_id', 'the discussion'),
      AGENCY,
      ['agency_kind', 't.agency_kind', 'Kind of the participating agency (local authority, health, police, education, ...).'],
      ['status', 't.status', 'Invited, attended, declined or not invited.'],
      ['invited_at', 't.invited_at', 'When the agency was invited.'],
      UPDATED,
    ],
  },
  {
    name: 'child_protection_conferences',
    from: 'child_protection_conference',
    meaning: 'Child protection conferences (initial, review, transfer-in).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('conference'),
      CHILD_KEY,
      key('section47_enquiry_key', 't.section47enquiry_id', 'the section 47 enquiry'),
      key('reviewed_plan_key', 't.reviewed_plan_id', 'the plan reviewed'),
      AGENCY,
      ['type', 't.type', 'Initial, review or transfer-in.'],
      ['conference_date', 't.conference_date', 'Date held.'],
      ['outcome', 't.outcome', 'Outcome.'],
      ['category_of_abuse', 't.category_of_abuse', 'Category of abuse (DfE code).'],
      ['attending_agencies', 'coalesce(cardinality(t.attending_agency_ids), 0)', 'Number of agencies attending.'],
      UPDATED,
    ],
  },
  {
    name: 'child_protection_plans',
    from: 'child_protection_plan',
    meaning: 'Child protection plans.',
    child: 't.child_id',
    columns: [
      RECORD_KEY('plan'),
      CHILD_KEY,
      key('initial_conference_key', 't.initial_conference_id', 'the conference that made the plan'),
      AGENCY,
      ['start_date', 't.start_date', 'Start date.'],
      ['end_date', 't.end_date', 'End date.'],
      ['category', 't.category', 'Category of abuse (DfE code).'],
      ['end_reason', 't.end_reason', 'Reason the plan ended.'],
      UPDATED,
    ],
  },
  {
    name: 'care_episodes',
    from: 'care_episode',
    meaning: 'Episodes of care (children looked after, SSDA903).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('episode'),
      CHILD_KEY,
      AGENCY,
      ['start_date', 't.start_date', 'Episode start date.'],
      ['end_date', 't.end_date', 'Episode end date.'],
      ['entered_care_date', 't.entered_care_date', 'Date the period of care began.'],
      ['legal_status', 't.legal_status', 'Legal status (SSDA903 code).'],
      ['category_of_need', 't.category_of_need', 'Category of need (SSDA903 code).'],
      ['reason_for_new_episode', 't.reason_for_new_episode', 'Reason for new episode (SSDA903 code).'],
      ['reason_episode_ceased', 't.reason_episode_ceased', 'Reason episode ceased (SSDA903 code).'],
      UPDATED,
    ],
  },
  {
    name: 'care_placements',
    from: 'care_placement',
    meaning: 'Placements of children looked after (no address or provider reference).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('placement'),
      CHILD_KEY,
      key('care_episode_key', 't.episode_id', 'the episode of care'),
      AGENCY,
      ['start_date', 't.start_date', 'Start date.'],
      ['end_date', 't.end_date', 'End date.'],
      ['placement_type', 't.placement_type', 'Placement type (SSDA903 code).'],
      ['provider', 't.provider', 'Placement provider (SSDA903 code).'],
      ['distance_from_home_miles', 'round(t.distance_from_home_miles::numeric, 0)::int', 'Distance from home, to the nearest mile.'],
      ['change_reason', 't.change_reason', 'Reason for the change of placement (SSDA903 code).'],
      UPDATED,
    ],
  },
  {
    name: 'health_assessments',
    from: 'health_assessment',
    meaning: 'Initial and review health assessments of children looked after (no clinical text).',
    child: 't.child_id',
    joins: 'left join agency ra on ra.id = t.requesting_agency_id',
    columns: [
      RECORD_KEY('assessment'),
      CHILD_KEY,
      key('care_episode_key', 't.care_episode_id', 'the episode of care'),
      AGENCY,
      ['requesting_agency', 'ra.code', 'Code of the authority that requested it.'],
      ['type', 't.type', 'Initial or review.'],
      ['entered_care_date', 't.entered_care_date', 'Date the child entered care.'],
      ['requested_at', 't.requested_at', 'When it was requested.'],
      ['due_by', 't.due_by', 'Due date.'],
      ['completed_at', 't.completed_at', 'Date completed.'],
      ['performed_by', 't.performed_by', 'Role of the practitioner who did it.'],
      ['declined', 't.declined', 'Declined or refused.'],
      ['immunisations_up_to_date', 't.immunisations_up_to_date', 'Immunisations up to date.'],
      ['dental_check_date', 't.dental_check_date', 'Date of the last dental check.'],
      ['sdq_score', 't.sdq_score', 'Strengths and difficulties questionnaire score.'],
      UPDATED,
    ],
  },
  {
    name: 'exploitation_screenings',
    from: 'exploitation_screening',
    meaning: 'Exploitation screenings (no intelligence, tool text or indicators).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('screening'),
      CHILD_KEY,
      AGENCY,
      ['screened_at', 't.screened_at', 'When the screening was completed.'],
      ['level', 't.level', 'Normalised level of concern.'],
      ['exploitation_types', 't.exploitation_types', 'Kinds of exploitation considered (codes).'],
      ['referred_to_mace', 't.referred_to_mace', 'Referred to the multi-agency child exploitation meeting.'],
      ['mace_date', 't.mace_date', 'Date of that meeting.'],
      ['nrm_referral', 't.nrm_referral', 'Referred to the National Referral Mechanism.'],
      ['nrm_referral_date', 't.nrm_referral_date', 'Date of that referral.'],
      ['nrm_outcome', 't.nrm_outcome', 'NRM decision.'],
      ['nrm_outcome_date', 't.nrm_outcome_date', 'Date of the NRM decision.'],
      UPDATED,
    ],
  },
  {
    name: 'missing_episodes',
    from: 'missing_episode',
    meaning: 'Missing and absent episodes (no locations).',
    child: 't.child_id',
    columns: [
      RECORD_KEY('episode'),
      CHILD_KEY,
      AGENCY,
      ['episode_type', 't.episode_type', 'Missing or absent.'],
      ['start_at', 't.start_at', 'When it started.'],
      ['end_at', 't.end_at', 'When it ended.'],
      ['risk_grading', 't.risk_grading', 'Police risk grading.'],
      UPDATED,
    ],
  },
  {
    name: 'return_home_interviews',
    from: 'return_home_interview',
    meaning: 'Return home interviews after missing episodes (no findings).',
    child: 'e.child_id',
    joins: 'join missing_episode e on e.id = t.episode_id',
    columns: [
      RECORD_KEY('interview'),
      ['child_key', pseudonym('e.child_id'), 'Pseudonym of the child.'],
      key('missing_episode_key', 't.episode_id', 'the missing episode'),
      AGENCY,
      ['offered_at', 't.offered_at', 'When the interview was offered.'],
      ['held_at', 't.held_at', 'When it was held.'],
      ['declined_at', 't.declined_at', 'When it was declined.'],
      UPDATED,
    ],
  },
  {
    name: 'lado_referrals',
    from: 'lado_referral',
    meaning: 'Allegations against people who work with children (no names, employers or summaries).',
    child: null,
    columns: [
      RECORD_KEY('allegation'),
      AGENCY,
      ['referral_date', 't.referral_date', 'Referral date.'],
      ['adult_role', 't.adult_role', 'Role of the adult.'],
      ['harm_category', 't.harm_category', 'Category of harm.'],
      ['threshold_met', 't.threshold_met', 'The harm threshold was met.'],
      ['strategy_meeting_date', 't.strategy_meeting_date', 'Date of the strategy meeting.'],
      ['outcome', 't.outcome', 'Outcome.'],
      ['closed_at', 't.closed_at', 'When the case closed.'],
      UPDATED,
    ],
  },
  {
    name: 'domestic_abuse_notifications',
    from: 'domestic_abuse_notification',
    meaning: 'Operation Encompass notifications from the police to schools (no police notes).',
    child: 't.child_id',
    joins: 'join agency s on s.id = t.school_id',
    columns: [
      RECORD_KEY('notification'),
      CHILD_KEY,
      AGENCY,
      ['school', 's.code', 'Code of the school notified.'],
      ['incident_at', 't.incident_at', 'When the incident happened.'],
      ['child_present', 't.child_present', 'The child was present.'],
      ['notification_sent_at', 't.notification_sent_at', 'When the school was told.'],
      ['acknowledged_at', '(select min(x.acknowledged_at) from domestic_abuse_notification_ack x where x.notification_id = t.id and x.deleted_at is null)', 'When the school first acknowledged it.'],
      UPDATED,
    ],
  },
  {
    name: 'exclusions',
    from: 'exclusion',
    meaning: 'Suspensions and permanent exclusions.',
    child: 't.child_id',
    columns: [
      RECORD_KEY('exclusion'),
      CHILD_KEY,
      AGENCY,
      ['kind', 't.kind', 'Suspension or permanent exclusion.'],
      ['start_date', 't.start_date', 'Start date.'],
      ['sessions', 't.sessions', 'Sessions missed.'],
      ['reason', 't.reason', 'Reason (DfE code).'],
      UPDATED,
    ],
  },
];

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The two views of a declaration (private with ids, public without), their comments and grants. */
export function analyticsViewStatements(v: View): string[] {
  const select = v.columns.map(([name, expr]) => `${expr} as ${name}`).join(',\n        ');
  return [
    `create view analytics_private.${v.name} as
        select t.id as _id, ${v.child ?? 'null::uuid'} as _child_id,
        ${select}
        from ${v.from} t
        ${OWNER}
        ${v.joins ?? ''}
        cross join analytics_private.pseudonym_key k
        where t.deleted_at is null;`,
    `grant select on analytics_private.${v.name} to hub_app;`,
    `create view analytics.${v.name} as select ${v.columns.map(([name]) => name).join(', ')} from analytics_private.${v.name};`,
    `comment on view analytics.${v.name} is ${literal(v.meaning)};`,
    ...v.columns.map(([name, , meaning]) => `comment on column analytics.${v.name}.${name} is ${literal(meaning)};`),
    `grant select on analytics.${v.name} to hub_analytics_reader;`,
  ];
}

export class Migration20261206000000_analytics_views extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'hub_analytics_reader') then create role hub_analytics_reader nologin; end if;
    end $$;`);
    this.addSql('create schema analytics_private;');
    this.addSql('create schema analytics;');
    this.addSql(`comment on schema analytics is ${literal('Pseudonymised analytical views for BI tools (read-only role hub_analytics_reader). Generated by migrations/Migration20261206000000_analytics_views.ts.')};`);
    // HMAC-SHA256 (RFC 2104) with a 32-byte key: the padded key XOR ipad/opad is stored, so each pseudonym
    // is two sha256() calls, which every role may execute; the key itself is readable by the owner only.
    this.addSql(`create table analytics_private.pseudonym_key (
      only_row boolean primary key default true check (only_row),
      key bytea not null check (length(key) = 32),
      ipad bytea not null,
      opad bytea not null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create function analytics_private.rotate_pseudonym_key() returns void language plpgsql as $$
      declare
        k bytea := decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex');
        i bytea := decode(repeat('36', 64), 'hex');
        o bytea := decode(repeat('5c', 64), 'hex');
      begin
        for n in 0..31 loop
          i := set_byte(i, n, get_byte(i, n) # get_byte(k, n));
          o := set_byte(o, n, get_byte(o, n) # get_byte(k, n));
        end loop;
        insert into analytics_private.pseudonym_key (key, ipad, opad) values (k, i, o)
          on conflict (only_row) do update set key = excluded.key, ipad = excluded.ipad, opad = excluded.opad, created_at = now();
      end $$;`);
    this.addSql('revoke all on function analytics_private.rotate_pseudonym_key() from public;');
    this.addSql('select analytics_private.rotate_pseudonym_key();');
    this.addSql('grant usage on schema analytics_private to hub_app;');
    this.addSql('grant usage on schema analytics to hub_analytics_reader;');
    for (const v of ANALYTICS_VIEWS) for (const statement of analyticsViewStatements(v)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop schema analytics cascade;');
    this.addSql('drop schema analytics_private cascade;');
  }
}
