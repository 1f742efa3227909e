import { Arg, Args, Ctx, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { FilterQuery } from '@mikro-orm/core';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { ContactOutcome, ReferralSource } from './codes';
import { Contact } from './contact.entity';
import { Referral } from './referral.entity';
import { after, assignSent, findByGlobalId, notBefore, notBeforeBirth, uuidOf } from './support';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const ContactConnection = Connection(Contact);
const ContactPayload = MutationPayload(Contact, 'ContactMutation');

export enum ContactOrderField {
  CONTACT_AT = 'contactAt',
  UPDATED_AT = 'updatedAt',
}
registerOrderEnum(ContactOrderField, {
  name: 'ContactOrderField',
  description: 'What to sort contacts by.',
  on: () => Contact,
  valuesConfig: { CONTACT_AT: { description: 'When the contact was received.', field: 'contactAt' }, UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' } },
});

@InputType({ description: 'Sort order for contacts.' })
class ContactOrder {
  @FilterField(ORDER_BY_VALUE, () => ContactOrderField, { description: 'Field to sort by.' })
  field!: ContactOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { description: 'Direction.' })
  direction!: SortDirection;
}

@InputType({ description: 'Filters for contacts; all given filters must match.' })
class ContactFilter {
  @FilterField(filters(() => Contact, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only contacts about this child (global id).' })
  childId?: string;
  @FilterField(filters(() => Contact, match.gte('contactAt')), () => GraphQLDateTime, { nullable: true, description: 'Received at or after this instant.' })
  from?: Date;
  @FilterField(filters(() => Contact, match.lte('contactAt')), () => GraphQLDateTime, { nullable: true, description: 'Received at or before this instant.' })
  to?: Date;
  @FilterField(filters(() => Contact, match.in('source')), () => [ReferralSource], { nullable: true, description: 'Only contacts from one of these sources.' })
  sources?: ReferralSource[];
  @FilterField(filters(() => Contact, match.in('outcome')), () => [ContactOutcome], { nullable: true, description: 'Only contacts with one of these outcomes.' })
  outcomes?: ContactOutcome[];
  @FilterField(filters(() => Contact, match.nullWhen('outcome', true)), () => Boolean, { nullable: true, description: 'True: only contacts still awaiting an outcome; false: only decided contacts.' })
  awaitingOutcome?: boolean;
}

@InputType({ description: 'A contact received by the front door.' })
class CreateContactInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the child the contact is about.' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { description: 'When the contact was received.' })
  contactAt!: Date;
  @InputField(Classification.SOCIAL_CARE, () => ReferralSource, { description: 'Who made the contact (DfE source code).' })
  source!: ReferralSource;
  @InputField(Classification.SOCIAL_CARE, () => ContactOutcome, { nullable: true, description: 'What the front door decided; omit while screening.' })
  outcome?: ContactOutcome;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Summary of the concern reported.' })
  summary?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a contact; omitted fields stay as they are, null clears an optional field.' })
class UpdateContactInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the contact.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the contact was received.' })
  contactAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => ReferralSource, { nullable: true, description: 'Who made the contact (DfE source code).' })
  source?: ReferralSource;
  @InputField(Classification.SOCIAL_CARE, () => ContactOutcome, { nullable: true, description: 'What the front door decided.' })
  outcome?: ContactOutcome | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Summary of the concern reported.' })
  summary?: string | null;
}

@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => ContactConnection, { description: 'Contacts to the front door, newest first unless ordered otherwise.' })
  contacts(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('filter', () => ContactFilter, { nullable: true, description: 'Filters; all given must match.' }) filter?: ContactFilter,
    @Arg('orderBy', () => ContactOrder, { nullable: true, description: 'Sort order (default: contactAt descending).' }) orderBy?: ContactOrder,
  ) {
    const where = filterWhere<Contact>(ContactFilter, filter);
    const order = orderBy ?? { field: ContactOrderField.CONTACT_AT, direction: SortDirection.DESC };
    return paginate(ctx, Contact, where as FilterQuery<Contact>, page, { [order.field]: order.direction === SortDirection.ASC ? 'asc' : 'desc' });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the contact is about.' })
  child!: Child;

  @HasMany(Classification.SUMMARY, () => Referral, { via: 'contact', orderBy: { referralDate: 'asc' }, description: 'Referrals that came from this contact.' })
  referrals!: Referral[];

  @Mutation(() => ContactPayload, { description: 'Records a contact received by your front door.' })
  createContact(@Arg('input', { description: 'The new record.' }) input: CreateContactInput, @Ctx() ctx: HubContext): Promise<MutationResult<Contact>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findByGlobalId(em, Child, input.childId, errors, 'childId');
      notBeforeBirth(errors, child, 'contactAt', input.contactAt);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childId: _childId, ...data } = input;
      return createOwned(em, ctx, Contact, { ...data, child: child! }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => ContactPayload, { description: 'Changes a contact your agency owns.' })
  updateContact(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateContactInput, @Ctx() ctx: HubContext): Promise<MutationResult<Contact>> {
    return runMutation(ctx, async (em) => {
      const contact = await loadForUpdate(em, ctx, Contact, uuidOf(input.id, 'Contact') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      const contactAt = after(contact, input, 'contactAt');
      const child = await em.findOne(Child, { id: contact.child.id });
      notBeforeBirth(errors, child, 'contactAt', contactAt);
      const referrals = await em.find(Referral, { contact: contact.id });
      for (const r of referrals) {
        notBefore(errors, 'contactAt', r.referralDate, contactAt, 'A referral made from this contact is dated before the new contact date: the contact must come first.');
      }
      errors.throwIfAny();
      assignSent(contact, input, ['contactAt', 'source', 'outcome', 'summary']);
      return { record: contact };
    });
  }
}
