import { ArrayType, type Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';

export enum MissingEpisodeType {
  MISSING = 'MISSING',
  ABSENT = 'ABSENT',
}
registerEnumType(MissingEpisodeType, {
  name: 'MissingEpisodeType',
  description: 'Missing or absent (SSDA903 / SSD `miss_missing_episode_type`: M / A).',
  valuesConfig: {
    MISSING: { description: 'M: missing; whereabouts unknown.' },
    ABSENT: { description: 'A: absent / away from placement without authorisation; whereabouts known or not where expected.' },
  },
});

/** Police missing-person risk grade; the scheme it was graded under is kept beside it (standards §3). */
export enum MissingRiskGrading {
  ABSENT_LEGACY_2013_2017 = 'ABSENT_LEGACY_2013_2017',
  NO_APPARENT_RISK = 'NO_APPARENT_RISK',
  VERY_LOW = 'VERY_LOW',
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(MissingRiskGrading, {
  name: 'MissingRiskGrading',
  description: 'Police risk grading of a missing episode; read it with `riskGradingScheme` (labels changed in 2013, 2017 and since).',
  valuesConfig: {
    ABSENT_LEGACY_2013_2017: { description: '"Absent" under the 2013 ACPO interim two-tier scheme (no active police response).' },
    NO_APPARENT_RISK: { description: 'No apparent risk (College of Policing APP 2017 continuum, lowest point).' },
    VERY_LOW: { description: 'Very low risk (current APP continuum wording).' },
    LOW: { description: 'Low risk.' },
    MEDIUM: { description: 'Medium risk.' },
    HIGH: { description: 'High risk.' },
  },
});

/**
 * A period when a child was missing or absent (SSD `ssd_missing`, extended beyond children in care: +
 * reporting agency, police risk grading and its scheme, found location). Owned by the reporting agency
 * (police, or the local authority for children in care); the return home interview is a separate record
 * owned by whoever offers it.
 */
@Entity({ tableName: 'missing_episode' })
@Check({ name: 'missing_episode_end_after_start', expression: '(end_at is null or end_at >= start_at)' })
@ObjectType({ implements: Node, description: 'A missing (or absent) episode of a child, with the police risk grading and, once returned, the return home interview.' })
export class MissingEpisode extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => MissingEpisodeType, nativeEnumName: 'missing_episode_type' })
  @Expose(Classification.SUMMARY, () => MissingEpisodeType, { description: 'Missing or absent (SSD `miss_missing_episode_type`).' })
  episodeType!: MissingEpisodeType;

  @Property({ type: 'timestamptz' })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the child went missing (SSD `miss_missing_episode_start_date`).' })
  startAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the child returned or was found (SSD `miss_missing_episode_end_date`); null while still missing.' })
  endAt?: Date | null;

  @Enum({ items: () => MissingRiskGrading, nativeEnumName: 'missing_risk_grading', nullable: true })
  @Expose(Classification.SUMMARY, () => MissingRiskGrading, { nullable: true, description: 'Police risk grading (latest).' })
  riskGrading?: MissingRiskGrading | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Grading scheme and version, e.g. "College of Policing APP missing persons 2017".' })
  riskGradingScheme?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Where the child was found (an address or place: identifying, may reveal exploitation locations).' })
  foundLocation?: string | null;
}

export enum ReturnHomeInterviewStatus {
  NOT_OFFERED = 'NOT_OFFERED',
  OFFERED = 'OFFERED',
  HELD = 'HELD',
  DECLINED = 'DECLINED',
}
registerEnumType(ReturnHomeInterviewStatus, {
  name: 'ReturnHomeInterviewStatus',
  description: 'Where a return home interview stands (derived from its dates; DECLINED is never counted as HELD).',
  valuesConfig: {
    NOT_OFFERED: { description: 'Not yet offered.' },
    OFFERED: { description: 'Offered; neither held nor declined yet.' },
    HELD: { description: 'The interview took place.' },
    DECLINED: { description: 'The child declined the interview (SSD `miss_missing_rhi_accepted` = N).' },
  },
});

/**
 * The return home interview offered after a missing episode (+; SSD only has RHI offered/accepted Y/N).
 * Offered, then either held or declined: a declined interview is recorded as declined and never counts
 * as held (the seed reports found decline forms recorded as interviews), so the two are mutually
 * exclusive here, in the API and in the database.
 */
@Entity({ tableName: 'return_home_interview' })
@Check({ name: 'rhi_held_xor_declined', expression: '(held_at is null or declined_at is null)' })
@Check({ name: 'rhi_outcome_needs_offer', expression: '((held_at is null and declined_at is null) or offered_at is not null)' })
@ObjectType({ implements: Node, description: 'A return home interview after a missing episode: offered, then held or declined (never both).' })
export class ReturnHomeInterview extends HubRecord {
  @ManyToOne(() => MissingEpisode, { ref: true, deleteRule: 'restrict' })
  @Index()
  episode!: Ref<MissingEpisode>;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the interview was offered to the child; not before the child returned.' })
  offeredAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the interview took place; requires offeredAt; never set together with declinedAt.' })
  heldAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the child declined the interview; a declined interview is not held.' })
  declinedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Role of who conducted (or offered) the interview, e.g. "Independent RHI worker (commissioned service)".' })
  conductedByRole?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'What the child said (restricted); only for a held interview.' })
  findings?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why the interview was declined, as the child or carer gave it.' })
  declineReason?: string | null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Expose(Classification.SOCIAL_CARE, () => [String], { description: 'Push factors (what made the child leave), e.g. "conflict at home".' })
  pushFactors: string[] = [];

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Expose(Classification.SOCIAL_CARE, () => [String], { description: 'Pull factors (what drew the child away), e.g. "older peers", "county lines".' })
  pullFactors: string[] = [];

  @Expose(Classification.SUMMARY, () => ReturnHomeInterviewStatus, { description: 'Where the interview stands: held only when heldAt is set; a refusal is DECLINED.' })
  get status(): ReturnHomeInterviewStatus {
    if (this.heldAt) return ReturnHomeInterviewStatus.HELD;
    if (this.declinedAt) return ReturnHomeInterviewStatus.DECLINED;
    return this.offeredAt ? ReturnHomeInterviewStatus.OFFERED : ReturnHomeInterviewStatus.NOT_OFFERED;
  }
}
