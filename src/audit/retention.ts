import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';

/**
 * Retention per record type. A rule keeps a record until `years` after its anchor: the child's date of
 * birth (children's records are commonly kept to the 25th birthday, care records to the 75th), or the
 * record's creation. Records past retention are LISTED for review (`recordsPastRetention`, the
 * `retention:review` CLI); nothing is ever destroyed silently. Override per deployment with
 * RETENTION_RULES (JSON: {"RecordType": {"anchor": "CHILD_DOB"|"CREATED", "years": n}}).
 */
export interface RetentionRule {
  anchor: 'CHILD_DOB' | 'CREATED';
  years: number;
  note: string;
}

const LA_RECORD: RetentionRule = { anchor: 'CHILD_DOB', years: 25, note: "Children's social care records: to the 25th birthday (local records management policy)." };

export const DEFAULT_RETENTION: Record<string, RetentionRule> = {
  CareEpisode: { anchor: 'CHILD_DOB', years: 75, note: 'Looked-after children records: 75 years from date of birth (Care Planning, Placement and Case Review Regulations 2010, reg. 50).' },
  CarePlacement: { anchor: 'CHILD_DOB', years: 75, note: 'Part of the looked-after child record.' },
  CareReview: { anchor: 'CHILD_DOB', years: 75, note: 'Part of the looked-after child record.' },
  CareLeaver: { anchor: 'CHILD_DOB', years: 75, note: 'Part of the looked-after child record.' },
  HealthAssessment: { anchor: 'CHILD_DOB', years: 25, note: "Children's health records: to the 25th birthday (NHS Records Management Code of Practice)." },
  LadoReferral: { anchor: 'CREATED', years: 10, note: 'Allegations: at least 10 years or to normal retirement age (KCSIE), reviewed case by case.' },
};

const ruleSchema = z.record(z.string(), z.object({ anchor: z.enum(['CHILD_DOB', 'CREATED']), years: z.number().int().min(1).max(120) }));

export function retentionRules(overridesJson?: string): Record<string, RetentionRule> {
  const overrides = overridesJson ? ruleSchema.parse(JSON.parse(overridesJson)) : {};
  const out: Record<string, RetentionRule> = { ...DEFAULT_RETENTION };
  for (const [type, r] of Object.entries(overrides)) out[type] = { ...r, note: 'Local override (RETENTION_RULES).' };
  return out;
}

export interface PastRetention {
  recordType: string;
  recordId: string;
  childId: string | null;
  retainUntil: string;
  rule: string;
}

/** Every live child-level record whose retention has run out by `asOf`, oldest first. */
export async function recordsPastRetention(em: EntityManager, asOf: string, rules = retentionRules(process.env.RETENTION_RULES), limit = 1000): Promise<PastRetention[]> {
  const out: PastRetention[] = [];
  const metas = ([...em.getMetadata().getAll().values()] as EntityMetadata[]).filter((m) => m.properties.child && m.properties.owningAgency && !m.abstract);
  for (const meta of metas.sort((a, b) => a.className.localeCompare(b.className))) {
    const rule = rules[meta.className] ?? LA_RECORD;
    const anchor = rule.anchor === 'CHILD_DOB' ? 'coalesce(c.date_of_birth, c.expected_date_of_birth)' : 'r.created_at::date';
    const rows = await em.execute<{ id: string; child_id: string; until: string }[]>(
      `select r.id, r.child_id, (${anchor} + make_interval(years => ?))::date::text as until
         from "${meta.tableName}" r join child c on c.id = r.child_id
        where r.deleted_at is null and (${anchor} + make_interval(years => ?))::date < ?::date
        order by until limit ?`,
      [rule.years, rule.years, asOf, limit],
    );
    for (const r of rows) out.push({ recordType: meta.className, recordId: r.id, childId: r.child_id, retainUntil: r.until, rule: `${rule.years} years from ${rule.anchor === 'CHILD_DOB' ? 'date of birth' : 'creation'}: ${rule.note}` });
  }
  return out.sort((a, b) => a.retainUntil.localeCompare(b.retainUntil)).slice(0, limit);
}
