import { Arg, Ctx, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { InputField } from '../../access/input-declarations';
import { MutationPayload, type MutationResult } from '../../db/records';
import { BelongsTo, HasMany } from '../../reads/relations';
import { InSql } from '../../reads/sql-fields';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { UserErrorCode } from '../../server/graphql/user-errors';
import { ID } from 'type-graphql';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { createChildRecord, findAgency, notInFuture } from '../exploitation/child-records';
import { Child } from '../people/child.entity';
import { ChildIdentifier } from '../people/child-identifier.entity';
import { ClassifiedField } from '../people/child-fields.resolver';
import { IdentifierType } from '../people/codes';
import { validateNhsNumber } from '../people/identifiers';
import { DisclosureGateway, NhsNumberTraceStatus } from './codes';
import { InformationDisclosure } from './information-disclosure.entity';
import { NhsNumberTrace } from './nhs-number-trace.entity';

const TracePayload = MutationPayload(NhsNumberTrace, 'NhsNumberTraceMutation');
const DisclosurePayload = MutationPayload(InformationDisclosure, 'InformationDisclosureMutation');

@InputType({ description: "The result of tracing a child's NHS number against the NHS Personal Demographics Service, or a note that it is not traced yet." })
class RecordNhsNumberTraceInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.IDENTITY, () => NhsNumberTraceStatus, { description: 'Traced, not found, or not yet traced.' })
  status!: NhsNumberTraceStatus;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: "The NHS number traced: required for TRACED, and it must be the child's current NHS number in the hub (correct the identifier first when PDS returned another)." })
  nhsNumber?: string;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Why it was not found, or why it is not traced yet (required for NOT_FOUND and NOT_YET_TRACED).' })
  reason?: string;
  @InputField(Classification.IDENTITY, () => GraphQLDateTime, { nullable: true, description: 'When the trace was done (default now); not in the future.' })
  checkedAt?: Date;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'A disclosure of information about a child to another body.' })
class RecordInformationDisclosureInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Agency code of the recipient when it is a partner agency in the hub; give this or `recipientDescription`.' })
  recipientAgencyCode?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Who received it, when not a partner agency in the hub.' })
  recipientDescription?: string;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was disclosed (default now); not in the future.' })
  disclosedAt?: Date;
  @InputField(Classification.SUMMARY, { description: 'What kind of information was disclosed (describe it; do not repeat it).' })
  informationDisclosed!: string;
  @InputField(Classification.SUMMARY, () => DisclosureGateway, { description: 'The legal gateway relied on.' })
  gateway!: DisclosureGateway;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'The gateway named in full (required for OTHER).' })
  gatewayDetail?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Data protection basis, when not the policy default for your agency.' })
  lawfulBasis?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

/** The sharing context's writes: NHS number traces and disclosures (issue 13 must-show 4). */
@Resolver(() => Child)
export class SharingResolver {
  @Mutation(() => TracePayload, {
    description: "Records the result of tracing a child's NHS number against the NHS Personal Demographics Service (TRACED, NOT_FOUND with the reason), or that it is NOT_YET_TRACED and why. The child's trace status is its latest trace.",
  })
  recordNhsNumberTrace(@Arg('input', { description: 'The trace.' }) input: RecordNhsNumberTraceInput, @Ctx() ctx: HubContext): Promise<MutationResult<NhsNumberTrace>> {
    if (ctx.principal.agencyKind === AgencyKind.PARTNERSHIP) throw forbidden('The partnership does not trace NHS numbers.');
    return createChildRecord(ctx, NhsNumberTrace, input, ['status', 'reason'], { checkedAt: input.checkedAt ?? new Date() }, async (em, errors, draft, child) => {
      let nhsNumber: string | null = null;
      if (input.nhsNumber) {
        const v = validateNhsNumber(input.nhsNumber);
        if (!v.ok) errors.add('nhsNumber', UserErrorCode.INVALID_NHS_NUMBER, v.reason);
        else nhsNumber = v.value;
      }
      if (input.status === NhsNumberTraceStatus.TRACED) {
        if (!input.nhsNumber) errors.add('nhsNumber', UserErrorCode.REQUIRED, 'Give the NHS number the trace verified.');
        else if (nhsNumber && child) {
          const current = await em.find(ChildIdentifier, { child: child.id, type: IdentifierType.NHS_NUMBER, validTo: null });
          if (!current.some((i) => i.value === nhsNumber)) errors.add('nhsNumber', UserErrorCode.INVALID_STATE, "That is not the child's current NHS number in the hub: record or correct the identifier first.");
        }
      } else if (!input.reason?.trim()) {
        errors.add('reason', UserErrorCode.REQUIRED, input.status === NhsNumberTraceStatus.NOT_FOUND ? 'Say what was tried and why there was no match.' : 'Say why the number is not traced yet.');
      }
      notInFuture(errors, 'checkedAt', draft.checkedAt as Date);
      draft.nhsNumber = nhsNumber;
    });
  }

  @Mutation(() => DisclosurePayload, {
    description: "Records a disclosure of information about a child with its legal gateway (CWSA 2026 s16LA duty to share, Children Act 1989 s47, ...). Seen by your agency alone; the DPO sees it in the audit log.",
  })
  recordInformationDisclosure(@Arg('input', { description: 'The disclosure.' }) input: RecordInformationDisclosureInput, @Ctx() ctx: HubContext): Promise<MutationResult<InformationDisclosure>> {
    return createChildRecord(
      ctx,
      InformationDisclosure,
      input,
      ['recipientDescription', 'informationDisclosed', 'gateway', 'gatewayDetail', 'lawfulBasis'],
      { disclosedAt: input.disclosedAt ?? new Date() },
      async (em, errors, draft) => {
        if (input.recipientAgencyCode) {
          const agency = await findAgency(em, input.recipientAgencyCode, errors, 'recipientAgencyCode');
          if (agency?.id === ctx.agencyId) errors.add('recipientAgencyCode', UserErrorCode.INVALID_STATE, 'A disclosure is to another body, not your own agency.');
          draft.recipientAgency = agency;
        } else if (!input.recipientDescription?.trim()) {
          errors.add('recipientAgencyCode', UserErrorCode.REQUIRED, 'Say who received it: a partner agency code, or a description.');
        }
        if (!input.informationDisclosed.trim()) errors.add('informationDisclosed', UserErrorCode.REQUIRED, 'Describe what was disclosed.');
        if (input.gateway === DisclosureGateway.OTHER && !input.gatewayDetail?.trim()) errors.add('gatewayDetail', UserErrorCode.REQUIRED, 'Name the gateway relied on.');
        notInFuture(errors, 'disclosedAt', draft.disclosedAt as Date);
        if (!input.lawfulBasis) delete draft.lawfulBasis;
      },
    );
  }

  @HasMany(Classification.SUMMARY, () => NhsNumberTrace, { via: 'child', orderBy: { checkedAt: 'desc', createdAt: 'desc' }, description: "Traces of the child's NHS number, latest first." })
  nhsNumberTraces!: NhsNumberTrace[];

  @ClassifiedField(Classification.SUMMARY, () => NhsNumberTraceStatus, { nullable: true, description: "The child's NHS number trace status: the latest trace's (null: nothing recorded, which counts as not yet traced)." })
  @InSql((c, sql) => {
    const t = sql.scoped(NhsNumberTrace);
    return `(select ${t.alias}.status::text from ${t.from} where ${t.alias}.child_id = ${c}.id and ${t.where} order by ${t.alias}.checked_at desc, ${t.alias}.created_at desc limit 1)`;
  })
  async nhsNumberTraceStatus(@Root() child: Child, @Ctx() ctx: HubContext): Promise<NhsNumberTraceStatus | null> {
    return (await ctx.loaders.byParent(NhsNumberTrace, 'child', { checkedAt: 'desc', createdAt: 'desc' }).load(child.id))[0]?.status ?? null;
  }

  // Row scope shows a disclosure to the disclosing agency only (InformationDisclosure.childScope).
  @HasMany(Classification.SUMMARY, () => InformationDisclosure, { via: 'child', orderBy: { disclosedAt: 'desc' }, description: 'Disclosures of information about this child, visible to the disclosing agency.' })
  informationDisclosures!: InformationDisclosure[];
}

@Resolver(() => InformationDisclosure)
export class InformationDisclosureResolver {
  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'recipientAgency', nullable: true, description: 'The partner agency that received it, when it is one.' })
  recipientAgency!: Agency | null;

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child it is about.' })
  child!: Child;
}

@Resolver(() => NhsNumberTrace)
export class NhsNumberTraceResolver {
  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The agency that traced.' })
  tracedBy!: Agency;
}
