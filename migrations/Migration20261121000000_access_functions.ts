import { Migration } from '@mikro-orm/migrations';

/**
 * The application role and the row-scope function that the row-level security policies (declared in
 * src/access/row-scope.ts and emitted into the schema migration) call. Runs before the schema:
 * plpgsql bodies are only resolved when called, so the tables may come later.
 */
export class Migration20261121000000_access_functions extends Migration {
  override async up(): Promise<void> {
    // Requests run as hub_app (SET LOCAL ROLE), which never owns tables and never bypasses RLS.
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'hub_app') then create role hub_app nologin; end if;
    end $$;`);
    this.addSql(`do $$ begin
      if not pg_has_role(current_user, 'hub_app', 'member') then execute format('grant hub_app to %I', current_user); end if;
    end $$;`);
    // Security definer: it reads involvements and grants whatever the caller may see, and only answers yes/no.
    this.addSql(`create or replace function hub_child_visible(p_child uuid, p_agency uuid, p_subject text)
      returns boolean language plpgsql stable security definer set search_path = public as $$
      begin
        if p_child is null or p_agency is null then return false; end if;
        return exists (
            select 1 from involvement i
             where i.child_id = p_child and i.agency_id = p_agency and i.deleted_at is null
               and i.started_at <= current_date and (i.ended_at is null or i.ended_at > current_date))
          or exists (select 1 from child c where c.id = p_child and c.owning_agency_id = p_agency)
          -- an agency invited to (or attending) a strategy discussion about the child in the last
          -- 12 months: it must see what it is asked to contribute to (Working Together 2023 ch.2)
          or exists (
            select 1 from strategy_discussion_participant p join strategy_discussion s on s.id = p.discussion_id
             where s.child_id = p_child and p.agency_id = p_agency and p.deleted_at is null and s.deleted_at is null
               and p.status in ('INVITED', 'ATTENDED') and s.held_at > now() - interval '12 months')
          or exists (
            select 1 from emergency_access g
             where g.child_id = p_child and g.subject = p_subject and g.agency_id = p_agency and g.expires_at > now());
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists hub_child_visible(uuid, uuid, text);');
  }
}
