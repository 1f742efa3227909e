import { randomUUID } from 'node:crypto';
import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { Agency } from './agency.entity';

@Entity({ tableName: 'team' })
@Unique({ properties: ['agency', 'code'] })
@ObjectType({ description: 'A team within an agency (e.g. MASH, a locality social work team, a public protection unit).' })
export class Team {
  @PrimaryKey({ type: 'uuid' })
  @Expose(Classification.PUBLIC, () => GraphQLUUID, { name: 'recordId', description: 'The team UUID.' })
  id: string = randomUUID();

  @ManyToOne(() => Agency, { ref: true })
  @Index()
  agency!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.PUBLIC, { description: 'Code unique within the agency, e.g. `MASH`.' })
  code!: string;

  @Property({ type: 'text' })
  @Expose(Classification.PUBLIC, { description: 'Team name.' })
  name!: string;
}
