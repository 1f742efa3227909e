import { Extensions, ID, InputType, Int } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { AddressType, ChildOrderField, DisabilityCode, Ethnicity, Gender, IdentifierType, InvolvementDecision, InvolvementEndReason, InvolvementRole, Sex } from './codes';
import { SortDirection } from '../../server/graphql/connection';
import { PERSON_DATE, SHORT_TEXT } from '../../server/input-bounds';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ChildIdentifier } from './child-identifier.entity';
import { Classification } from '../../access/classification';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, reads, readsNothing, registerOrderEnum } from '../../access/input-declarations';

@InputType({ description: 'An identifier of a child.' })
export class ChildIdentifierInput {
  @InputField(Classification.IDENTITY, () => IdentifierType, { description: 'Kind of identifier.' })
  type!: IdentifierType;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, { description: 'The identifier (NHS number spaces and UPN case are normalised); at most 200 characters.' })
  value!: string;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Issuer for local identifiers: DfE LA code for LA_CHILD_ID, force code for POLICE_PERSON_ID; empty for national ones; at most 200 characters.' })
  namespace?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Valid from.' })
  validFrom?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Valid to (on or after validFrom); leave empty while current.' })
  validTo?: string | null;
}

@InputType({ description: 'An address of a child.' })
export class ChildAddressInput {
  @InputField(Classification.IDENTITY, () => AddressType, { description: 'What kind of address.' })
  addressType!: AddressType;
  @InputField(Classification.IDENTITY, { description: 'First line.' })
  line1!: string;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Second line.' })
  line2?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Town or city.' })
  town?: string | null;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'UK postcode (format-checked and normalised); at most 200 characters.' })
  postcode?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Unique property reference number.' })
  uprn?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the child started living there.' })
  fromDate?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date the child left (on or after fromDate).' })
  toDate?: string | null;
  @InputField(Classification.IDENTITY, () => Boolean, { nullable: true, description: 'Confidential address. Defaults to true for PLACEMENT and REFUGE (a refuge is always confidential), false otherwise.' })
  confidential?: boolean | null;
}

@InputType({ description: 'A new child record, with its identifiers, addresses and disabilities (all saved, or none).' })
export class CreateChildInput {
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Given name(s); at most 200 characters.' })
  givenName?: string | null;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, { description: 'Family name; at most 200 characters.' })
  familyName!: string;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Preferred name; at most 200 characters.' })
  preferredName?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth (not in the future); omit for an unborn child and give expectedDateOfBirth; from 1900-01-01.' })
  dateOfBirth?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Expected date of birth of an unborn child (at most ~10 months ahead); not with dateOfBirth; from 1900-01-01.' })
  expectedDateOfBirth?: string | null;
  @InputField(Classification.IDENTITY, () => Sex, { nullable: true, description: 'Sex (DfE M/F/U).' })
  sex?: Sex | null;
  @InputField(Classification.IDENTITY, () => Gender, { nullable: true, description: 'Gender (DfE code).' })
  gender?: Gender | null;
  @InputField(Classification.SOCIAL_CARE, () => Ethnicity, { nullable: true, description: 'Ethnicity (DfE code).' })
  ethnicity?: Ethnicity | null;
  @InputField(Classification.IDENTITY, () => Boolean, { nullable: true, description: 'Unaccompanied asylum-seeking child.' })
  isUasc?: boolean | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Start of the UASC status.' })
  uascStatusStartDate?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'End of the UASC status.' })
  uascStatusEndDate?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of death (not before the date of birth, not in the future); from 1900-01-01.' })
  dateOfDeath?: string | null;
  @InputField(Classification.IDENTITY, () => [ChildIdentifierInput], { nullable: true, description: 'Identifiers (validated: NHS mod-11, UPN check letter, namespaces).' })
  identifiers?: ChildIdentifierInput[] | null;
  @InputField(Classification.IDENTITY, () => [ChildAddressInput], { nullable: true, description: 'Addresses, current and past.' })
  addresses?: ChildAddressInput[] | null;
  @InputField(Classification.IDENTITY, () => [DisabilityCode], { nullable: true, description: 'DfE disability codes (NONE stands alone).' })
  disabilities?: DisabilityCode[] | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string | null;
}

@InputType({ description: 'Changes to a child record; omitted fields stay as they are, null clears a field.' })
export class UpdateChildInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the child.' })
  id!: string;
  @InputField(Classification.IDENTITY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Given name(s); at most 200 characters.' })
  givenName?: string | null;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Family name (cannot be cleared); at most 200 characters.' })
  familyName?: string | null;
  @Extensions(SHORT_TEXT)
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Preferred name; at most 200 characters.' })
  preferredName?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth; recording it for an unborn child records the birth (the expected date stays as history); from 1900-01-01.' })
  dateOfBirth?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Expected date of birth (unborn children only); from 1900-01-01.' })
  expectedDateOfBirth?: string | null;
  @InputField(Classification.IDENTITY, () => Sex, { nullable: true, description: 'Sex (DfE M/F/U).' })
  sex?: Sex | null;
  @InputField(Classification.IDENTITY, () => Gender, { nullable: true, description: 'Gender (DfE code).' })
  gender?: Gender | null;
  @InputField(Classification.SOCIAL_CARE, () => Ethnicity, { nullable: true, description: 'Ethnicity (DfE code).' })
  ethnicity?: Ethnicity | null;
  @InputField(Classification.IDENTITY, () => Boolean, { nullable: true, description: 'Unaccompanied asylum-seeking child.' })
  isUasc?: boolean | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Start of the UASC status.' })
  uascStatusStartDate?: string | null;
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'End of the UASC status.' })
  uascStatusEndDate?: string | null;
  @Extensions(PERSON_DATE)
  @InputField(Classification.IDENTITY, () => GraphQLLocalDate, { nullable: true, description: 'Date of death; from 1900-01-01.' })
  dateOfDeath?: string | null;
  @InputField(Classification.IDENTITY, () => [DisabilityCode], { nullable: true, description: 'Replaces the set of disability codes (NONE stands alone).' })
  disabilities?: DisabilityCode[] | null;
}

@InputType({ description: 'Adds an identifier to a child record your agency owns.' })
export class AddChildIdentifierInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.IDENTITY, () => ChildIdentifierInput, { description: 'The identifier.' })
  identifier!: ChildIdentifierInput;
}

@InputType({ description: 'Adds an address to a child record your agency owns.' })
export class AddChildAddressInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.IDENTITY, () => ChildAddressInput, { description: 'The address.' })
  address!: ChildAddressInput;
}

@InputType({ description: 'Filters of the children list (all given filters apply).' })
export class ChildFilter {
  @Extensions(SHORT_TEXT)
  @FilterField(filters(() => Child, match.prefix('familyName')), () => String, { nullable: true, description: 'Family name starts with this (case-insensitive); at most 200 characters.' })
  familyName?: string | null;
  @FilterField(filters(() => Child, match.gte('dateOfBirth')), () => GraphQLLocalDate, { nullable: true, description: 'Born on or after this date.' })
  dateOfBirthFrom?: string | null;
  @FilterField(filters(() => Child, match.lte('dateOfBirth')), () => GraphQLLocalDate, { nullable: true, description: 'Born on or before this date.' })
  dateOfBirthTo?: string | null;
  @FilterField(filters(() => Child, match.nullWhen('isUnborn', true, 'dateOfBirth')), () => Boolean, { nullable: true, description: 'Only unborn children (true) or only born children (false).' })
  isUnborn?: boolean | null;
}

// Sort keys of the children list, each with the field it sorts by (declared beside the ordering input).
registerOrderEnum(ChildOrderField, {
  name: 'ChildOrderField',
  description: 'What to sort children by.',
  on: () => Child,
  valuesConfig: {
    FAMILY_NAME: { description: 'Family name, then given name.', field: 'familyName' },
    DATE_OF_BIRTH: { description: 'Date of birth (the expected date of birth for an unborn child).', field: 'dateOfBirth' },
    UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' },
  },
});

@InputType({ description: 'Sort order of the children list.' })
export class ChildOrder {
  @FilterField(ORDER_BY_VALUE, () => ChildOrderField, { description: 'Sort key.' })
  field!: ChildOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { nullable: true, description: 'Direction (default ASC).' })
  direction?: SortDirection | null;
}

@InputType({ description: 'A local identifier searched for, with its issuer.' })
export class LocalIdentifierSearch {
  @FilterField(reads(() => ChildIdentifier, 'namespace'), { description: 'Issuer: the three-digit DfE LA code for an LA child id, the force code for a police person id.' })
  namespace!: string;
  @FilterField(reads(() => ChildIdentifier, 'value'), { description: 'The identifier.' })
  value!: string;
}

@InputType({ description: 'What you know about a child you are looking for; give an identifier, or a family name and/or date of birth.' })
export class FindChildrenInput {
  @FilterField(reads(() => ChildIdentifier, 'value'), () => String, { nullable: true, description: 'NHS number (spaces allowed).' })
  nhsNumber?: string | null;
  @FilterField(reads(() => ChildIdentifier, 'value'), () => String, { nullable: true, description: 'Unique pupil number (current or former).' })
  upn?: string | null;
  @Extensions(SHORT_TEXT)
  @FilterField(reads(() => Child, 'givenName'), () => String, { nullable: true, description: 'Given name; at most 200 characters.' })
  givenName?: string | null;
  @Extensions(SHORT_TEXT)
  @FilterField(reads(() => Child, 'familyName'), () => String, { nullable: true, description: 'Family name; at most 200 characters.' })
  familyName?: string | null;
  @FilterField(reads(() => Child, 'dateOfBirth'), () => GraphQLLocalDate, { nullable: true, description: 'Date of birth (or expected date of birth).' })
  dateOfBirth?: string | null;
  @Extensions(SHORT_TEXT)
  @FilterField(reads(() => ChildAddress, 'postcode'), () => String, { nullable: true, description: 'Postcode of any address, current or past (confidential addresses recorded by other agencies are not searched); at most 200 characters.' })
  postcode?: string | null;
  @FilterField(reads(() => ChildIdentifier, 'value'), () => LocalIdentifierSearch, { nullable: true, description: "A local authority's child id (LAchildID) with the DfE LA code as namespace." })
  laChildId?: LocalIdentifierSearch | null;
  @FilterField(reads(() => ChildIdentifier, 'value'), () => LocalIdentifierSearch, { nullable: true, description: "A police person id with the force code as namespace." })
  policePersonId?: LocalIdentifierSearch | null;
  @FilterField(readsNothing('the stated reason for the search, recorded in the audit log'), () => String, { nullable: true, description: 'Why you are searching (at least 10 characters; audited). Required with an identifier or with given name + family name + date of birth: those searches can find a child outside your row scope.' })
  reason?: string | null;
}

@InputType({ description: "Allocates an involvement with a child to a practitioner or team of your agency or of a partner agency. Only the child's lead agency (the agency that owns the child record) allocates." })
export class AllocateInvolvementInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Code of the agency to involve (e.g. NHS-NORTHSHIRE-CHT); default your own agency.' })
  agencyCode?: string | null;
  @InputField(Classification.SUMMARY, () => InvolvementRole, { description: 'The role in which they will work with the child.' })
  role!: InvolvementRole;
  @InputField(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Start date: default today; not in the future and at most the policy’s backdating window back (docs/access.md).' })
  startedAt?: string | null;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Code of a team of that agency (e.g. 0-19).' })
  teamCode?: string | null;
  @InputField(Classification.SUMMARY, () => ID, { nullable: true, description: 'recordId of a practitioner of that agency.' })
  practitionerId?: string | null;
}

@InputType({ description: "Asks the child's lead agency to involve your agency with the child. Gives no access until the lead agency accepts." })
export class RequestInvolvementInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SUMMARY, () => InvolvementRole, { description: 'The role in which your agency would work with the child.' })
  role!: InvolvementRole;
  @InputField(Classification.SUMMARY, { description: 'Why your agency needs to be involved (shown to the lead agency, kept with the request).' })
  reason!: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Code of a team of your agency.' })
  teamCode?: string | null;
  @InputField(Classification.SUMMARY, () => ID, { nullable: true, description: 'recordId of a practitioner of your agency; default you, when you are a registered practitioner.' })
  practitionerId?: string | null;
}

@InputType({ description: "The lead agency's decision on a pending request for involvement." })
export class DecideInvolvementRequestInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the requested involvement.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => InvolvementDecision, { description: 'Accept or decline.' })
  decision!: InvolvementDecision;
  @InputField(Classification.SUMMARY, { description: 'Why (shown to the requesting agency, kept with the decision).' })
  reason!: string;
}

@InputType({ description: "Ends an involvement: allowed to the agency involved and to the child's lead agency." })
export class EndInvolvementInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the involvement.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read.' })
  expectedVersion!: number;
  @InputField(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'End date (default today; not before the start, not in the future).' })
  endedAt?: string | null;
  @InputField(Classification.SUMMARY, () => InvolvementEndReason, { nullable: true, description: 'Why it ended.' })
  reason?: InvolvementEndReason | null;
}

@InputType({ description: 'Links two child records believed to be the same child.' })
export class LinkChildRecordsInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of one record.' })
  childId!: string;
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the other record.' })
  otherChildId!: string;
  @InputField(Classification.IDENTITY, { description: 'Why you believe they are the same child (recorded on the link).' })
  reason!: string;
}

@InputType({ description: 'Withdraws a link between two child records.' })
export class UnlinkChildRecordsInput {
  @InputField(Classification.IDENTITY, () => ID, { description: 'Global id of the link.' })
  linkId!: string;
  @InputField(Classification.IDENTITY, { description: 'Why the link is withdrawn (recorded on the link).' })
  reason!: string;
}
