import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from './classification';
import { Expose } from './expose';
import { runPrepared } from '../db/prepared';

/**
 * The status card (DESIGN §6, like the NHS CP-IS alert): whether a child is, or in the last 12 months
 * was, on a child protection plan or in care, and whom to call. Any practitioner may read it for any
 * child, so it is read through the security-definer SQL function `hub_child_status_alerts` (migration
 * Migration20261123000200_search_scope), which returns these columns and nothing else.
 */

export enum StatusAlertKind {
  CHILD_PROTECTION_PLAN = 'CHILD_PROTECTION_PLAN',
  UNBORN_CHILD_PROTECTION_PLAN = 'UNBORN_CHILD_PROTECTION_PLAN',
  CHILD_IN_CARE = 'CHILD_IN_CARE',
}
registerEnumType(StatusAlertKind, {
  name: 'StatusAlertKind',
  description: 'Plan types shared on the status card (as in NHS CP-IS).',
  valuesConfig: {
    CHILD_PROTECTION_PLAN: { description: 'Child protection plan (CP-IS "CPP").' },
    UNBORN_CHILD_PROTECTION_PLAN: { description: 'Child protection plan for an unborn child (CP-IS "UCPP").' },
    CHILD_IN_CARE: { description: 'Looked after: care order, interim care order or s20 accommodation (CP-IS "CLA").' },
  },
});

@ObjectType({ description: 'The responsible local authority and how to reach its duty team.' })
export class ResponsibleAuthority {
  @Expose(Classification.STATUS, { description: 'Authority name.' })
  name!: string;
  @Expose(Classification.STATUS, () => String, { nullable: true, description: 'Duty / out-of-hours telephone.' })
  dutyContactPhone!: string | null;
  @Expose(Classification.STATUS, () => String, { nullable: true, description: 'Duty secure email.' })
  dutyContactEmail!: string | null;
}

@ObjectType({ description: 'One current (or ended in the last 12 months) plan or period of care.' })
export class StatusAlert {
  @Expose(Classification.STATUS, () => StatusAlertKind, { description: 'Plan type.' })
  kind!: StatusAlertKind;
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { description: 'Start date.' })
  startDate!: string;
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { nullable: true, description: 'End date; null while current.' })
  endDate!: string | null;
  @Expose(Classification.STATUS, () => ResponsibleAuthority, { description: 'Who to call.' })
  responsibleAuthority!: ResponsibleAuthority;
}

@ObjectType({ description: 'Status card: whether a child is, or in the last 12 months was, on a child protection plan or in care, and who to call. Nothing else, like the NHS CP-IS alert.' })
export class ChildStatusCard {
  @Expose(Classification.STATUS, { description: 'Whether any child record carries the identifier.' })
  identifierKnown!: boolean;
  @Expose(Classification.STATUS, () => [StatusAlert], { description: 'Current and recent plans and periods of care; empty when none.' })
  alerts!: StatusAlert[];
}

type AlertRow = { child_id: string; kind: StatusAlertKind; start_date: string; end_date: string | null; name: string; phone: string | null; email: string | null };

const alertOf = (r: AlertRow): StatusAlert =>
  Object.assign(new StatusAlert(), {
    kind: r.kind,
    startDate: String(r.start_date).slice(0, 10),
    endDate: r.end_date ? String(r.end_date).slice(0, 10) : null,
    responsibleAuthority: Object.assign(new ResponsibleAuthority(), { name: r.name, dutyContactPhone: r.phone, dutyContactEmail: r.email }),
  });

/**
 * The children holding an identifier and their status alerts (most recent first), in one prepared
 * statement through the same security-definer functions (the card answers for children outside the
 * caller's scope, status tier only).
 */
export async function statusByIdentifier(em: EntityManager, type: string, value: string): Promise<{ childIds: string[]; alerts: StatusAlert[] }> {
  const [row] = await runPrepared<{ ids: string[]; alerts: AlertRow[] }>(
    em,
    'hub_status_by_identifier',
    `select i.ids, (select coalesce(json_agg(a order by a.start_date desc, a.child_id), '[]'::json) from hub_child_status_alerts(i.ids) a) as alerts
       from (select array(select distinct child_id from hub_children_by_identifier($1::text[], $2, null)) as ids) i`,
    [[type], value],
  );
  return { childIds: row?.ids ?? [], alerts: (row?.alerts ?? []).map(alertOf) };
}

/** Status alerts of the given children, most recent first, with the child each is about. */
export async function statusAlertsOf(em: EntityManager, childIds: string[]): Promise<{ childId: string; alert: StatusAlert }[]> {
  if (!childIds.length) return [];
  const rows = await em.execute<AlertRow[]>(`select * from hub_child_status_alerts(?::uuid[]) order by start_date desc, child_id`, [`{${childIds.join(',')}}`]);
  return rows.map((r) => ({ childId: r.child_id, alert: alertOf(r) }));
}

/** One card from the alerts of every record holding an identifier (records of the same child). */
export function mergedStatusCard(alerts: { alert: StatusAlert }[]): ChildStatusCard {
  return Object.assign(new ChildStatusCard(), { identifierKnown: true, alerts: alerts.map((a) => a.alert) });
}
