import { Migration } from '@mikro-orm/migrations';
import { childVisibleFunctionBody, lifecycleTriggerBody } from '../src/access/involvement-policy';
import { InvolvementStatus } from '../src/modules/people/codes';

const AGENCY = `nullif(current_setting('hub.agency_id', true), '')::uuid`;
const WRITERS = `(owning_agency_id = ${AGENCY} or lead_agency_id = ${AGENCY})`;

/**
 * The involvement lifecycle (src/access/involvement-policy.ts): involvements get a status, a lead agency
 * and the request/decision facts; only allocated or accepted involvements count in `hub_child_visible`;
 * a trigger refuses any insert or change that is not a declared step taken by its party. Statements are
 * written to be harmless if a regenerated schema migration already created the columns and indexes.
 */
export class Migration20261203000000_involvement_lifecycle extends Migration {
  override async up(): Promise<void> {
    const statuses = Object.values(InvolvementStatus).map((s) => `'${s}'`).join(', ');
    this.addSql(`do $$ begin create type "involvement_status" as enum (${statuses}); exception when duplicate_object then null; end $$;`);
    this.addSql(`alter table "involvement"
      add column if not exists "lead_agency_id" uuid null,
      add column if not exists "status" "involvement_status" null,
      add column if not exists "request_reason" text null,
      add column if not exists "decided_at" timestamptz null,
      add column if not exists "decided_by" text null,
      add column if not exists "decision_reason" text null;`);
    // Involvements recorded before the lifecycle existed count as allocated by the child's lead agency.
    this.addSql(`update "involvement" i set lead_agency_id = c.owning_agency_id, status = 'ALLOCATED', decided_at = i.created_at, decided_by = i.created_by
      from "child" c where c.id = i.child_id and i.status is null;`);
    this.addSql(`alter table "involvement" alter column "lead_agency_id" set not null, alter column "status" set not null;`);
    this.addSql(`do $$ begin
      alter table "involvement" add constraint "involvement_lead_agency_id_foreign" foreign key ("lead_agency_id") references "agency" ("id");
    exception when duplicate_object then null; end $$;`);
    this.addSql(`create index if not exists "involvement_lead_agency_id_index" on "involvement" ("lead_agency_id");`);
    this.addSql(`create unique index if not exists "involvement_one_pending_request" on "involvement" ("child_id", "agency_id") where status = 'REQUESTED' and deleted_at is null;`);
    // The lead agency writes involvements the involved agency owns (coWriterAgency in the entity).
    this.addSql(`drop policy if exists "involvement_insert" on "involvement";`);
    this.addSql(`create policy "involvement_insert" on "involvement" for insert to "hub_app" with check (${WRITERS});`);
    this.addSql(`drop policy if exists "involvement_update" on "involvement";`);
    this.addSql(`create policy "involvement_update" on "involvement" for update to "hub_app" using (${WRITERS}) with check (${WRITERS});`);
    this.addSql(`create or replace function hub_child_visible(p_child uuid, p_agency uuid, p_subject text)
      returns boolean language plpgsql stable security definer set search_path = public as $$${childVisibleFunctionBody()}$$;`);
    this.addSql(`create or replace function hub_involvement_lifecycle()
      returns trigger language plpgsql security definer set search_path = public as $$${lifecycleTriggerBody()}$$;`);
    this.addSql('revoke all on function hub_involvement_lifecycle() from public;');
    this.addSql(`drop trigger if exists "involvement_lifecycle" on "involvement";`);
    this.addSql(`create trigger "involvement_lifecycle" before insert or update on "involvement" for each row execute function hub_involvement_lifecycle();`);
  }
}
