import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Classification } from '../../access/classification';
import { BelongsTo } from '../../reads/relations';
import { createOwned, loadForUpdate, MutationPayload, runMutation, softDelete, type MutationResult } from '../../db/records';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { HandlingCode, IntelligenceAssessment, SourceEvaluation } from '../exploitation/exploitation-screening.entity';
import { AgencyContribution, StrategyDiscussion } from './strategy-discussion.entity';
import { findReferenced, idOrNil } from './support';
import { InputField } from '../../access/input-declarations';

const ContributionPayload = MutationPayload(AgencyContribution, 'AgencyContributionMutation');

/** The one detail field each kind of agency may fill (its own domain, with its own tier). */
const DETAIL_FIELD_OF: Record<AgencyKind, DetailField | null> = {
  [AgencyKind.HEALTH]: 'healthDetail',
  [AgencyKind.POLICE]: 'policeIntelligence',
  [AgencyKind.EDUCATION]: 'educationDetail',
  [AgencyKind.LOCAL_AUTHORITY]: 'socialCareDetail',
  [AgencyKind.PARTNERSHIP]: null,
};
type DetailField = 'healthDetail' | 'policeIntelligence' | 'educationDetail' | 'socialCareDetail';
const DETAIL_FIELDS: DetailField[] = ['healthDetail', 'policeIntelligence', 'educationDetail', 'socialCareDetail'];
const GRADING_FIELDS = ['sourceEvaluation', 'intelligenceAssessment', 'handlingCode', 'handlingConditions'] as const;

@InputType({ description: "Your agency's contribution to a strategy discussion." })
class AddContributionInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the strategy discussion.' })
  discussionId!: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Name of the contributing practitioner.' })
  contributorName?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Role of the contributing practitioner.' })
  contributorRole?: string;
  @InputField(Classification.SUMMARY, { description: 'Shareable summary, without professional detail.' })
  summary!: string;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail: health agencies only.' })
  healthDetail?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police intelligence: police only, with its 3x5x2 grading.' })
  policeIntelligence?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Education detail: schools and education settings only.' })
  educationDetail?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: "Children's social care detail: local authorities only." })
  socialCareDetail?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => SourceEvaluation, { nullable: true, description: '3x5x2 source evaluation (required with police intelligence).' })
  sourceEvaluation?: SourceEvaluation;
  @InputField(Classification.POLICE_INTELLIGENCE, () => IntelligenceAssessment, { nullable: true, description: '3x5x2 intelligence assessment (required with police intelligence).' })
  intelligenceAssessment?: IntelligenceAssessment;
  @InputField(Classification.POLICE_INTELLIGENCE, () => HandlingCode, { nullable: true, description: '3x5x2 handling code (required with police intelligence).' })
  handlingCode?: HandlingCode;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Conditions on sharing (required with handling code C).' })
  handlingConditions?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: "Changes to your agency's contribution. Graded police intelligence cannot be changed: withdraw it and add a new contribution." })
class UpdateContributionInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the contribution.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Name of the contributing practitioner.' })
  contributorName?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Role of the contributing practitioner.' })
  contributorRole?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Shareable summary.' })
  summary?: string;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail: health agencies only.' })
  healthDetail?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police intelligence: police only; immutable once graded.' })
  policeIntelligence?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Education detail: education settings only.' })
  educationDetail?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: "Children's social care detail: local authorities only." })
  socialCareDetail?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => SourceEvaluation, { nullable: true, description: '3x5x2 source evaluation; immutable once recorded.' })
  sourceEvaluation?: SourceEvaluation;
  @InputField(Classification.POLICE_INTELLIGENCE, () => IntelligenceAssessment, { nullable: true, description: '3x5x2 intelligence assessment; immutable once recorded.' })
  intelligenceAssessment?: IntelligenceAssessment;
  @InputField(Classification.POLICE_INTELLIGENCE, () => HandlingCode, { nullable: true, description: '3x5x2 handling code; immutable once recorded.' })
  handlingCode?: HandlingCode;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Conditions on sharing; immutable once recorded.' })
  handlingConditions?: string;
}

@InputType({ description: "Withdraws your agency's contribution (it stays for audit, hidden from lists)." })
class WithdrawContributionInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the contribution.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

type ContributionFields = Partial<Pick<AgencyContribution, DetailField | (typeof GRADING_FIELDS)[number] | 'summary'>>;

/** Rules on the contribution as it would be saved. */
function checkContribution(errors: ErrorCollector, kind: AgencyKind, c: ContributionFields): void {
  if (!c.summary?.trim()) errors.add('summary', UserErrorCode.REQUIRED, 'Give a shareable summary.');
  const own = DETAIL_FIELD_OF[kind];
  for (const f of DETAIL_FIELDS) {
    if (c[f] && f !== own) errors.add(f, UserErrorCode.INVALID_STATE, own ? `Your agency records its detail in ${own}; ${f} belongs to another agency kind.` : `${f} belongs to another agency kind.`);
  }
  const graded = GRADING_FIELDS.some((g) => c[g]);
  if (kind !== AgencyKind.POLICE) {
    if (graded) for (const g of GRADING_FIELDS) if (c[g]) errors.add(g, UserErrorCode.INVALID_STATE, '3x5x2 grading is for police intelligence only.');
    return;
  }
  if (c.policeIntelligence) {
    if (!c.sourceEvaluation) errors.add('sourceEvaluation', UserErrorCode.REQUIRED, 'Police intelligence needs its 3x5x2 source evaluation.');
    if (!c.intelligenceAssessment) errors.add('intelligenceAssessment', UserErrorCode.REQUIRED, 'Police intelligence needs its 3x5x2 intelligence assessment.');
    if (!c.handlingCode) errors.add('handlingCode', UserErrorCode.REQUIRED, 'Police intelligence needs its 3x5x2 handling code.');
  } else if (graded) {
    errors.add('policeIntelligence', UserErrorCode.REQUIRED, 'A 3x5x2 grading grades police intelligence: give the intelligence.');
  }
  if (c.handlingCode === HandlingCode.C && !c.handlingConditions?.trim()) errors.add('handlingConditions', UserErrorCode.REQUIRED, 'Handling code C needs the conditions on sharing.');
  if (c.handlingCode === HandlingCode.P && c.handlingConditions) errors.add('handlingConditions', UserErrorCode.INVALID_STATE, 'Handling code P carries no conditions.');
}

/**
 * Contributions are written only by the contributing agency: add creates a row the caller's agency
 * owns; update goes through loadForUpdate, which refuses (FORBIDDEN) any other agency.
 */
@Resolver(() => AgencyContribution)
export class AgencyContributionResolver {
  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The contributing agency (owner of the contribution).' })
  contributingAgency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => StrategyDiscussion, { via: 'discussion', description: 'The strategy discussion contributed to.' })
  discussion!: StrategyDiscussion;

  @Mutation(() => ContributionPayload, { description: "Adds your agency's contribution to a strategy discussion; only your agency may change it." })
  addContribution(@Arg('input', { description: 'The contribution.' }) input: AddContributionInput, @Ctx() ctx: HubContext): Promise<MutationResult<AgencyContribution>> {
    return runMutation(ctx, async (em) => {
      const kind = ctx.principal.agencyKind;
      if (kind === AgencyKind.PARTNERSHIP) throw forbidden('The partnership does not contribute to strategy discussions.');
      const errors = new ErrorCollector();
      const discussion = await findReferenced(em, errors, StrategyDiscussion, input.discussionId, 'discussionId');
      checkContribution(errors, kind, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, discussionId: _d, ...data } = input;
      return createOwned(em, ctx, AgencyContribution, { ...data, discussion: discussion!.id, agencyKind: kind }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => ContributionPayload, { description: "Changes your agency's contribution (FORBIDDEN for another agency's)." })
  updateContribution(@Arg('input', { description: 'The changes.' }) input: UpdateContributionInput, @Ctx() ctx: HubContext): Promise<MutationResult<AgencyContribution>> {
    return runMutation(ctx, async (em) => {
      const c = await loadForUpdate(em, ctx, AgencyContribution, idOrNil(input.id, 'AgencyContribution'), input.expectedVersion);
      const errors = new ErrorCollector();
      const wasGraded = !!c.sourceEvaluation;
      const next: ContributionFields = { summary: c.summary };
      for (const f of ['summary', ...DETAIL_FIELDS, ...GRADING_FIELDS] as const) {
        const given = (input as unknown as Record<string, unknown>)[f];
        (next as Record<string, unknown>)[f] = given !== undefined ? given : c[f];
        if (wasGraded && (f === 'policeIntelligence' || (GRADING_FIELDS as readonly string[]).includes(f)) && given !== undefined && given !== c[f]) {
          errors.add(f, UserErrorCode.INVALID_STATE, 'Graded police intelligence and its 3x5x2 grading never change: withdraw the contribution and add a new one.');
        }
      }
      checkContribution(errors, c.agencyKind, next);
      errors.throwIfAny();
      Object.assign(c, next);
      if (input.contributorName !== undefined) c.contributorName = input.contributorName;
      if (input.contributorRole !== undefined) c.contributorRole = input.contributorRole;
      return { record: c };
    });
  }

  @Mutation(() => ContributionPayload, { description: "Withdraws your agency's contribution (soft delete; FORBIDDEN for another agency's). To correct graded intelligence, withdraw it and add a new contribution." })
  withdrawContribution(@Arg('input', { description: 'Which contribution.' }) input: WithdrawContributionInput, @Ctx() ctx: HubContext): Promise<MutationResult<AgencyContribution>> {
    return runMutation(ctx, async (em) => {
      const c = await loadForUpdate(em, ctx, AgencyContribution, idOrNil(input.id, 'AgencyContribution'), input.expectedVersion);
      softDelete(ctx, c);
      return { record: c };
    });
  }
}
