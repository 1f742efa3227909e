import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';

/**
 * A child (or unborn child) known to any partner. SSD `person` + `ssd_person` fields.
 * Every child-level record in the other modules points here.
 */
@Entity({ tableName: 'child' })
@ObjectType({ implements: Node, description: 'A child or unborn child known to one or more partners.' })
export class Child extends HubRecord {
  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Given name(s) (SSD `per_forename`); null for an unborn child not yet named.' })
  givenName?: string | null;

  @Property({ type: 'text' })
  @Index()
  @Expose(Classification.IDENTITY, { description: 'Family name (SSD `per_surname`).' })
  familyName!: string;

  @Property({ type: 'date', nullable: true })
  @Index()
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth (SSD `per_dob`); null for an unborn child.' })
  dateOfBirth?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Expected date of birth for an unborn child (SSD `per_expected_dob`).' })
  expectedDateOfBirth?: string | null;
}
