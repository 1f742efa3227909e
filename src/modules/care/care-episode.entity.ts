import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { CategoryOfNeed, LegalStatus, ReasonEpisodeCeased, ReasonForNewEpisode } from './care.codes';

/**
 * An episode of care (SSD `ssd_cla_episodes`), owned by the local authority looking after the child.
 *
 * Modelling choice: the episode carries the legal status and the 903 episode reasons; the placements
 * within it are separate `CarePlacement` rows (SSD `ssd_cla_placement`), so placements are countable per
 * child per year (the "3 or more placements in a year" stability measure) whatever the episode
 * boundaries. A strict SSDA903 episode row is one (legal status, placement) span: an export derives it
 * from an episode and its placements.
 */
@Entity({ tableName: 'care_episode' })
@Index({ properties: ['child', 'startDate'] })
@ObjectType({ implements: Node, description: 'An episode of care (SSDA903 episode): a span under one legal status, with the placements within it. Owned by the local authority.' })
export class CareEpisode extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'date' })
  @Index()
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { description: 'Date the episode started (SSD `clae_cla_episode_start_date`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { nullable: true, description: 'Date the episode ceased (SSD `clae_cla_episode_ceased_date`); null while open.' })
  endDate?: string | null;

  @Property({ type: 'date' })
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { description: 'Date the child entered care for this period of care (SSD `clae_entered_care_date`); the start date unless the episode continues an earlier one.' })
  enteredCareDate!: string;

  @Enum({ items: () => LegalStatus, nativeEnumName: 'care_legal_status' })
  @Expose(Classification.STATUS, () => LegalStatus, { description: 'SSDA903 legal status during the episode.' })
  legalStatus!: LegalStatus;

  @Enum({ items: () => CategoryOfNeed, nativeEnumName: 'care_category_of_need' })
  @Expose(Classification.SUMMARY, () => CategoryOfNeed, { description: 'CIN category of need when the period of care began (N1-N8).' })
  categoryOfNeed!: CategoryOfNeed;

  @Enum({ items: () => ReasonForNewEpisode, nativeEnumName: 'care_reason_new_episode' })
  @Expose(Classification.SUMMARY, () => ReasonForNewEpisode, { description: 'SSDA903 reason for new episode (RNE).' })
  reasonForNewEpisode!: ReasonForNewEpisode;

  @Enum({ items: () => ReasonEpisodeCeased, nativeEnumName: 'care_reason_episode_ceased', nullable: true })
  @Expose(Classification.SUMMARY, () => ReasonEpisodeCeased, { nullable: true, description: 'SSDA903 reason the episode ceased (REC); set with the end date.' })
  reasonEpisodeCeased?: ReasonEpisodeCeased | null;
}
