import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from './child.entity';
import { DisabilityCode } from './codes';

/**
 * One DfE disability code of a child (SSD `ssd_disability`: one row per code; NONE stands alone).
 * Classification SUMMARY (see Child): every partner working with the child needs to know how to
 * communicate with and care for them.
 */
@Entity({ tableName: 'child_disability' })
@Unique({ name: 'child_disability_child_code_unique', properties: ['child', 'code'], where: 'deleted_at is null' })
@ObjectType({ implements: Node, description: 'A disability of a child (DfE code).' })
export class ChildDisability extends HubRecord {
  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => DisabilityCode, nativeEnumName: 'disability_code' })
  @Expose(Classification.SUMMARY, () => DisabilityCode, { description: 'DfE disability code.' })
  code!: DisabilityCode;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'When the disability was recorded or diagnosed, if known.' })
  recordedOn?: string | null;
}
