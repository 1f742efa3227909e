import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from './child.entity';
import { AddressType } from './codes';

/**
 * Where a child lives or lived (SSD `ssd_address`), with history (from/to). Classification IDENTITY.
 * Placement and refuge addresses are `confidential`: access control applies a stricter rule to them
 * than to other IDENTITY fields (only the owning agency and practitioners with an active involvement
 * that needs the address may read the lines and postcode), because disclosing them can put the child,
 * a carer or a parent fleeing abuse at risk.
 */
@Entity({ tableName: 'child_address' })
@ObjectType({ implements: Node, description: 'An address of a child, with the dates they lived there.' })
export class ChildAddress extends HubRecord {
  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => AddressType, nativeEnumName: 'address_type' })
  @Expose(Classification.IDENTITY, () => AddressType, { description: 'What kind of address it is (SSD `addr_address_type`).' })
  addressType!: AddressType;

  @Property({ type: 'text' })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'First line (flat, house number or name, street); null with a FORBIDDEN error for a confidential address recorded by another agency.' })
  line1!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Second line (locality).' })
  line2?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Town or city.' })
  town?: string | null;

  @Property({ type: 'text', nullable: true })
  @Index()
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'UK postcode, normalised to upper case with one space (e.g. "NS1 4AB").' })
  postcode?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Unique property reference number, when known.' })
  uprn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the child started living there (SSD `addr_address_start_date`).' })
  fromDate?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the child left (SSD `addr_address_end_date`); null while current.' })
  toDate?: string | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.IDENTITY, () => Boolean, { description: 'Confidential address (placement, refuge): shown only under the stricter confidential-address rule.' })
  confidential: boolean = false;
}
