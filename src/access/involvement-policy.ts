import { InvolvementStatus as S } from '../modules/people/codes';

/**
 * THE involvement lifecycle (DESIGN §5): how an agency comes to have a legitimate relationship with a
 * child, declared once. An involvement is never self-declared. The mutations (src/modules/people/
 * involvement.resolver.ts), the database trigger that refuses any other change and the SQL function
 * `hub_child_visible` (migration Migration20261203000000_involvement_lifecycle) and the lifecycle section
 * of docs/access.md are all derived from what is written here.
 *
 * Reading guide for a data protection officer:
 * - `PARTIES`: who is who. The child's lead agency is the agency that owns the child record (the local
 *   authority for the children it works with).
 * - `INVOLVEMENT_STEPS`: each step, who may take it, from which state to which, and whether the result
 *   gives access to the child's records.
 * - `ACCESS_ROUTES`: every way an agency can see detail about a child, including the routes that are
 *   not involvements (strategy discussion invitation, break-glass).
 */

/** How far back an allocation or a request may date an involvement's start, in days. */
export const INVOLVEMENT_BACKDATE_DAYS = 7;

/** An invitation to (or attendance at) a strategy discussion gives access for this many months after it is held. */
export const STRATEGY_INVITATION_MONTHS = 12;

export type Party = 'LEAD_AGENCY' | 'PARTNER_AGENCY' | 'INVOLVED_AGENCY';

export const PARTIES: Record<Party, string> = {
  LEAD_AGENCY: "the child's lead agency: the agency that owns the child record (the local authority for its children)",
  PARTNER_AGENCY: 'any other agency, acting for itself (its own practitioners and teams)',
  INVOLVED_AGENCY: 'the agency the involvement is for (whose practitioners work with the child)',
};

export type StepName = 'allocate' | 'request' | 'accept' | 'decline' | 'end';

export interface InvolvementStep {
  /** The GraphQL mutation that takes the step. */
  mutation: string;
  /** Who may take it (any one of them). */
  by: Party[];
  /** States it starts from; empty when it creates the involvement. */
  from: S[];
  /** State it leaves; null when the state stays (ending sets the end date). */
  to: S | null;
  /** Whether a reason must be stated (recorded and shown to the other party). */
  reasonRequired: boolean;
  /** Whether the state it leaves gives access to the child's records (while the dates cover today). */
  givesAccess: boolean;
  rule: string;
}

export const INVOLVEMENT_STEPS: Record<StepName, InvolvementStep> = {
  allocate: {
    mutation: 'allocateInvolvement',
    by: ['LEAD_AGENCY'],
    from: [],
    to: S.ALLOCATED,
    reasonRequired: false,
    givesAccess: true,
    rule: `The lead agency allocates an involvement to one of its own or a partner agency's practitioners or teams. It may start today or up to ${INVOLVEMENT_BACKDATE_DAYS} days back, never in the future.`,
  },
  request: {
    mutation: 'requestInvolvement',
    by: ['PARTNER_AGENCY'],
    from: [],
    to: S.REQUESTED,
    reasonRequired: true,
    givesAccess: false,
    rule: 'A partner agency asks to be involved, stating why. A request gives no access. One request per agency and child may be pending; asking again returns the pending one. The requesting agency sees the state of its own requests (involvementRequests).',
  },
  accept: {
    mutation: 'decideInvolvementRequest',
    by: ['LEAD_AGENCY'],
    from: [S.REQUESTED],
    to: S.ACCEPTED,
    reasonRequired: true,
    givesAccess: true,
    rule: 'The lead agency accepts a pending request, stating why; the involvement starts on the day it is accepted.',
  },
  decline: {
    mutation: 'decideInvolvementRequest',
    by: ['LEAD_AGENCY'],
    from: [S.REQUESTED],
    to: S.DECLINED,
    reasonRequired: true,
    givesAccess: false,
    rule: 'The lead agency declines a pending request, stating why; the requesting agency sees the decision and the reason. A decision is final: a partner asks again with a new request.',
  },
  end: {
    mutation: 'endInvolvement',
    by: ['LEAD_AGENCY', 'INVOLVED_AGENCY'],
    from: [S.ALLOCATED, S.ACCEPTED],
    to: null,
    reasonRequired: false,
    givesAccess: false,
    rule: 'The lead agency or the involved agency ends an involvement, on the day (never in advance); access ends with it.',
  },
};

/** The states that give access (while the involvement's dates cover today): those the granting steps lead to. */
export const ACCESS_GIVING_STATUSES: readonly S[] = [...new Set(Object.values(INVOLVEMENT_STEPS).flatMap((s) => (s.givesAccess && s.to ? [s.to] : [])))];

export interface AccessRoute {
  route: string;
  rule: string;
  /** False for a route the policy names but the hub does not build yet. */
  built: boolean;
}

/** Every way a practitioner's agency comes to see detail about a child (row scope, DESIGN §6). */
export const ACCESS_ROUTES: AccessRoute[] = [
  { route: 'Owning the record', rule: 'An agency always sees the records it owns, and the lead agency sees every record about its children.', built: true },
  { route: 'Involvement', rule: `An involvement of the agency in state ${ACCESS_GIVING_STATUSES.join(' or ')} whose dates cover today (the lifecycle below). Requested and declined involvements give nothing.`, built: true },
  {
    route: 'Strategy discussion invitation',
    rule: `An agency invited to (or attending) a strategy discussion about the child sees the child's records for ${STRATEGY_INVITATION_MONTHS} months after the discussion is held: it must see what it is asked to contribute to (Working Together 2023 ch.2). The invitation counts only when the discussion was convened by the child's lead agency or by an agency with an ${ACCESS_GIVING_STATUSES.join(' or ')} involvement: an authority that merely records a discussion about another authority's child cannot open the child's records to itself or to anyone it names.`,
    built: true,
  },
  {
    route: 'Multi-agency child protection team',
    rule: 'Membership of a multi-agency child protection team will give its members time-limited access to the children the team works with. Not built yet: until it is, the lead agency allocates involvements to team members.',
    built: false,
  },
  { route: 'Break-glass', rule: 'The emergency route: a practitioner whose role allows it states a reason and gets time-limited access for themselves alone; the grant is audited, notified to the owning agency and listed for review.', built: true },
];

export interface Actor {
  /** The caller's agency. */
  agencyId: string;
}

export interface InvolvementParties {
  /** The child's lead agency (owner of the child record). */
  leadAgencyId: string;
  /** The agency the involvement is (or would be) for. */
  involvedAgencyId: string;
}

const isParty: Record<Party, (actor: Actor, p: InvolvementParties) => boolean> = {
  LEAD_AGENCY: (a, p) => a.agencyId === p.leadAgencyId,
  PARTNER_AGENCY: (a, p) => a.agencyId !== p.leadAgencyId && a.agencyId === p.involvedAgencyId,
  INVOLVED_AGENCY: (a, p) => a.agencyId === p.involvedAgencyId,
};

/** May this caller take this step on an involvement between these parties? */
export function mayTake(step: StepName, actor: Actor, parties: InvolvementParties): boolean {
  return INVOLVEMENT_STEPS[step].by.some((party) => isParty[party](actor, parties));
}

/** Whether a step may start from the involvement's current state. */
export function stepAllowedFrom(step: StepName, status: S): boolean {
  return INVOLVEMENT_STEPS[step].from.includes(status);
}

/** The earliest start date an allocation or request may give, counted back from `today` (YYYY-MM-DD). */
export function earliestStart(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - INVOLVEMENT_BACKDATE_DAYS);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------
// The same rules in SQL (used by the migration; test/access/involvement-lifecycle.test.ts checks the
// database holds exactly these bodies).

const sqlList = (statuses: readonly S[]) => statuses.map((s) => `'${s}'`).join(', ');

/** SQL predicate for "`actor` is `party`" on an involvement row `r` whose child's owner is `lead`. */
const partySql: Record<Party, (actor: string, r: string, lead: string) => string> = {
  LEAD_AGENCY: (a, _r, lead) => `${a} = ${lead}`,
  PARTNER_AGENCY: (a, r, lead) => `(${a} <> ${lead} and ${a} = ${r}.agency_id)`,
  INVOLVED_AGENCY: (a, r) => `${a} = ${r}.agency_id`,
};
const bySql = (step: InvolvementStep, actor: string, r: string, lead: string) => `(${step.by.map((p) => partySql[p](actor, r, lead)).join(' or ')})`;
const steps = Object.values(INVOLVEMENT_STEPS);

/** SQL: `agency` has an involvement with the child `child` that gives access today (alias `i` for its row). */
const activeInvolvementSql = (agency: string, i: string, child: string) => `exists (
            select 1 from involvement ${i}
             where ${i}.child_id = ${child} and ${i}.agency_id = ${agency} and ${i}.deleted_at is null
               and ${i}.status in (${sqlList(ACCESS_GIVING_STATUSES)})
               and ${i}.started_at <= current_date and (${i}.ended_at is null or ${i}.ended_at > current_date))`;

/** SQL: `agency` is the lead agency (owns the child record) of the child `child`. */
export const leadAgencySql = (agency: string, c: string, child: string): string => `exists (select 1 from child ${c} where ${c}.id = ${child} and ${c}.owning_agency_id = ${agency})`;

/**
 * The same test as a probe of one child row, for row scope: true, or false (or null without such a child).
 * PostgreSQL may turn an EXISTS into a hash of every child of the agency, built before the first row
 * (thousands for a local authority, to return a page of 25); a scalar sub-select stays a primary-key probe
 * per row, and the planner estimates it at half the rows rather than a few.
 */
export const leadAgencyProbeSql = (agency: string, c: string, child: string): string => `(select ${c}.owning_agency_id = ${agency} from child ${c} where ${c}.id = ${child})`;

/**
 * The built access routes other than owning the child (ACCESS_ROUTES), each as the rows of one table (with
 * joins) that open a child to `agency`/`subject`: `child` is the column naming the child. Both SQL functions
 * below are generated from this list: one asks about one child, the other lists every child.
 */
const ROUTES_BEYOND_LEAD: Array<{ route: string; from: string; child: string; where: (agency: string, subject: string) => string }> = [
  {
    route: 'Involvement',
    from: 'involvement i',
    child: 'i.child_id',
    where: (agency) => `i.agency_id = ${agency} and i.deleted_at is null
               and i.status in (${sqlList(ACCESS_GIVING_STATUSES)})
               and i.started_at <= current_date and (i.ended_at is null or i.ended_at > current_date)`,
  },
  {
    route: 'Strategy discussion invitation',
    from: 'strategy_discussion_participant p join strategy_discussion s on s.id = p.discussion_id',
    child: 's.child_id',
    where: (agency) => `p.agency_id = ${agency} and p.deleted_at is null and s.deleted_at is null
               and p.status in ('INVITED', 'ATTENDED') and s.held_at > now() - interval '${STRATEGY_INVITATION_MONTHS} months'
               -- Only an invitation from the lead agency or an involved agency counts (never a self-invitation).
               and (${leadAgencySql('s.owning_agency_id', 'lc', 's.child_id')} or ${activeInvolvementSql('s.owning_agency_id', 'li', 's.child_id')})`,
  },
  {
    route: 'Break-glass',
    from: 'emergency_access g',
    child: 'g.child_id',
    where: (agency, subject) => `g.subject = ${subject} and g.agency_id = ${agency} and g.expires_at > now()`,
  },
];

// Every built route has its SQL (owning the record is the row's own owner test, and the lead test above).
const unbuiltInSql = ACCESS_ROUTES.filter((r) => r.built && r.route !== 'Owning the record' && !ROUTES_BEYOND_LEAD.some((x) => x.route === r.route));
if (unbuiltInSql.length) throw new Error(`access routes without SQL: ${unbuiltInSql.map((r) => r.route).join(', ')}`);

/** Body of `hub_child_visible(p_child, p_agency, p_subject)`: the access routes above that are built. */
export function childVisibleFunctionBody(): string {
  const routes = ROUTES_BEYOND_LEAD.map((r) => `exists (
            select 1 from ${r.from}
             where ${r.child} = p_child and ${r.where('p_agency', 'p_subject')})`);
  return `
      begin
        if p_child is null or p_agency is null then return false; end if;
        return ${leadAgencySql('p_agency', 'c', 'p_child')}
          or ${routes.join('\n          or ')};
      end `;
}

/**
 * Body of `hub_visible_children(p_agency, p_subject)` (language sql): every child the agency's practitioner
 * `p_subject` sees through a route other than being the child's lead agency, as an array. Row scope tests
 * "owns the record, or leads the child, or the child is in this set": the set is computed once per
 * statement, so a row costs a membership test instead of a function call. Children the agency leads are
 * left out (the lead test answers for them), which keeps the set small for a local authority.
 */
export function visibleChildrenFunctionBody(): string {
  const routes = ROUTES_BEYOND_LEAD.map((r) => `select ${r.child} as child_id from ${r.from}
             where ${r.where('p_agency', 'p_subject')}`);
  return `
        select coalesce(array_agg(distinct v.child_id), '{}')
          from (${routes.join('\n          union all ')}) v
         where not ${leadAgencySql('p_agency', 'c', 'v.child_id')} `;
}

/**
 * Body of the trigger function `hub_involvement_lifecycle()`: under a request principal (`hub.agency_id`
 * set; seeds and migrations run without one), a new involvement must be a step from nothing taken by its
 * party, start no earlier than the backdating window, and name the child's owner as lead; a change of
 * state must be a declared step taken by its party; nobody moves an involvement to another child or agency.
 */
export function lifecycleTriggerBody(): string {
  const actor = 'v_actor';
  const lead = 'v_lead';
  const creations = steps.filter((s) => !s.from.length && s.to);
  const transitions = steps.filter((s) => s.from.length && s.to);
  const insertOk = creations.map((s) => `(new.status = '${s.to}' and ${bySql(s, actor, 'new', lead)})`).join('\n            or ');
  const updateOk = transitions.map((s) => `(old.status in (${sqlList(s.from)}) and new.status = '${s.to}' and ${bySql(s, actor, 'new', lead)})`).join('\n            or ');
  const refuse = (msg: string) => `raise exception using errcode = '42501', message = '${msg.replace(/'/g, "''")}'`;
  return `
      declare
        v_actor uuid := nullif(current_setting('hub.agency_id', true), '')::uuid;
        v_lead uuid;
      begin
        if v_actor is null then return new; end if;
        select c.owning_agency_id into v_lead from child c where c.id = new.child_id;
        if tg_op = 'INSERT' then
          if new.lead_agency_id is distinct from v_lead then ${refuse("involvement: the lead agency must be the child's owner")}; end if;
          if not (${insertOk}) then
            ${refuse('involvement: only the lead agency allocates; a partner may only request')};
          end if;
          if new.started_at < current_date - ${INVOLVEMENT_BACKDATE_DAYS} then ${refuse(`involvement: backdated more than ${INVOLVEMENT_BACKDATE_DAYS} days`)}; end if;
          return new;
        end if;
        if new.child_id <> old.child_id or new.agency_id <> old.agency_id or new.lead_agency_id <> old.lead_agency_id then
          ${refuse('involvement: child, agency and lead agency never change')};
        end if;
        if new.status <> old.status and not (${updateOk}) then
          ${refuse('involvement: not a step of the lifecycle for this agency')};
        end if;
        if new.started_at < old.started_at and new.started_at < current_date - ${INVOLVEMENT_BACKDATE_DAYS} then
          ${refuse(`involvement: backdated more than ${INVOLVEMENT_BACKDATE_DAYS} days`)};
        end if;
        return new;
      end `;
}
