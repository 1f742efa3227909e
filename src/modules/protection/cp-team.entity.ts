import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Child } from '../people/child.entity';

/** The places a multi-agency child protection team must fill (Children Act 2004 s16EA, CWSA 2026 s3). */
export enum CpTeamRole {
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  HEALTH_PROFESSIONAL = 'HEALTH_PROFESSIONAL',
  POLICE_OFFICER = 'POLICE_OFFICER',
  EDUCATION_PROFESSIONAL = 'EDUCATION_PROFESSIONAL',
  OTHER = 'OTHER',
}
registerEnumType(CpTeamRole, {
  name: 'CpTeamRole',
  description: 'A member’s place in a multi-agency child protection team: the statutory minimum is a social worker, a health professional nominated by the integrated care board, a police officer and an education professional.',
  valuesConfig: {
    SOCIAL_WORKER: { description: 'A social worker of the local authority.' },
    HEALTH_PROFESSIONAL: { description: 'A health professional nominated by the integrated care board (a health agency).' },
    POLICE_OFFICER: { description: 'A police officer.' },
    EDUCATION_PROFESSIONAL: { description: 'An education professional (a school or education agency).' },
    OTHER: { description: 'Any other member (e.g. a probation officer, a youth worker).' },
  },
});

/** The agency kind each statutory place is filled from. */
export const REQUIRED_PLACES: ReadonlyArray<{ role: CpTeamRole; kind: AgencyKind }> = [
  { role: CpTeamRole.SOCIAL_WORKER, kind: AgencyKind.LOCAL_AUTHORITY },
  { role: CpTeamRole.HEALTH_PROFESSIONAL, kind: AgencyKind.HEALTH },
  { role: CpTeamRole.POLICE_OFFICER, kind: AgencyKind.POLICE },
  { role: CpTeamRole.EDUCATION_PROFESSIONAL, kind: AgencyKind.EDUCATION },
];

/**
 * A multi-agency child protection team (Children Act 2004 s16EA, inserted by the Children's Wellbeing and
 * Schools Act 2026 s3): supports the local authority's s47 duties. Owned by the local authority that set
 * it up. Its members' agencies get involvements with the children it works with, for as long as both the
 * membership and the case run (src/modules/protection/cp-team-involvements.ts), which is all the access
 * policy needs: no separate route.
 */
@Entity({ tableName: 'cp_team' })
@ObjectType({ implements: Node, description: 'A multi-agency child protection team: a social worker, an ICB-nominated health professional, a police officer and an education professional at least.' })
export class ChildProtectionTeam extends HubRecord {
  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Name, e.g. "North locality MACPT".' })
  name!: string;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'When the team started.' })
  startedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'When the team stopped; null while it works.' })
  endedOn?: string | null;
}

/** A member of a child protection team, from an agency, in a place. Owned by the team's local authority. */
@Entity({ tableName: 'cp_team_member' })
@ObjectType({ implements: Node, description: 'A member of a multi-agency child protection team.' })
export class ChildProtectionTeamMember extends HubRecord {
  @ManyToOne(() => ChildProtectionTeam, { ref: true, deleteRule: 'restrict' })
  @Index()
  team!: Ref<ChildProtectionTeam>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  agency!: Ref<Agency>;

  @ManyToOne(() => Practitioner, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  practitioner?: Ref<Practitioner> | null;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Name of the member.' })
  memberName!: string;

  @Enum({ items: () => CpTeamRole, nativeEnumName: 'cp_team_role' })
  @Expose(Classification.SUMMARY, () => CpTeamRole, { description: 'The place the member fills.' })
  role!: CpTeamRole;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'First day of the membership.' })
  startedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Day the membership ended (its involvements end that day); null while it runs.' })
  endedOn?: string | null;
}

/**
 * A child the team works with, from a day until the case leaves the team. Owned by the team's local
 * authority; about the child, so it is seen where the child's records are.
 */
@Entity({ tableName: 'cp_team_case' })
@Index({ properties: ['team', 'endedOn'] })
// One running case per team and child: concurrent assignments cannot make two.
@Index({ name: 'cp_team_case_one_running', expression: 'create unique index "cp_team_case_one_running" on "cp_team_case" ("team_id", "child_id") where "ended_on" is null and "deleted_at" is null' })
@ObjectType({ implements: Node, description: 'A child a multi-agency child protection team works with.' })
export class ChildProtectionTeamCase extends HubRecord {
  @ManyToOne(() => ChildProtectionTeam, { ref: true, deleteRule: 'restrict' })
  @Index()
  team!: Ref<ChildProtectionTeam>;

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'First day the team works with the child.' })
  startedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Day the case left the team (its members’ involvements end that day); null while it runs.' })
  endedOn?: string | null;
}
