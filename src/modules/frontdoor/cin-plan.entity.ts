import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { Referral } from './referral.entity';

/** A child in need plan (s17) under a referral (SSD `ssd_cin_plans`). */
@Entity({ tableName: 'cin_plan' })
@ObjectType({ implements: Node, description: 'A child in need plan under section 17 (SSD `ssd_cin_plans`).' })
export class CinPlan extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Referral, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  referral?: Ref<Referral> | null;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the CIN plan started (SSD `cinp_cin_plan_start_date`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the CIN plan ended (SSD `cinp_cin_plan_end_date`); null while the plan is open.' })
  endDate?: string | null;
}
