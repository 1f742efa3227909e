/** Hand-built rows for the measure tests: direct SQL into an empty (agencies-only) test database. */
import type { TestHub } from '../support/hub';
import type { Sql } from '../../src/analytics/scorecard';

export class Fixture {
  agency: Record<string, string> = {};
  constructor(private readonly t: TestHub) {}

  sql: Sql = (q, params) => this.t.orm.em.fork().execute(q, params) as Promise<Record<string, unknown>[]>;

  async load(): Promise<void> {
    for (const r of await this.sql('select id, code from agency', [])) this.agency[String(r.code)] = String(r.id);
  }

  get la(): string {
    return this.agency['LA-NORTHSHIRE']!;
  }

  /** Inserts one shared record (HubRecord columns filled in) and returns its id. */
  async ins(table: string, cols: Record<string, unknown>, owner = this.la): Promise<string> {
    const all: Record<string, unknown> = { owning_agency_id: owner, created_by: 'fixture', updated_by: 'fixture', lawful_basis: 'fixture', ...cols };
    const names = Object.keys(all);
    const rows = await this.sql(
      `insert into ${table} (id, ${names.join(', ')}) values (gen_random_uuid(), ${names.map(() => '?').join(', ')}) returning id`,
      names.map((n) => all[n]),
    );
    return String(rows[0]!.id);
  }

  child(name = 'Fixture'): Promise<string> {
    return this.ins('child', { family_name: name, date_of_birth: '2015-06-01' });
  }

  referral(child: string, date: string, extra: Record<string, unknown> = {}, owner?: string): Promise<string> {
    return this.ins('referral', { child_id: child, referral_date: date, source: '1A', ...extra }, owner);
  }

  async reset(): Promise<void> {
    await this.sql(
      `truncate contact, referral, assessment, strategy_discussion, strategy_discussion_participant, strategy_discussion_response,
        section47_enquiry, child_protection_conference, child_protection_plan, care_episode, health_assessment, missing_episode,
        return_home_interview, lado_referral, lado_referral_child, involvement, nhs_number_trace, domestic_abuse_notification cascade`,
      [],
    );
  }
}
