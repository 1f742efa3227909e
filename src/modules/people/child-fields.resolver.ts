import { Ctx, Extensions, FieldResolver, ObjectType, Resolver, Root, type FieldOptions } from 'type-graphql';
import { CLASSIFICATION_EXTENSION, Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import { Expose } from '../../access/expose';
import type { HubContext } from '../../server/context';
import { Agency } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { Child } from './child.entity';
import { ChildAddress } from './child-address.entity';
import { ChildDisability } from './child-disability.entity';
import { ChildIdentifier } from './child-identifier.entity';
import { ChildLink } from './child-link.entity';
import { Involvement } from './involvement.entity';
import { FilterArg, reads } from '../../access/input-declarations';

type TypeFn = Parameters<typeof FieldResolver>[0] & ((...a: never[]) => unknown);

/** A field resolver with its confidentiality tier (the resolver-side twin of `@Expose`). */
export function ClassifiedField(tier: Classification, type: TypeFn, opts: FieldOptions & { description: string }): MethodDecorator {
  const field = FieldResolver(type, opts);
  const ext = Extensions({ [CLASSIFICATION_EXTENSION]: tier });
  return (target, key, descriptor) => {
    field(target, key, descriptor);
    ext(target, key, descriptor);
  };
}

@ObjectType({ description: 'Another record of the same child, as asserted by a link.' })
export class LinkedChildRecord {
  @Expose(Classification.IDENTITY, () => ChildLink, { description: 'The link (who made it, when, why; whether withdrawn).' })
  link!: ChildLink;
  @Expose(Classification.IDENTITY, () => Child, { nullable: true, description: 'The other record; null when it is not visible to you.' })
  child!: Child | null;
}

/** The people module's relations of Child, loaded in batches (one query per relation per request). */
@Resolver(() => Child)
export class ChildFieldsResolver {
  @HasMany(Classification.IDENTITY, () => ChildIdentifier, { via: 'child', orderBy: { type: 'asc', validFrom: 'asc' }, description: 'Identifiers (NHS number, UPN, LA child id, police ids...), current and past.' })
  identifiers!: ChildIdentifier[];

  @HasMany(Classification.IDENTITY, () => ChildAddress, { via: 'child', orderBy: { fromDate: 'desc' }, description: 'Addresses, newest first. Confidential (placement, refuge) addresses fall under a stricter access rule.' })
  addresses!: ChildAddress[];

  @HasMany(Classification.SUMMARY, () => ChildDisability, { via: 'child', orderBy: { code: 'asc' }, description: 'DfE disability codes (SUMMARY: every partner needs them to work safely with the child).' })
  disabilities!: ChildDisability[];

  @ClassifiedField(Classification.SUMMARY, () => [Involvement], { description: 'Agencies, teams and practitioners working (or who worked) with the child, newest first.' })
  async involvements(
    @Root() child: Child,
    @Ctx() ctx: HubContext,
    @FilterArg('activeOnly', reads(() => Involvement, 'active'), () => Boolean, { defaultValue: false, description: 'Only current involvements.' }) activeOnly: boolean,
  ): Promise<Involvement[]> {
    const rows = await ctx.loaders.byParent(Involvement, 'child', { startedAt: 'desc' }).load(child.id);
    return activeOnly ? rows.filter((r) => r.active) : rows;
  }

  @ClassifiedField(Classification.IDENTITY, () => [LinkedChildRecord], { description: 'Other records linked to this one as the same child (links show on both records).' })
  async linkedRecords(
    @Root() child: Child,
    @Ctx() ctx: HubContext,
    @FilterArg('includeUnlinked', reads(() => ChildLink, 'active'), () => Boolean, { defaultValue: false, description: 'Also list withdrawn links.' }) includeUnlinked: boolean,
  ): Promise<LinkedChildRecord[]> {
    const [asChild, asOther] = await Promise.all([
      ctx.loaders.byParent(ChildLink, 'child', { linkedAt: 'asc' }).load(child.id),
      ctx.loaders.byParent(ChildLink, 'otherChild', { linkedAt: 'asc' }).load(child.id),
    ]);
    const links = [...asChild, ...asOther].filter((l) => includeUnlinked || l.active).sort((a, b) => a.linkedAt.getTime() - b.linkedAt.getTime());
    const others = await Promise.all(links.map((l) => ctx.loaders.byId(Child).load(l.child.id === child.id ? l.otherChild.id : l.child.id)));
    return links.map((link, i) => Object.assign(new LinkedChildRecord(), { link, child: others[i] ?? null }));
  }
}

@Resolver(() => Involvement)
export class InvolvementFieldsResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', nullable: true, description: 'The child; null when not visible to you.' })
  child!: Child | null;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'agency', description: 'The agency working with the child (owner of the involvement).' })
  agency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'leadAgency', description: "The child's lead agency (owner of the child record), which allocates the involvement or decides the request." })
  leadAgency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => Team, { via: 'team', nullable: true, description: 'The team, when recorded.' })
  team!: Team | null;

  @BelongsTo(Classification.SUMMARY, () => Practitioner, { via: 'practitioner', nullable: true, description: 'The practitioner, when the role is held by a named person.' })
  practitioner!: Practitioner | null;
}

@Resolver(() => ChildLink)
export class ChildLinkFieldsResolver {
  @BelongsTo(Classification.IDENTITY, () => Child, { via: 'child', nullable: true, description: 'The record the link was made from; null when not visible to you.' })
  child!: Child | null;

  @BelongsTo(Classification.IDENTITY, () => Child, { via: 'otherChild', nullable: true, description: 'The record it was linked to; null when not visible to you.' })
  otherChild!: Child | null;
}
