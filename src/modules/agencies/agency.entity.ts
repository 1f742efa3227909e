import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';

export enum AgencyKind {
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  HEALTH = 'HEALTH',
  POLICE = 'POLICE',
  EDUCATION = 'EDUCATION',
  PARTNERSHIP = 'PARTNERSHIP',
}
registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  description: 'Which statutory partner (or the partnership itself) an agency is.',
  valuesConfig: {
    LOCAL_AUTHORITY: { description: "Local authority children's services (social care, LADO, virtual school)." },
    HEALTH: { description: 'ICB, community or acute NHS trust, GP practice.' },
    POLICE: { description: 'Police force (public protection, intelligence).' },
    EDUCATION: { description: 'School, college or education setting.' },
    PARTNERSHIP: { description: 'The safeguarding partnership (board analysts, BI, data protection).' },
  },
});

/** A partner organisation. Reference data: every caller may read it. */
@Entity({ tableName: 'agency' })
@ObjectType({ description: 'A partner organisation contributing to the hub (local authority, health body, police force, school, the partnership).' })
export class Agency {
  @PrimaryKey({ type: 'uuid' })
  @Expose(Classification.PUBLIC, () => GraphQLUUID, { name: 'recordId', description: 'The agency UUID.' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  @Expose(Classification.PUBLIC, { description: 'Short stable code used in tokens and source references, e.g. `LA-NORTHSHIRE`.' })
  code!: string;

  @Property({ type: 'text' })
  @Expose(Classification.PUBLIC, { description: 'Display name.' })
  name!: string;

  @Enum({ items: () => AgencyKind, nativeEnumName: 'agency_kind' })
  @Expose(Classification.PUBLIC, () => AgencyKind, { description: 'Kind of partner.' })
  kind!: AgencyKind;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'ODS code (health), force code (police), URN (schools) or DfE LA code (local authorities).' })
  externalCode?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.STATUS, () => String, { nullable: true, description: 'Duty or out-of-hours safeguarding contact (telephone), shown on status cards.' })
  dutyContactPhone?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.STATUS, () => String, { nullable: true, description: 'Duty safeguarding contact email (secure mailbox).' })
  dutyContactEmail?: string | null;
}
