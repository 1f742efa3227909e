import { Migration } from '@mikro-orm/migrations';

/**
 * findChildren and the status card read only what the caller may see (issue: search leaks).
 * - hub_children_by_postcode is dropped: it matched every address, confidential placement and refuge
 *   addresses and children outside the caller's row scope included. Postcode candidates now come from
 *   the address rows row-level security lets the caller read, minus confidential ones of other agencies.
 * - hub_children_by_identifier gains the identifier's namespace (LA code, force code), so an LA child id
 *   or police person id matches only within its issuer; still security definer: an exact identifier is
 *   how a child outside the caller's scope is found (as NHS CP-IS does with the NHS number).
 * - hub_child_status_alerts(children) returns the status-card rows only (plan or care period, dates,
 *   responsible authority and duty contact), so the status card no longer switches the whole request
 *   transaction to row_scope 'all' while sibling resolvers run.
 */
export class Migration20261123000200_search_scope extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop function if exists hub_children_by_postcode(text);');
    this.addSql('drop function if exists hub_children_by_identifier(text[], text);');
    this.addSql(`create or replace function hub_children_by_identifier(p_types text[], p_value text, p_namespace text)
      returns table (child_id uuid, identifier_type text) language sql stable security definer set search_path = public as $$
        select i.child_id, i.type::text from child_identifier i join child c on c.id = i.child_id
         where i.type::text = any(p_types) and i.value = p_value and i.namespace is not distinct from p_namespace
           and i.deleted_at is null and c.deleted_at is null
           and (i.valid_to is null or i.valid_to >= current_date)
         limit 50
      $$;`);
    this.addSql(`create or replace function hub_child_status_alerts(p_children uuid[])
      returns table (child_id uuid, kind text, start_date date, end_date date, name text, phone text, email text)
      language sql stable security definer set search_path = public as $$
        select p.child_id,
               case when c.date_of_birth is null or p.start_date < c.date_of_birth then 'UNBORN_CHILD_PROTECTION_PLAN' else 'CHILD_PROTECTION_PLAN' end,
               p.start_date, p.end_date, a.name, a.duty_contact_phone, a.duty_contact_email
          from child_protection_plan p join child c on c.id = p.child_id join agency a on a.id = p.owning_agency_id
         where p.child_id = any(p_children) and p.deleted_at is null and (p.end_date is null or p.end_date >= current_date - interval '12 months')
        union all
        select e.child_id, 'CHILD_IN_CARE', e.start_date, e.end_date, a.name, a.duty_contact_phone, a.duty_contact_email
          from care_episode e join agency a on a.id = e.owning_agency_id
         where e.child_id = any(p_children) and e.deleted_at is null and (e.end_date is null or e.end_date >= current_date - interval '12 months')
      $$;`);
    for (const fn of ['hub_children_by_identifier(text[], text, text)', 'hub_child_status_alerts(uuid[])']) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`do $$ begin
        if exists (select 1 from pg_roles where rolname = 'hub_app') then grant execute on function ${fn} to hub_app; end if;
      end $$;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists hub_child_status_alerts(uuid[]);');
    this.addSql('drop function if exists hub_children_by_identifier(text[], text, text);');
    this.addSql(`create or replace function hub_children_by_identifier(p_types text[], p_value text)
      returns table (child_id uuid, identifier_type text) language sql stable security definer set search_path = public as $$
        select i.child_id, i.type::text from child_identifier i join child c on c.id = i.child_id
         where i.type::text = any(p_types) and i.value = p_value and i.deleted_at is null and c.deleted_at is null
           and (i.valid_to is null or i.valid_to >= current_date)
         limit 50
      $$;`);
    this.addSql(`create or replace function hub_children_by_postcode(p_postcode text)
      returns setof uuid language sql stable security definer set search_path = public as $$
        select distinct a.child_id from child_address a join child c on c.id = a.child_id
         where a.postcode = p_postcode and a.deleted_at is null and c.deleted_at is null
         limit 200
      $$;`);
    this.addSql('revoke all on function hub_children_by_identifier(text[], text) from public;');
    this.addSql('revoke all on function hub_children_by_postcode(text) from public;');
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'hub_app') then
        grant execute on function hub_children_by_identifier(text[], text) to hub_app;
        grant execute on function hub_children_by_postcode(text) to hub_app;
      end if;
    end $$;`);
  }
}
