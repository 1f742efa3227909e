import { Check, Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Ethnicity, Gender, Sex } from './codes';

/**
 * A child (or unborn child) known to any partner. SSD `person` + `ssd_person` fields.
 * Every child-level record in the other modules points here.
 *
 * Unborn children are real subjects (pre-birth referrals, strategy discussions): a record has a date of
 * birth, or (unborn) an expected date of birth. `isUnborn` is derived, not stored: a child is unborn
 * while no date of birth is recorded. When the baby is born, `updateChild` records the date of birth;
 * the expected date stays as history (the CIN census keeps both).
 *
 * Classification (DESIGN §6): names, dates of birth/death, sex and gender are IDENTITY. Ethnicity is
 * SOCIAL_CARE: it is special category data (UK GDPR art. 9) needed for statutory returns and equality
 * monitoring, not by every partner to keep the child safe. Disabilities (on the field resolver) and UASC
 * status are SUMMARY: a child's communication, mobility or learning needs and the fact that they are an
 * unaccompanied asylum-seeking child change how every partner must work with them, so anyone with a
 * legitimate involvement should see them.
 */
@Entity({ tableName: 'child' })
@Check({ name: 'child_birth_date_known', expression: 'date_of_birth is not null or expected_date_of_birth is not null' })
@Index({ name: 'child_family_name_lower_index', expression: 'create index "child_family_name_lower_index" on "child" (lower("family_name") text_pattern_ops)' })
@Index({ name: 'child_updated_at_id_index', properties: ['updatedAt', 'id'] })
@ObjectType({ implements: Node, description: 'A child or unborn child known to one or more partners.' })
export class Child extends HubRecord {
  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Given name(s) (SSD `pers_forename`); null for an unborn child not yet named.' })
  givenName?: string | null;

  @Property({ type: 'text' })
  @Index()
  @Expose(Classification.IDENTITY, { description: 'Family name (SSD `pers_surname`).' })
  familyName!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'The name the child prefers to be called, when different from the given name.' })
  preferredName?: string | null;

  @Property({ type: 'date', nullable: true })
  @Index()
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth (SSD `pers_dob`); null for an unborn child. When only month and year are known (e.g. some UASC), the 15th of the month.' })
  dateOfBirth?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Expected date of birth for an unborn child (SSD `pers_expected_dob`); kept as history after the birth is recorded.' })
  expectedDateOfBirth?: string | null;

  /** Sort key of the DATE_OF_BIRTH ordering: the date of birth, or the expected one (never null, so keyset cursors work). */
  @Property({ type: 'date', generated: '(coalesce(date_of_birth, expected_date_of_birth)) stored', nullable: true })
  @Index()
  birthSortDate?: string | null;

  @Expose(Classification.IDENTITY, () => Boolean, { description: 'True while no date of birth is recorded (an unborn child).' })
  get isUnborn(): boolean {
    return !this.dateOfBirth;
  }

  @Enum({ items: () => Sex, nativeEnumName: 'sex', nullable: true })
  @Expose(Classification.IDENTITY, () => Sex, { nullable: true, description: 'Sex (SSD `pers_sex`, DfE M/F/U).' })
  sex?: Sex | null;

  @Enum({ items: () => Gender, nativeEnumName: 'gender', nullable: true })
  @Expose(Classification.IDENTITY, () => Gender, { nullable: true, description: 'Gender (SSD `pers_gender`, DfE 00/01/02/09).' })
  gender?: Gender | null;

  @Enum({ items: () => Ethnicity, nativeEnumName: 'ethnicity', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Ethnicity, { nullable: true, description: 'Ethnicity (SSD `pers_ethnicity`, DfE code). Special category data: social care tier.' })
  ethnicity?: Ethnicity | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the child is (or was when they came to notice) an unaccompanied asylum-seeking child (SSD immigration status UASC).' })
  isUasc: boolean = false;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Start of the UASC immigration status (SSD `immi_immigration_status_start_date`).' })
  uascStatusStartDate?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'End of the UASC immigration status, e.g. leave granted or turned 18 (SSD `immi_immigration_status_end_date`).' })
  uascStatusEndDate?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of death (SSD `pers_death_date`), verified from the death certificate.' })
  dateOfDeath?: string | null;
}
