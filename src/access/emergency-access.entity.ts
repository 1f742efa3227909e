import { randomUUID } from 'node:crypto';
import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLUUID } from 'graphql-scalars';
import { Classification } from './classification';
import { Expose } from './expose';
import { Agency } from '../modules/agencies/agency.entity';
import { Child } from '../modules/people/child.entity';

/**
 * Break-glass: time-limited detail access to a child for a practitioner whose agency has no
 * involvement, granted on a stated reason, visible to the owning agency and the data protection
 * officer for review. The row-security function `hub_child_visible` honours unexpired grants.
 */
@Entity({ tableName: 'emergency_access' })
@Index({ properties: ['child', 'subject', 'expiresAt'] })
@ObjectType({ description: 'A break-glass grant: time-limited access to a child record without an involvement, kept for review.' })
export class EmergencyAccess {
  @PrimaryKey({ type: 'uuid' })
  @Expose(Classification.AUDIT, () => GraphQLUUID, { description: 'The grant UUID.' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: 'Token subject of the practitioner who was granted access.' })
  subject!: string;

  @ManyToOne(() => Agency, { ref: true })
  agency!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: 'Reason the practitioner gave.' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.AUDIT, () => GraphQLDateTime, { description: 'When access was granted.' })
  grantedAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  @Expose(Classification.AUDIT, () => GraphQLDateTime, { description: 'When access ends.' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.AUDIT, () => GraphQLDateTime, { nullable: true, description: 'When the grant was reviewed; null while awaiting review.' })
  reviewedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Who reviewed it (token subject).' })
  reviewedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Review conclusion (e.g. "justified", "referred to Caldicott Guardian").' })
  reviewOutcome?: string | null;
}
