import { Migration } from '@mikro-orm/migrations';
import { rowScopePolicyStatements } from '../src/access/row-scope';
import { effectiveStatusSql } from '../src/modules/protection/multi-agency';
import { ACCESS_GIVING_STATUSES } from '../src/access/involvement-policy';
import { AGENCY, analyticsViewStatements, ANALYTICS_VIEWS as FIRST_VIEWS, CHILD_KEY, key, pseudonym, RECORD_KEY, UPDATED, type View } from './Migration20261206000000_analytics_views';

const RESPONSE_STATUS = '(select r.status from strategy_discussion_response r where r.participant_id = t.id and r.deleted_at is null order by r.id limit 1)';

/**
 * The analytical views this migration replaces or adds (src/exports/analytics-views.ts puts them in place
 * of the earlier declarations of the same name): discussions with their stage, so a BI tool counts held
 * ones as the scorecard does; participants with the status that counts; agreed actions (no wording).
 */
export const WORKFLOW_ANALYTICS_VIEWS: View[] = [
  {
    name: 'strategy_discussions',
    from: 'strategy_discussion',
    meaning: 'Strategy discussions (meetings), convened or held.',
    child: 't.child_id',
    columns: [
      RECORD_KEY('discussion'),
      CHILD_KEY,
      key('referral_key', 't.referral_id', 'the referral'),
      AGENCY,
      ['held_at', 't.held_at', 'When it was held (while only convened: when it is planned).'],
      ['format', 't.format', 'Format (meeting, call, ...).'],
      ['decision', 't.decision', 'Decision (null while only convened).'],
      UPDATED,
      ['stage', 't.stage', 'CONVENED (invitations out, not yet held) or HELD. The scorecard counts HELD discussions only.'],
      ['urgency', 't.urgency', 'How soon the convener needed it held (null when recorded after the fact).'],
      ['convened_at', 't.convened_at', 'When it was convened (null when recorded after the fact).'],
      ['health_not_invited', 't.health_not_invited_reason is not null', 'The convener recorded why no health agency was invited.'],
      ['education_not_invited', 't.education_not_invited_reason is not null', 'The convener recorded why no school or education setting was invited.'],
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
      ['status', 't.status', 'The status as the convening agency recorded it.'],
      ['invited_at', 't.invited_at', 'When the agency was invited.'],
      UPDATED,
      ['effective_status', effectiveStatusSql('t.status', RESPONSE_STATUS), "The status that counts (the scorecard's): the invited agency's own response wins over the convener's entry, except that attendance recorded at the discussion wins over an earlier ACCEPTED."],
      ['respond_by', 't.respond_by', 'By when the invited agency was asked to respond.'],
    ],
  },
  {
    name: 'strategy_discussion_actions',
    from: 'strategy_discussion_action',
    meaning: 'Actions agreed at strategy discussions, each assigned to an agency with a due date (no wording: free text stays in the hub).',
    child: 'sd.child_id',
    joins: 'join strategy_discussion sd on sd.id = t.discussion_id join agency aa on aa.id = t.assigned_agency_id',
    columns: [
      RECORD_KEY('action'),
      ['child_key', pseudonym('sd.child_id'), 'Pseudonym of the child the discussion is about.'],
      key('strategy_discussion_key', 't.discussion_id', 'the discussion'),
      AGENCY,
      ['assigned_agency', 'aa.code', 'Code of the agency the action is assigned to.'],
      ['assigned_agency_kind', 'aa.kind', 'Kind of that agency.'],
      ['due_by', 't.due_by', 'The last day the action is in time.'],
      UPDATED,
    ],
  },
  {
    name: 'domestic_abuse_incidents',
    from: 'domestic_abuse_incident',
    meaning: 'Domestic abuse incidents the police recorded that a child was involved in or exposed to (Operation Encompass); no references, no notes.',
    child: 't.child_id',
    joins: 'left join agency s on s.id = t.school_id',
    columns: [
      RECORD_KEY('incident'),
      CHILD_KEY,
      AGENCY,
      ['school', 's.code', "Code of the child's school to be told (null: none known)."],
      ['incident_at', 't.incident_at', 'When the incident happened.'],
      ['child_present', 't.child_present', 'Whether the child was present (null: not known).'],
      UPDATED,
    ],
  },
];

/**
 * The strategy discussion lifecycle (issue 13 must-show 1): a discussion is convened (stage, urgency,
 * convenedAt; `held_at` is the planned time and there is no decision until it is held), invitations carry
 * a respond-by time, invited agencies may answer ACCEPTED or WRITTEN_CONTRIBUTION and the convener records
 * DID_NOT_ATTEND, a missing health or education invitation has its reason, and agreed actions are records
 * of their own. Tasks gain the kinds this raises (invitations, agreed actions, involvement requests) and
 * the wording of an agreed action. Domestic abuse incidents (Operation Encompass) are records of their
 * own, which a notification may name. Columns as MikroORM generates them from the entities; every
 * existing discussion is HELD (it has its decision).
 */
export class Migration20261212000000_workflows extends Migration {
  override async up(): Promise<void> {
    // New enum values cannot be used in the transaction that adds them: nothing below uses them.
    this.addSql(`alter type "strategy_participant_status" add value if not exists 'ACCEPTED' after 'INVITED';`);
    this.addSql(`alter type "strategy_participant_status" add value if not exists 'WRITTEN_CONTRIBUTION' after 'DECLINED';`);
    this.addSql(`alter type "strategy_participant_status" add value if not exists 'DID_NOT_ATTEND' after 'WRITTEN_CONTRIBUTION';`);
    this.addSql(`alter type "task_kind" add value if not exists 'IHA_COMPLETION';`);
    this.addSql(`alter type "task_kind" add value if not exists 'RHA';`);
    this.addSql(`alter type "task_kind" add value if not exists 'INVOLVEMENT_DECISION';`);
    this.addSql(`alter type "task_kind" add value if not exists 'OPERATION_ENCOMPASS';`);
    this.addSql(`alter type "task_kind" add value if not exists 'STRATEGY_INVITATION';`);
    this.addSql(`alter type "task_kind" add value if not exists 'AGREED_ACTION';`);
    this.addSql(`create type "strategy_discussion_stage" as enum ('CONVENED', 'HELD');`);
    this.addSql(`create type "strategy_discussion_urgency" as enum ('IMMEDIATE', 'SAME_DAY', 'NEXT_WORKING_DAY', 'WITHIN_3_WORKING_DAYS');`);
    this.addSql(
      `alter table "strategy_discussion" add column "stage" "strategy_discussion_stage" not null default 'HELD', add column "urgency" "strategy_discussion_urgency" null, add column "convened_at" timestamptz null, add column "health_not_invited_reason" text null, add column "education_not_invited_reason" text null;`,
    );
    this.addSql(`alter table "strategy_discussion" alter column "decision" drop not null;`);
    this.addSql(`alter table "strategy_discussion" add constraint "strategy_discussion_decided_when_held" check (((stage = 'HELD') = (decision is not null)));`);
    this.addSql(`alter table "strategy_discussion_participant" add column "respond_by" timestamptz null;`);
    this.addSql(`alter table "task" add column "detail" text null;`);

    this.addSql(`create table "strategy_discussion_action" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "discussion_id" uuid not null, "assigned_agency_id" uuid not null, "description" text not null, "due_by" date not null, primary key ("id"));`);
    this.addSql(`create index "strategy_discussion_action_owning_agency_id_index" on "strategy_discussion_action" ("owning_agency_id");`);
    this.addSql(`create index "strategy_discussion_action_discussion_id_index" on "strategy_discussion_action" ("discussion_id");`);
    this.addSql(`create index "strategy_discussion_action_assigned_agency_id_index" on "strategy_discussion_action" ("assigned_agency_id");`);
    this.addSql(`alter table "strategy_discussion_action" add constraint "strategy_discussion_action_owning_agency_id_sourc_b2fcf_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "strategy_discussion_action" add constraint "strategy_discussion_action_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "strategy_discussion_action" add constraint "strategy_discussion_action_discussion_id_foreign" foreign key ("discussion_id") references "strategy_discussion" ("id") on delete restrict;`);
    this.addSql(`alter table "strategy_discussion_action" add constraint "strategy_discussion_action_assigned_agency_id_foreign" foreign key ("assigned_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "strategy_discussion_action" enable row level security;`);

    this.addSql(`create table "domestic_abuse_incident" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "school_id" uuid null, "incident_at" timestamptz not null, "child_present" boolean null, "police_reference" text null, primary key ("id"));`);
    this.addSql(`create index "domestic_abuse_incident_owning_agency_id_index" on "domestic_abuse_incident" ("owning_agency_id");`);
    this.addSql(`create index "domestic_abuse_incident_child_id_index" on "domestic_abuse_incident" ("child_id");`);
    this.addSql(`create index "domestic_abuse_incident_school_id_index" on "domestic_abuse_incident" ("school_id");`);
    this.addSql(`alter table "domestic_abuse_incident" add constraint "domestic_abuse_incident_owning_agency_id_source_s_a077b_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "domestic_abuse_incident" add constraint "domestic_abuse_incident_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "domestic_abuse_incident" add constraint "domestic_abuse_incident_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "domestic_abuse_incident" add constraint "domestic_abuse_incident_school_id_foreign" foreign key ("school_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "domestic_abuse_incident" enable row level security;`);
    this.addSql(`alter table "domestic_abuse_notification" add column "incident_id" uuid null;`);
    // Duty to share (must-show 4): NHS number traces, disclosures with their gateway, reviewed decisions not to share.
    this.addSql(`create type "nhs_number_trace_status" as enum ('TRACED', 'NOT_FOUND', 'NOT_YET_TRACED');`);
    this.addSql(`create type "disclosure_gateway" as enum ('DUTY_TO_SHARE_S16LA', 'CHILDREN_ACT_1989_S47', 'CHILDREN_ACT_1989_S17', 'CHILDREN_ACT_2004_S11', 'CRIME_AND_DISORDER_ACT_1998_S115', 'CONSENT', 'COURT_ORDER', 'OTHER');`);
    this.addSql(`create table "nhs_number_trace" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "nhs_number" text null, "status" "nhs_number_trace_status" not null, "reason" text null, "checked_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "nhs_number_trace_owning_agency_id_index" on "nhs_number_trace" ("owning_agency_id");`);
    this.addSql(`create index "nhs_number_trace_child_id_index" on "nhs_number_trace" ("child_id");`);
    this.addSql(`create index "nhs_number_trace_child_checked_index" on "nhs_number_trace" ("child_id", "checked_at");`);
    this.addSql(`alter table "nhs_number_trace" add constraint "nhs_number_trace_owning_agency_id_source_system_s_e1fcd_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "nhs_number_trace" add constraint "nhs_number_trace_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "nhs_number_trace" add constraint "nhs_number_trace_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "nhs_number_trace" enable row level security;`);
    this.addSql(`create table "information_disclosure" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "recipient_agency_id" uuid null, "recipient_description" text null, "disclosed_at" timestamptz not null, "information_disclosed" text not null, "gateway" "disclosure_gateway" not null, "gateway_detail" text null, primary key ("id"));`);
    this.addSql(`create index "information_disclosure_owning_agency_id_index" on "information_disclosure" ("owning_agency_id");`);
    this.addSql(`create index "information_disclosure_child_id_index" on "information_disclosure" ("child_id");`);
    this.addSql(`create index "information_disclosure_recipient_agency_id_index" on "information_disclosure" ("recipient_agency_id");`);
    this.addSql(`create index "information_disclosure_child_id_disclosed_at_index" on "information_disclosure" ("child_id", "disclosed_at");`);
    this.addSql(`alter table "information_disclosure" add constraint "information_disclosure_owning_agency_id_source_sy_659d5_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "information_disclosure" add constraint "information_disclosure_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "information_disclosure" add constraint "information_disclosure_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "information_disclosure" add constraint "information_disclosure_recipient_agency_id_foreign" foreign key ("recipient_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "information_disclosure" enable row level security;`);
    // Multi-agency child protection teams (must-show 5): membership gives involvements, which carry access.
    this.addSql(`create type "cp_team_role" as enum ('SOCIAL_WORKER', 'HEALTH_PROFESSIONAL', 'POLICE_OFFICER', 'EDUCATION_PROFESSIONAL', 'OTHER');`);
    const base = `"id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null`;
    this.addSql(`create table "cp_team" (${base}, "name" text not null, "started_on" date not null, "ended_on" date null, primary key ("id"));`);
    this.addSql(`create table "cp_team_member" (${base}, "team_id" uuid not null, "agency_id" uuid not null, "practitioner_id" uuid null, "member_name" text not null, "role" "cp_team_role" not null, "started_on" date not null, "ended_on" date null, primary key ("id"));`);
    this.addSql(`create table "cp_team_case" (${base}, "team_id" uuid not null, "child_id" uuid not null, "started_on" date not null, "ended_on" date null, primary key ("id"));`);
    for (const [table, unique] of [['cp_team', 'cp_team_owning_agency_id_source_system_source_record_id_unique'], ['cp_team_member', 'cp_team_member_owning_agency_id_source_system_sou_0ac2e_unique'], ['cp_team_case', 'cp_team_case_owning_agency_id_source_system_sourc_84979_unique']] as const) {
      this.addSql(`create index "${table}_owning_agency_id_index" on "${table}" ("owning_agency_id");`);
      this.addSql(`alter table "${table}" add constraint "${unique}" unique ("owning_agency_id", "source_system", "source_record_id");`);
      this.addSql(`alter table "${table}" add constraint "${table}_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
      this.addSql(`alter table "${table}" enable row level security;`);
    }
    this.addSql(`create index "cp_team_member_team_id_index" on "cp_team_member" ("team_id");`);
    this.addSql(`create index "cp_team_member_agency_id_index" on "cp_team_member" ("agency_id");`);
    this.addSql(`create index "cp_team_member_practitioner_id_index" on "cp_team_member" ("practitioner_id");`);
    this.addSql(`alter table "cp_team_member" add constraint "cp_team_member_team_id_foreign" foreign key ("team_id") references "cp_team" ("id") on delete restrict;`);
    this.addSql(`alter table "cp_team_member" add constraint "cp_team_member_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "cp_team_member" add constraint "cp_team_member_practitioner_id_foreign" foreign key ("practitioner_id") references "practitioner" ("id") on delete restrict;`);
    this.addSql(`create index "cp_team_case_team_id_index" on "cp_team_case" ("team_id");`);
    this.addSql(`create index "cp_team_case_child_id_index" on "cp_team_case" ("child_id");`);
    this.addSql(`create index "cp_team_case_team_id_ended_on_index" on "cp_team_case" ("team_id", "ended_on");`);
    this.addSql(`alter table "cp_team_case" add constraint "cp_team_case_team_id_foreign" foreign key ("team_id") references "cp_team" ("id") on delete restrict;`);
    this.addSql(`alter table "cp_team_case" add constraint "cp_team_case_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "involvement" add column "via_team_member_id" uuid null;`);
    this.addSql(`create index "involvement_via_team_member_id_index" on "involvement" ("via_team_member_id");`);
    this.addSql(`create unique index "involvement_one_per_team_member" on "involvement" ("via_team_member_id", "child_id") where "ended_at" is null and "deleted_at" is null;`);
    this.addSql(`create unique index "cp_team_case_one_running" on "cp_team_case" ("team_id", "child_id") where "ended_on" is null and "deleted_at" is null;`);
    this.addSql(`alter table "involvement" add constraint "involvement_via_team_member_id_foreign" foreign key ("via_team_member_id") references "cp_team_member" ("id") on delete restrict;`);

    // Notices to the lead practitioner of access from outside the child's involvement (must-show 6).
    this.addSql(`create type "access_notification_kind" as enum ('STATUS_CARD', 'BREAK_GLASS');`);
    this.addSql(`create table "access_notification" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "kind" "access_notification_kind" not null, "accessed_at" timestamptz not null, "accessing_agency_id" uuid not null, "accessed_by_subject" text not null, "accessed_by_name" text null, "accessed_by_roles" text not null, "purpose" text not null, "reason" text null, "notified_practitioner_id" uuid null, "notified_team_id" uuid null, "acknowledged_at" timestamptz null, "acknowledged_by" text null, "acknowledgement_note" text null, primary key ("id"));`);
    this.addSql(`create index "access_notification_owning_agency_id_index" on "access_notification" ("owning_agency_id");`);
    this.addSql(`create index "access_notification_child_id_index" on "access_notification" ("child_id");`);
    this.addSql(`create index "access_notification_accessing_agency_id_index" on "access_notification" ("accessing_agency_id");`);
    this.addSql(`create index "access_notification_notified_practitioner_id_index" on "access_notification" ("notified_practitioner_id");`);
    this.addSql(`create index "access_notification_notified_team_id_index" on "access_notification" ("notified_team_id");`);
    this.addSql(`create index "access_notification_owner_at_index" on "access_notification" ("owning_agency_id", "accessed_at", "id");`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_owning_agency_id_source_syste_3a0c7_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_accessing_agency_id_foreign" foreign key ("accessing_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_notified_practitioner_id_foreign" foreign key ("notified_practitioner_id") references "practitioner" ("id") on delete restrict;`);
    this.addSql(`alter table "access_notification" add constraint "access_notification_notified_team_id_foreign" foreign key ("notified_team_id") references "team" ("id") on delete restrict;`);
    this.addSql(`alter table "access_notification" enable row level security;`);
    // Whom to tell: the child's lead agency and, from its current allocations, the practitioner (an
    // allocated social worker first, the most recent first) and their team. Security definer: the caller
    // reached the child from outside its involvement and cannot read them.
    this.addSql(`create or replace function hub_child_lead_contacts(p_children uuid[])
      returns table (child_id uuid, lead_agency_id uuid, practitioner_id uuid, team_id uuid)
      language sql stable security definer set search_path = public as $$
        select c.id, c.owning_agency_id, a.practitioner_id, coalesce(a.team_id, t.team_id)
          from child c
          left join lateral (select i.practitioner_id, i.team_id from involvement i
                              where i.child_id = c.id and i.agency_id = c.owning_agency_id and i.deleted_at is null and i.practitioner_id is not null
                                and i.status in (${ACCESS_GIVING_STATUSES.map((x) => `'${x}'`).join(', ')}) and i.started_at <= current_date and (i.ended_at is null or i.ended_at > current_date)
                              order by (i.role = 'ALLOCATED_SOCIAL_WORKER') desc, i.started_at desc, i.id limit 1) a on true
          left join lateral (select i.team_id from involvement i
                              where i.child_id = c.id and i.agency_id = c.owning_agency_id and i.deleted_at is null and i.team_id is not null
                                and i.status in (${ACCESS_GIVING_STATUSES.map((x) => `'${x}'`).join(', ')}) and i.started_at <= current_date and (i.ended_at is null or i.ended_at > current_date)
                              order by i.started_at desc, i.id limit 1) t on true
         where c.id = any(p_children)
      $$;`);
    this.addSql(`revoke all on function hub_child_lead_contacts(uuid[]) from public;`);
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'hub_app') then grant execute on function hub_child_lead_contacts(uuid[]) to hub_app; end if;
    end $$;`);
    this.addSql(`alter table "decision_not_to_share" add column "more_detrimental_to_child" boolean not null default false, add column "reviewed_by_name" text null, add column "reviewed_by_role" text null, add column "reviewed_at" timestamptz null;`);
    this.addSql(`create index "domestic_abuse_notification_incident_id_index" on "domestic_abuse_notification" ("incident_id");`);
    this.addSql(`alter table "domestic_abuse_notification" add constraint "domestic_abuse_notification_incident_id_foreign" foreign key ("incident_id") references "domestic_abuse_incident" ("id") on delete restrict;`);
    for (const statement of rowScopePolicyStatements(this.driver.getMetadata())) this.addSql(statement);

    for (const v of WORKFLOW_ANALYTICS_VIEWS) {
      this.addSql(`drop view if exists analytics.${v.name};`);
      this.addSql(`drop view if exists analytics_private.${v.name};`);
      for (const statement of analyticsViewStatements(v)) this.addSql(statement);
    }
  }

  override async down(): Promise<void> {
    for (const v of WORKFLOW_ANALYTICS_VIEWS) {
      this.addSql(`drop view if exists analytics.${v.name};`);
      this.addSql(`drop view if exists analytics_private.${v.name};`);
    }
    this.addSql('drop table "strategy_discussion_action";');
    this.addSql('alter table "domestic_abuse_notification" drop column "incident_id";');
    this.addSql('drop table "domestic_abuse_incident";');
    this.addSql('drop table "nhs_number_trace";');
    this.addSql('drop table "access_notification";');
    this.addSql('alter table "involvement" drop column "via_team_member_id";');
    this.addSql('drop table "cp_team_case";');
    this.addSql('drop table "cp_team_member";');
    this.addSql('drop table "cp_team";');
    this.addSql('drop type "cp_team_role";');
    this.addSql('drop type "access_notification_kind";');
    this.addSql('drop function hub_child_lead_contacts(uuid[]);');
    this.addSql('drop table "information_disclosure";');
    this.addSql('drop type "nhs_number_trace_status";');
    this.addSql('drop type "disclosure_gateway";');
    this.addSql('alter table "decision_not_to_share" drop column "more_detrimental_to_child", drop column "reviewed_by_name", drop column "reviewed_by_role", drop column "reviewed_at";');
    this.addSql('alter table "task" drop column "detail";');
    this.addSql('alter table "strategy_discussion_participant" drop column "respond_by";');
    this.addSql('alter table "strategy_discussion" drop constraint "strategy_discussion_decided_when_held";');
    this.addSql('alter table "strategy_discussion" drop column "stage", drop column "urgency", drop column "convened_at", drop column "health_not_invited_reason", drop column "education_not_invited_reason";');
    this.addSql('drop type "strategy_discussion_stage";');
    this.addSql('drop type "strategy_discussion_urgency";');
    // The views as they were (the enum values added stay: PostgreSQL cannot drop them).
    for (const v of FIRST_VIEWS.filter((f) => WORKFLOW_ANALYTICS_VIEWS.some((l) => l.name === f.name))) for (const statement of analyticsViewStatements(v)) this.addSql(statement);
  }
}
