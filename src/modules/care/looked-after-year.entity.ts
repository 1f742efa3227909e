import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';

/**
 * What the SSDA903 return asks about a looked-after child's collection year that no other hub record
 * holds: motherhood (header `MOTHER`, `MC_DOB`) and the OC2 outcomes of a child looked after for 12 months
 * (`CONVICTED`, `SUBSTANCE_MISUSE`, `INTERVENTION_RECEIVED`, `INTERVENTION_OFFERED`). Health checks,
 * immunisations, dental checks and SDQs come from health assessments. One record per child and year,
 * recorded by the authority; convictions and substance misuse are special category data, so every field
 * is social care detail.
 */
@Entity({ tableName: 'looked_after_year' })
@Index({
  name: 'looked_after_year_child_year_unique',
  expression: 'create unique index "looked_after_year_child_year_unique" on "looked_after_year" ("child_id", "collection_year") where "deleted_at" is null',
})
@ObjectType({ implements: Node, description: 'A looked-after child’s collection year as the SSDA903 return asks it: motherhood and the OC2 outcomes (convictions, substance misuse and interventions).' })
export class LookedAfterYear extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'smallint' })
  @Expose(Classification.SOCIAL_CARE, () => Int, { description: 'The collection year, named by the year it ends: 2026 is 1 April 2025 to 31 March 2026.' })
  collectionYear!: number;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the young woman is a mother (SSDA903 `MOTHER`); null for a boy, or when not asked.' })
  mother?: boolean | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth of her first child (SSDA903 `MC_DOB`), when she is a mother.' })
  firstChildBornOn?: string | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Convicted or given a final warning or reprimand during the year (OC2 `CONVICTED`; asked from age 10).' })
  convicted?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'A substance misuse problem was identified during the year (OC2 `SUBSTANCE_MISUSE`).' })
  substanceMisuse?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Received an intervention for the substance misuse problem (OC2 `INTERVENTION_RECEIVED`); only with substanceMisuse.' })
  interventionReceived?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Offered an intervention for it and refused (OC2 `INTERVENTION_OFFERED`); only with substanceMisuse and when none was received.' })
  interventionOffered?: boolean | null;
}
