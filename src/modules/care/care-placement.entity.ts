import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { PlacementChangeReason, PlacementProvider, PlacementType } from './care.codes';
import { CareEpisode } from './care-episode.entity';

/**
 * A placement within an episode of care (SSD `ssd_cla_placement`), owned by the authority that owns the
 * episode. It carries the child as well (denormalised) so placements per child per year are one indexed
 * range scan on (child_id, start_date).
 */
@Entity({ tableName: 'care_placement' })
@Index({ properties: ['child', 'startDate'] })
@ObjectType({ implements: Node, description: 'A placement of a looked-after child within an episode of care (SSDA903 placement).' })
export class CarePlacement extends HubRecord {
  @ManyToOne(() => CareEpisode, { ref: true, deleteRule: 'restrict' })
  @Index()
  episode!: Ref<CareEpisode>;

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the placement began; consecutive placements share the boundary date.' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the placement ended; null while current.' })
  endDate?: string | null;

  @Enum({ items: () => PlacementType, nativeEnumName: 'care_placement_type' })
  @Expose(Classification.SUMMARY, () => PlacementType, { description: 'SSDA903 placement type.' })
  placementType!: PlacementType;

  @Enum({ items: () => PlacementProvider, nativeEnumName: 'care_placement_provider' })
  @Expose(Classification.SUMMARY, () => PlacementProvider, { description: 'SSDA903 placement provider.' })
  provider!: PlacementProvider;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Postcode where the child is placed (confidential: can locate the child).' })
  postcode?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Ofsted URN of the placement (SC999999 or 9999999; XXXXXXX when not inspected); identifies the home, so confidential.' })
  urn?: string | null;

  @Property({ type: 'double', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Float, { nullable: true, description: 'Distance of the placement from home in miles (999.9 when unknown or outside England).' })
  distanceFromHomeMiles?: number | null;

  @Enum({ items: () => PlacementChangeReason, nativeEnumName: 'care_placement_change_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => PlacementChangeReason, { nullable: true, description: 'SSDA903 reason the placement ended; set with the end date.' })
  changeReason?: PlacementChangeReason | null;
}
