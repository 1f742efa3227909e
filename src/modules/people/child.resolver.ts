import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../server/context';
import { childInRowScope } from '../../access/row-scope';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { assertOwnedByCaller, createOwned, findRetried, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ChildDisability } from './child-disability.entity';
import { ChildIdentifier } from './child-identifier.entity';
import { AddressType, ChildOrderField, DisabilityCode } from './codes';
import { AddChildAddressInput, AddChildIdentifierInput, ChildAddressInput, ChildFilter, ChildOrder, CreateChildInput, UpdateChildInput } from './inputs';
import { checkAddress, checkChildDates, checkDisabilities, checkIdentifier, type NormalisedIdentifier } from './validation';
import { filterWhere } from '../../reads/filters';
import { checkIdentifiersFree, findChildOrFail, flushOrDuplicate, idOf, newOwnedRow } from './write';

const ChildConnection = Connection(Child);
const ChildPayload = MutationPayload(Child, 'ChildMutation');
const ChildIdentifierPayload = MutationPayload(ChildIdentifier, 'AddChildIdentifier');
const ChildAddressPayload = MutationPayload(ChildAddress, 'AddChildAddress');

const DUPLICATE_IDENTIFIER = 'Another child record of your agency already holds this identifier.';

const ORDER_COLUMNS: Record<ChildOrderField, string[]> = {
  [ChildOrderField.FAMILY_NAME]: ['familyName', 'givenName'],
  [ChildOrderField.DATE_OF_BIRTH]: ['birthSortDate'],
  [ChildOrderField.UPDATED_AT]: ['updatedAt'],
};

/** Address row data (confidential defaults: PLACEMENT and REFUGE true; REFUGE always). */
function addressData(a: ChildAddressInput, postcode: string | null): Record<string, unknown> {
  const confidential = a.addressType === AddressType.REFUGE ? true : (a.confidential ?? a.addressType === AddressType.PLACEMENT);
  return { addressType: a.addressType, line1: a.line1.trim(), line2: a.line2 ?? null, town: a.town ?? null, postcode, uprn: a.uprn ?? null, fromDate: a.fromDate ?? null, toDate: a.toDate ?? null, confidential };
}

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => ChildConnection, {
    description:
      "Children in your row scope (your agency's involvement, records it owns, or your break-glass grant), filtered and ordered (default: most recently changed first). Children outside it are found only by findChildren with an exact identifier or exact identifying details.",
  })
  children(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('filter', () => ChildFilter, { nullable: true, description: 'Filters; all given ones apply.' }) filter?: ChildFilter | null,
    @Arg('orderBy', () => ChildOrder, { nullable: true, description: 'Sort order (default UPDATED_AT DESC).' }) orderBy?: ChildOrder | null,
  ) {
    // Being on the list is itself sensitive (known to social care): only children in row scope, in SQL,
    // so totalCount and cursors count the same rows.
    const where = { ...childInRowScope({ agencyId: ctx.agencyId, subject: ctx.principal.subject }), ...filterWhere(ChildFilter, filter) };
    const field = orderBy?.field ?? ChildOrderField.UPDATED_AT;
    const dir = (orderBy ? (orderBy.direction ?? SortDirection.ASC) : SortDirection.DESC) === SortDirection.ASC ? 'asc' : 'desc';
    const order = Object.fromEntries(ORDER_COLUMNS[field].map((c) => [c, dir])) as Record<string, 'asc' | 'desc'>;
    if (field === ChildOrderField.FAMILY_NAME) {
      // givenName may be null (unborn): keyset cursors cannot page across nulls, so order by family name only.
      delete order.givenName;
    }
    return paginate(ctx, Child, where as FilterQuery<Child>, page, order);
  }

  @Mutation(() => ChildPayload, { description: 'Records a child (or unborn child) known to your agency, with identifiers, addresses and disabilities: all are saved, or (with userErrors) none.' })
  createChild(@Arg('input', () => CreateChildInput, { description: 'What to record; see the input type.' }) input: CreateChildInput, @Ctx() ctx: HubContext): Promise<MutationResult<Child>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (!input.familyName?.trim()) errors.add('familyName', UserErrorCode.REQUIRED, 'Give a family name (for an unborn child, the mother’s family name).');
      checkChildDates(errors, input, input);
      const identifiers: { identifier: NormalisedIdentifier; path: string[] }[] = [];
      (input.identifiers ?? []).forEach((i, n) => {
        const path = ['input', 'identifiers', String(n)];
        const ok = checkIdentifier(errors, i, path);
        if (ok) identifiers.push({ identifier: ok, path });
      });
      const postcodes = (input.addresses ?? []).map((a, n) => checkAddress(errors, a, ['input', 'addresses', String(n)]).postcode);
      const disabilities = checkDisabilities(errors, input.disabilities ?? [], ['input', 'disabilities']);
      if (disabilities.length && !input.dateOfBirth) errors.add(['input', 'disabilities'], UserErrorCode.INVALID_STATE, 'Disabilities are not recorded for an unborn child.');
      errors.throwIfAny();
      // A retry gets its record back before its identifiers are found "already held" (by that record).
      const retried = await findRetried(em, ctx, Child, input);
      if (retried) return { record: retried, created: false };
      await checkIdentifiersFree(em, ctx, errors, identifiers);
      errors.throwIfAny();

      const { sourceSystem, sourceRecordId, identifiers: _i, addresses, disabilities: _d, ...fields } = input;
      const data = Object.fromEntries(Object.entries({ ...fields, familyName: input.familyName.trim(), isUasc: input.isUasc ?? false }).filter(([, v]) => v !== undefined));
      const result = await createOwned(em, ctx, Child, data as never, { sourceSystem, sourceRecordId });
      if (!result.created) return result;
      const child = result.record;
      for (const { identifier } of identifiers) newOwnedRow(em, ctx, ChildIdentifier, { child, ...identifier });
      (addresses ?? []).forEach((a, n) => newOwnedRow(em, ctx, ChildAddress, { child, ...addressData(a, postcodes[n]!) }));
      for (const code of disabilities) newOwnedRow(em, ctx, ChildDisability, { child, code });
      await flushOrDuplicate(em, ['input', 'identifiers'], DUPLICATE_IDENTIFIER);
      return result;
    });
  }

  @Mutation(() => ChildPayload, { description: 'Changes a child record your agency owns (omitted fields are kept; disabilities, when given, replace the set).' })
  updateChild(@Arg('input', () => UpdateChildInput, { description: 'What to record; see the input type.' }) input: UpdateChildInput, @Ctx() ctx: HubContext): Promise<MutationResult<Child>> {
    return runMutation(ctx, async (em) => {
      const child = await loadForUpdate(em, ctx, Child, idOf(input.id), input.expectedVersion);
      const errors = new ErrorCollector();
      const pick = <K extends keyof Child>(k: K, v: unknown): unknown => (v === undefined ? child[k] : v);
      const after = {
        dateOfBirth: pick('dateOfBirth', input.dateOfBirth) as string | null,
        expectedDateOfBirth: pick('expectedDateOfBirth', input.expectedDateOfBirth) as string | null,
        dateOfDeath: pick('dateOfDeath', input.dateOfDeath) as string | null,
        uascStatusStartDate: pick('uascStatusStartDate', input.uascStatusStartDate) as string | null,
        uascStatusEndDate: pick('uascStatusEndDate', input.uascStatusEndDate) as string | null,
      };
      // An unborn child being born keeps its expected date as history: only a newly sent one is checked against the date of birth.
      checkChildDates(errors, after, input);
      if (input.familyName !== undefined && !input.familyName?.trim()) errors.add('familyName', UserErrorCode.REQUIRED, 'The family name cannot be cleared.');
      const disabilities = input.disabilities ? checkDisabilities(errors, input.disabilities, ['input', 'disabilities']) : null;
      errors.throwIfAny();

      const simple = ['givenName', 'preferredName', 'sex', 'gender', 'ethnicity', 'dateOfBirth', 'expectedDateOfBirth', 'dateOfDeath', 'uascStatusStartDate', 'uascStatusEndDate'] as const;
      for (const k of simple) if (input[k] !== undefined) (child as unknown as Record<string, unknown>)[k] = input[k];
      if (input.familyName?.trim()) child.familyName = input.familyName.trim();
      if (input.isUasc !== undefined && input.isUasc !== null) child.isUasc = input.isUasc;
      if (disabilities) await replaceDisabilities(em, ctx, child, disabilities);
      return { record: child };
    });
  }

  @Mutation(() => ChildIdentifierPayload, { description: 'Adds an identifier to a child record your agency owns (validated; DUPLICATE when another live record of your agency holds it).' })
  addChildIdentifier(@Arg('input', () => AddChildIdentifierInput, { description: 'What to record; see the input type.' }) input: AddChildIdentifierInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildIdentifier>> {
    return runMutation(ctx, async (em) => {
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      assertOwnedByCaller(ctx, child);
      const errors = new ErrorCollector();
      const path = ['input', 'identifier'];
      const identifier = checkIdentifier(errors, input.identifier, path);
      errors.throwIfAny();
      await checkIdentifiersFree(em, ctx, errors, [{ identifier: identifier!, path }], child.id);
      const existing = await em.findOne(ChildIdentifier, { child, type: identifier!.type, namespace: identifier!.namespace, value: identifier!.value, validTo: null });
      if (existing) errors.add([...path, 'value'], UserErrorCode.DUPLICATE, 'This child record already holds this identifier.');
      errors.throwIfAny();
      const row = newOwnedRow(em, ctx, ChildIdentifier, { child, ...identifier });
      await flushOrDuplicate(em, [...path, 'value'], DUPLICATE_IDENTIFIER);
      return { record: row, created: true };
    });
  }

  @Mutation(() => ChildAddressPayload, { description: 'Adds an address (current or past) to a child record your agency owns.' })
  addChildAddress(@Arg('input', () => AddChildAddressInput, { description: 'What to record; see the input type.' }) input: AddChildAddressInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildAddress>> {
    return runMutation(ctx, async (em) => {
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      assertOwnedByCaller(ctx, child);
      const errors = new ErrorCollector();
      const { postcode } = checkAddress(errors, input.address, ['input', 'address']);
      errors.throwIfAny();
      const row = newOwnedRow(em, ctx, ChildAddress, { child, ...addressData(input.address, postcode) });
      return { record: row, created: true };
    });
  }
}

/** Makes the child's live disability rows equal `codes` (removed ones are soft-deleted). */
async function replaceDisabilities(em: EntityManager, ctx: HubContext, child: Child, codes: DisabilityCode[]): Promise<void> {
  const current = await em.find(ChildDisability, { child });
  const keep = new Set(codes);
  for (const row of current) {
    if (!keep.has(row.code)) {
      row.deletedAt = new Date();
      row.updatedBy = ctx.principal.subject;
    }
  }
  const have = new Set(current.map((r) => r.code));
  for (const code of codes) if (!have.has(code)) newOwnedRow(em, ctx, ChildDisability, { child, code });
  await em.flush();
}
