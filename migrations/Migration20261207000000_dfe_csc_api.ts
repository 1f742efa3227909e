import { Migration } from '@mikro-orm/migrations';

/**
 * The DfE children's social care API payload (issue 12; data-to-insight's dfe-csc-api-data-flows, DfE spec
 * v0.8): one JSON record per child in the cohort, built in SQL from the shared records, and a staging table
 * that remembers what was last sent (its content hash) so an unchanged record is not sent again.
 *
 * Shape (the spec's attributes 2-55): la_child_id, mis_child_id, purge; child_details; health_and_wellbeing
 * (SDQ scores, omitted when none); social_care_episodes, one per referral, holding the assessments, CIN
 * plans, section 47 enquiries (with the initial conference date), child protection plans and looked-after
 * placements that began during it (an item belongs to the latest referral on or before its start), and the
 * care leaver's latest contact. Ids are the partner system's own (source_record_id) where it gave one, so
 * DfE sees the ids the authority's case system uses; otherwise the hub's.
 * Not sent, as in the spec: NHS number, categories of abuse, primary need, reviews, visits, missing episodes,
 * health assessments other than SDQ, contacts. Care worker details and adoption are not recorded in the hub.
 */
export class Migration20261207000000_dfe_csc_api extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table dfe_csc_api_staging (
      child_id uuid primary key,
      la_child_id text not null,
      mis_child_id text not null,
      payload jsonb not null,
      content_hash text not null,
      row_state text not null check (row_state in ('NEW', 'UPDATED', 'UNCHANGED', 'DELETED')),
      built_on date not null,
      sent_hash text,
      sent_at timestamptz
    );`);
    this.addSql(`comment on table dfe_csc_api_staging is 'The DfE CSC API payload per child as last built, and the hash of what was last sent (npm run export:dfe-api).';`);
    // Identifiable data for the return only: not for request transactions (the export runs as the owner).
    this.addSql('revoke all on dfe_csc_api_staging from hub_app;');

    // The item's episode: the child's latest live referral on or before the day.
    this.addSql(`create function hub_dfe_episode_of(p_child uuid, p_day date) returns uuid language sql stable as $$
      select r.id from referral r where r.child_id = p_child and r.deleted_at is null and r.referral_date <= p_day
       order by r.referral_date desc, r.id desc limit 1
    $$;`);

    this.addSql(`create function hub_dfe_csc_cohort(p_from date, p_to date) returns table (child_id uuid) language sql stable as $$
      select c.id from child c
       where c.deleted_at is null
         -- aged 25 or under at some point in the window, or unborn and expected in it
         and ((c.date_of_birth is not null and c.date_of_birth > p_from - interval '26 years')
              or (c.date_of_birth is null and c.expected_date_of_birth between p_from and p_to))
         and (exists (select 1 from referral r where r.child_id = c.id and r.deleted_at is null and r.referral_date <= p_to and (r.closure_date is null or r.closure_date >= p_from))
              or exists (select 1 from cin_plan p where p.child_id = c.id and p.deleted_at is null and p.start_date <= p_to and (p.end_date is null or p.end_date >= p_from))
              or exists (select 1 from care_placement p where p.child_id = c.id and p.deleted_at is null and p.start_date <= p_to and (p.end_date is null or p.end_date >= p_from)))
    $$;`);

    const id = (alias: string) => `coalesce(${alias}.source_record_id, ${alias}.id::text)`;
    const inEpisode = (alias: string, day: string) => `${alias}.deleted_at is null and hub_dfe_episode_of(c.id, ${day}) = r.id and ${day} <= p_to`;
    // Assessments and CIN plans name their referral; without one, the episode rule decides.
    const linked = (alias: string) => `${alias}.deleted_at is null and ${alias}.start_date <= p_to and (${alias}.referral_id = r.id or (${alias}.referral_id is null and hub_dfe_episode_of(c.id, ${alias}.start_date) = r.id))`;
    this.addSql(`create function hub_dfe_csc_payload(p_child uuid, p_from date, p_to date) returns jsonb language sql stable as $$
      select jsonb_build_object(
        'la_child_id', coalesce((select i.value from child_identifier i where i.child_id = c.id and i.type = 'LA_CHILD_ID' and i.deleted_at is null order by i.valid_from desc nulls last, i.id limit 1), ${id('c')}),
        'mis_child_id', ${id('c')},
        'purge', false,
        'child_details', jsonb_strip_nulls(jsonb_build_object(
          'unique_pupil_number', (select i.value from child_identifier i where i.child_id = c.id and i.type = 'UPN' and i.deleted_at is null order by i.valid_from desc nulls last, i.id limit 1),
          'first_name', c.given_name,
          'surname', c.family_name,
          'date_of_birth', c.date_of_birth,
          'expected_date_of_birth', c.expected_date_of_birth,
          'sex', c.sex,
          'ethnicity', c.ethnicity,
          'disabilities', coalesce((select jsonb_agg(distinct d.code) from child_disability d where d.child_id = c.id and d.deleted_at is null), '["NONE"]'::jsonb),
          'postcode', (select a.postcode from child_address a where a.child_id = c.id and a.deleted_at is null and not a.confidential and a.postcode is not null order by a.from_date desc nulls last, a.id limit 1),
          'uasc_flag', c.is_uasc,
          'uasc_end_date', c.uasc_status_end_date)) || '{"purge": false}'::jsonb,
        'social_care_episodes', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'social_care_episode_id', ${id('r')},
            'referral_date', r.referral_date,
            'referral_source', r.source,
            'referral_no_further_action_flag', r.nfa,
            'closure_date', r.closure_date,
            'closure_reason', r.closure_reason)) || jsonb_build_object(
            'child_and_family_assessments', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('child_and_family_assessment_id', ${id('a')}, 'start_date', a.start_date, 'authorisation_date', a.authorised_date, 'factors', to_jsonb(a.factors))) || '{"purge": false}'::jsonb order by a.start_date, a.id)
                from assessment a where a.child_id = c.id and ${linked('a')}), '[]'::jsonb),
            'child_in_need_plans', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('child_in_need_plan_id', ${id('p')}, 'start_date', p.start_date, 'end_date', p.end_date)) || '{"purge": false}'::jsonb order by p.start_date, p.id)
                from cin_plan p where p.child_id = c.id and ${linked('p')}), '[]'::jsonb),
            'section_47_assessments', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('section_47_assessment_id', ${id('s')}, 'start_date', s.start_date, 'icpc_required_flag', s.conference_required,
                  'icpc_date', (select min(k.conference_date) from child_protection_conference k where k.section47enquiry_id = s.id and k.type = 'INITIAL' and k.deleted_at is null), 'end_date', s.end_date)) || '{"purge": false}'::jsonb order by s.start_date, s.id)
                from section47_enquiry s where s.child_id = c.id and ${inEpisode('s', 's.start_date')}), '[]'::jsonb),
            'child_protection_plans', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('child_protection_plan_id', ${id('p')}, 'start_date', p.start_date, 'end_date', p.end_date)) || '{"purge": false}'::jsonb order by p.start_date, p.id)
                from child_protection_plan p where p.child_id = c.id and ${inEpisode('p', 'p.start_date')}), '[]'::jsonb),
            'child_looked_after_placements', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('child_looked_after_placement_id', ${id('p')}, 'start_date', p.start_date,
                  'start_reason', e.reason_for_new_episode, 'placement_type', p.placement_type, 'postcode', left(p.postcode, 8), 'end_date', p.end_date,
                  'end_reason', case when p.end_date is not null and p.end_date = e.end_date then e.reason_episode_ceased end, 'change_reason', p.change_reason)) || '{"purge": false}'::jsonb order by p.start_date, p.id)
                from care_placement p join care_episode e on e.id = p.episode_id and e.deleted_at is null
               where p.child_id = c.id and ${inEpisode('p', 'p.start_date')}), '[]'::jsonb),
            'purge', false)
          || coalesce((select jsonb_build_object('care_leavers', jsonb_strip_nulls(jsonb_build_object('contact_date', l.contact_date, 'activity', l.activity, 'accommodation', l.accommodation)) || '{"purge": false}'::jsonb)
                from care_leaver l where l.child_id = c.id and l.deleted_at is null order by l.contact_date desc nulls last, l.id limit 1), '{}'::jsonb)
          order by r.referral_date, r.id)
          from referral r where r.child_id = c.id and r.deleted_at is null and r.referral_date <= p_to and (r.closure_date is null or r.closure_date >= p_from)), '[]'::jsonb))
        || coalesce((select jsonb_build_object('health_and_wellbeing', jsonb_build_object('sdq_assessments', jsonb_agg(jsonb_build_object('date', h.completed_at, 'score', h.sdq_score) order by h.completed_at), 'purge', false))
              from health_assessment h where h.child_id = c.id and h.deleted_at is null and h.sdq_score is not null and h.completed_at between p_from and p_to having count(*) > 0), '{}'::jsonb)
      from child c where c.id = p_child
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function hub_dfe_csc_payload(uuid, date, date);');
    this.addSql('drop function hub_dfe_csc_cohort(date, date);');
    this.addSql('drop function hub_dfe_episode_of(uuid, date);');
    this.addSql('drop table dfe_csc_api_staging;');
  }
}
