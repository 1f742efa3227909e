import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { CareLeaverAccommodation, CareLeaverActivity, CareLeaverEligibility, CareLeaverInTouch, NEET_ACTIVITIES } from './care.codes';

/**
 * A care leaver record (SSD `ssd_care_leavers`, SSDA903 OC3): what the authority knows of a young person
 * who has left (or is leaving) care, as at a contact date. One row per contact; the latest is current.
 * Owned by the local authority.
 */
@Entity({ tableName: 'care_leaver' })
@Index({ properties: ['child', 'contactDate'] })
@ObjectType({ implements: Node, description: 'A care leaver record (SSDA903 OC3): in touch, accommodation and activity as at a contact date.' })
export class CareLeaver extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date of the latest contact (or attempted contact) the record describes.' })
  contactDate!: string;

  @Enum({ items: () => CareLeaverEligibility, nativeEnumName: 'care_leaver_eligibility', nullable: true })
  @Expose(Classification.SUMMARY, () => CareLeaverEligibility, { nullable: true, description: 'Eligibility category for leaving-care support.' })
  eligibility?: CareLeaverEligibility | null;

  @Enum({ items: () => CareLeaverInTouch, nativeEnumName: 'care_leaver_in_touch' })
  @Expose(Classification.SUMMARY, () => CareLeaverInTouch, { description: 'SSDA903 in touch code.' })
  inTouch!: CareLeaverInTouch;

  @Enum({ items: () => CareLeaverAccommodation, nativeEnumName: 'care_leaver_accommodation', nullable: true })
  @Expose(Classification.SUMMARY, () => CareLeaverAccommodation, { nullable: true, description: 'SSDA903 accommodation code; null when not known (not in touch).' })
  accommodation?: CareLeaverAccommodation | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'Whether the accommodation is suitable (903 code 1 = true, 2 = false); null when not known.' })
  accommodationSuitable?: boolean | null;

  @Enum({ items: () => CareLeaverActivity, nativeEnumName: 'care_leaver_activity', nullable: true })
  @Expose(Classification.SUMMARY, () => CareLeaverActivity, { nullable: true, description: 'SSDA903 main activity code; null when not known.' })
  activity?: CareLeaverActivity | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the pathway plan started or was last reviewed, whichever is later.' })
  pathwayPlanReviewDate?: string | null;

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'True when the activity is a NEET code (G4, G5, G6).' })
  get neet(): boolean {
    return !!this.activity && NEET_ACTIVITIES.includes(this.activity);
  }
}
