import { randomUUID } from 'node:crypto';
import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { Agency } from './agency.entity';
import { Team } from './team.entity';

@Entity({ tableName: 'practitioner' })
@ObjectType({ description: 'A professional working for an agency; the `subject` links them to the tokens their identity provider issues.' })
export class Practitioner {
  @PrimaryKey({ type: 'uuid' })
  @Expose(Classification.SUMMARY, () => GraphQLUUID, { name: 'recordId', description: 'The practitioner UUID.' })
  id: string = randomUUID();

  @ManyToOne(() => Agency, { ref: true })
  @Index()
  agency!: Ref<Agency>;

  @ManyToOne(() => Team, { ref: true, nullable: true })
  @Index()
  team?: Ref<Team> | null;

  @Property({ type: 'text' })
  @Unique()
  subject!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Full name.' })
  name!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Job title, e.g. "Social worker", "Designated nurse for safeguarding".' })
  jobTitle!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Secure work email.' })
  email?: string | null;
}
