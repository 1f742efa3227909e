import { Arg, Args, Ctx, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON, GraphQLLocalDate } from 'graphql-scalars';
import { recordsPastRetention } from './retention';
import { wrap, type EntityMetadata } from '@mikro-orm/core';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import { Role } from '../access/principal';
import { EmergencyAccess } from '../access/emergency-access.entity';
import type { HubContext } from '../server/context';
import { forbidden, notFound } from '../server/graphql/errors';
import { fromGlobalId } from '../server/graphql/global-id';
import { Connection, PageArgs, paginate } from '../server/graphql/connection';
import { AuditAction, AuditEvent } from './audit-event.entity';
import { sealAudit } from './audit-sealer';
import { FilterArg, FilterField, filters, match, reads, readsNothing } from '../access/input-declarations';
import { filterWhere } from '../reads/filters';

const AuditEventConnection = Connection(AuditEvent, 'AuditEvent', Classification.AUDIT);

@InputType({ description: 'Narrows an access log.' })
class AccessLogFilter {
  @FilterField(filters(() => AuditEvent, match.eq('agencyCode')), () => String, { nullable: true, description: 'Only accesses by this agency (code).' })
  agencyCode?: string;
  @FilterField(filters(() => AuditEvent, match.eq('purpose')), () => String, { nullable: true, description: 'Only accesses for this purpose.' })
  purpose?: string;
  @FilterField(filters(() => AuditEvent, match.gte('occurredAt')), () => GraphQLDateTime, { nullable: true, description: 'From this instant.' })
  from?: Date;
  @FilterField(filters(() => AuditEvent, match.lt('occurredAt')), () => GraphQLDateTime, { nullable: true, description: 'Before this instant.' })
  to?: Date;
}

@ObjectType({ description: 'Result of checking the audit hash chain.' })
class AuditChainReport {
  @Expose(Classification.AUDIT, { description: 'True when every sealed row matches its hash and links to the previous one, in order.' })
  ok!: boolean;
  @Expose(Classification.AUDIT, () => String, { description: 'Sealed rows checked (the whole chain).' })
  checked!: string;
  @Expose(Classification.AUDIT, () => String, { description: 'Rows not sealed into the chain yet: those of requests still open when the check began (sealed within seconds of their commit).' })
  unsealed!: string;
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Sequence number of the first broken row.' })
  brokenSeq!: string | null;
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'What is wrong there.' })
  reason!: string | null;
}

function requireDpo(ctx: HubContext): void {
  if (!ctx.principal.roles.includes(Role.DATA_PROTECTION_OFFICER)) throw forbidden('Only the data protection officer reads the audit log.');
}

const logWhere = (filter: AccessLogFilter | undefined) => filterWhere(AccessLogFilter, filter) as Record<string, unknown>;

/** The audit queries for the data protection officer (DESIGN §2.3). */
@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: "Who looked at or changed this child's record: when, from which agency, for what purpose, which fields. Newest first." })
  childAccessLog(
    @FilterArg('childId', reads(() => AuditEvent, 'childIds'), () => ID, { description: 'Global id (or UUID) of the child.' }) childId: string,
    @Arg('filter', () => AccessLogFilter, { nullable: true, description: 'Agency, purpose and period.' }) filter: AccessLogFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireDpo(ctx);
    const id = fromGlobalId(childId)?.id ?? childId;
    return paginate(ctx, AuditEvent, { ...logWhere(filter), childIds: { $contains: [id] } } as never, page, { seq: 'desc' });
  }

  @Query(() => AuditEventConnection, { description: 'Everything one practitioner (token subject) accessed. Newest first.' })
  practitionerAccessLog(
    @FilterArg('subject', reads(() => AuditEvent, 'subject'), () => String, { description: 'Token subject of the practitioner.' }) subject: string,
    @Arg('filter', () => AccessLogFilter, { nullable: true, description: 'Agency, purpose and period.' }) filter: AccessLogFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireDpo(ctx);
    return paginate(ctx, AuditEvent, { ...logWhere(filter), subject } as never, page, { seq: 'desc' });
  }

  @Query(() => [AuditEvent], { description: 'What was seen under a break-glass grant: the grantee’s accesses to that child while the grant lasted.' })
  async emergencyAccessTrail(@FilterArg('grantId', reads(() => EmergencyAccess, 'id'), () => ID, { description: 'The grant id.' }) grantId: string, @Ctx() ctx: HubContext): Promise<AuditEvent[]> {
    requireDpo(ctx);
    const grant = await ctx.em.findOne(EmergencyAccess, { id: grantId });
    if (!grant) throw notFound('No such grant.');
    // Audit rows carry their transaction's start time, a moment before the grant's own timestamp.
    const from = new Date(grant.grantedAt.getTime() - 60_000);
    return ctx.em.find(AuditEvent, { subject: grant.subject, childIds: { $contains: [grant.child.id] }, occurredAt: { $gte: from, $lte: grant.expiresAt } } as never, { orderBy: { seq: 'asc' } });
  }

  @Query(() => AuditChainReport, { description: 'Recomputes the audit hash chain and reports the first altered or removed row, if any.' })
  async verifyAuditChain(@Ctx() ctx: HubContext): Promise<AuditChainReport> {
    requireDpo(ctx);
    return verifyChain(ctx.em);
  }

  @Query(() => GraphQLJSON, { description: 'Subject access request: everything the hub holds about a child across all agencies, as JSON (itself audited).' })
  async subjectAccessExtract(@FilterArg('childId', readsNothing('the child whose subject access extract the DPO produces: the extract is the answer, not a filter over other records'), () => ID, { description: 'Global id (or UUID) of the child.' }) childId: string, @Ctx() ctx: HubContext): Promise<Record<string, unknown>> {
    requireDpo(ctx);
    const id = fromGlobalId(childId)?.id ?? childId;
    return ctx.tx.withAllRows(async (em) => {
      const metas = [...em.getMetadata().getAll().values()] as EntityMetadata[];
      const child = await em.findOne('Child' as never, { id } as never, { filters: false });
      if (!child) throw notFound('No such child.');
      const extract: Record<string, unknown> = { generatedAt: new Date().toISOString(), child: wrap(child as object).toPOJO() };
      for (const meta of metas.filter((m) => m.properties.child && !m.abstract).sort((a, b) => a.className.localeCompare(b.className))) {
        const rows = await em.find(meta.class as never, { child: id } as never, { filters: false });
        if (rows.length) extract[meta.className] = rows.map((r) => wrap(r as object).toPOJO());
      }
      ctx.audit.record(AuditAction.EXPORT, 'Child', id, [id], Object.keys(extract), { kind: 'subject access request' });
      return extract;
    });
  }
}

@ObjectType({ description: 'A record whose retention period has run out: listed for review, never deleted automatically.' })
class RetentionItem {
  @Expose(Classification.AUDIT, { description: 'Record type.' })
  recordType!: string;
  @Expose(Classification.AUDIT, { description: 'Record UUID.' })
  recordId!: string;
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Child UUID.' })
  childId!: string | null;
  @Expose(Classification.AUDIT, { description: 'Date the retention period ended.' })
  retainUntil!: string;
  @Expose(Classification.AUDIT, { description: 'The retention rule applied, with its source.' })
  rule!: string;
}

@Resolver()
export class RetentionResolver {
  @Query(() => [RetentionItem], { description: 'Records past their retention period as at a date, for review by the data protection officer (nothing is destroyed automatically).' })
  async recordsPastRetention(@FilterArg('asOf', reads(() => RetentionItem, 'retainUntil'), () => GraphQLLocalDate, { description: 'Review date (YYYY-MM-DD).' }) asOf: string, @Ctx() ctx: HubContext): Promise<RetentionItem[]> {
    requireDpo(ctx);
    const items = await ctx.tx.withAllRows((em) => recordsPastRetention(em, asOf));
    return items.map((i) => Object.assign(new RetentionItem(), i));
  }
}

/** Seals every final row first, so the check covers everything committed before it began. */
export async function verifyChain(em: HubContext['em']): Promise<AuditChainReport> {
  await sealAudit(em);
  const [row] = await em.execute<{ checked: string; broken_seq: string | null; reason: string | null; unsealed: string }[]>('select * from hub_verify_audit_chain()');
  return Object.assign(new AuditChainReport(), { ok: !row?.broken_seq, checked: String(row?.checked ?? 0), unsealed: String(row?.unsealed ?? 0), brokenSeq: row?.broken_seq ?? null, reason: row?.reason ?? null });
}
