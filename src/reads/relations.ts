import type { EntityClass } from '@mikro-orm/core';
import { Ctx, Extensions, FieldResolver, Root } from 'type-graphql';
import { getMetadataStorage } from 'type-graphql';
import { CLASSIFICATION_EXTENSION, type Classification } from '../access/classification';
import type { HubContext } from '../server/context';

/**
 * Relations between record types, declared once as data: which entity a field leads to, through which
 * foreign key, in which order. The declaration is the field's whole definition: the GraphQL field (type,
 * description, tier), its resolver through the request's DataLoaders, and the lateral sub-select the
 * compiled read path builds (src/reads/compile.ts) are all derived from it, so the two paths cannot
 * disagree on which rows a relation returns.
 *
 * Use as a property decorator inside a `@Resolver(() => Parent)` class:
 *   @HasMany(Classification.SUMMARY, () => Referral, { via: 'child', orderBy: { referralDate: 'desc' }, description })
 *   referrals!: Referral[];
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = EntityClass<any>;

export interface HasManyDeclaration {
  kind: 'HAS_MANY';
  tier: Classification;
  target: () => AnyEntity;
  /** The target's to-one property pointing back at the parent (its foreign key). */
  via: string;
  /** The list's order; the primary key ascending always ends it. */
  orderBy: Record<string, 'asc' | 'desc'>;
  /** Only the first record in that order (a one-to-zero-or-one relation stored as a child row), or null. */
  first: boolean;
}

export interface BelongsToDeclaration {
  kind: 'BELONGS_TO';
  tier: Classification;
  target: () => AnyEntity;
  /** The parent's to-one property (its foreign key column) naming the target. */
  via: string;
  nullable: boolean;
}

export type RelationDeclaration = HasManyDeclaration | BelongsToDeclaration;

interface Declared {
  resolverClass: Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  field: string;
  declaration: RelationDeclaration;
}
const declared: Declared[] = [];

type RelationOptions = { description: string; nullable?: boolean };

function declare(decl: RelationDeclaration, returnType: () => unknown, opts: RelationOptions, resolve: (root: Record<string, unknown>, ctx: HubContext) => Promise<unknown> | unknown): PropertyDecorator {
  return (prototype, key) => {
    if (typeof key === 'symbol') throw new Error('Relations are declared on named fields.');
    Object.defineProperty(prototype, key, { value: resolve, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
    FieldResolver(returnType as never, { description: opts.description, nullable: opts.nullable })(prototype, key, descriptor);
    Extensions({ [CLASSIFICATION_EXTENSION]: decl.tier })(prototype, key, descriptor);
    Root()(prototype, key, 0);
    Ctx()(prototype, key, 1);
    declared.push({ resolverClass: prototype.constructor, field: key, declaration: decl });
  };
}

const idOf = (ref: unknown): string | undefined => (ref as { id?: string } | null | undefined)?.id;

/** A list of the target records pointing at this one (`via` is the target's foreign key). */
export function HasMany(tier: Classification, target: () => AnyEntity, opts: RelationOptions & { via: string; orderBy?: Record<string, 'asc' | 'desc'> }): PropertyDecorator {
  const decl: HasManyDeclaration = { kind: 'HAS_MANY', tier, target, via: opts.via, orderBy: opts.orderBy ?? {}, first: false };
  return declare(decl, () => [target()], opts, (root, ctx) => ctx.loaders.byParent(target(), opts.via as never, decl.orderBy).load(root.id as string));
}

/** The first target record pointing at this one in `orderBy` order, or null (e.g. an episode's return home interview). */
export function HasFirst(tier: Classification, target: () => AnyEntity, opts: RelationOptions & { via: string; orderBy?: Record<string, 'asc' | 'desc'> }): PropertyDecorator {
  const decl: HasManyDeclaration = { kind: 'HAS_MANY', tier, target, via: opts.via, orderBy: opts.orderBy ?? {}, first: true };
  return declare(decl, target, { ...opts, nullable: true }, async (root, ctx) => (await ctx.loaders.byParent(target(), opts.via as never, decl.orderBy).load(root.id as string))[0] ?? null);
}

/** The record this one points at through its `via` property; null when there is none or it is not visible. */
export function BelongsTo(tier: Classification, target: () => AnyEntity, opts: RelationOptions & { via: string }): PropertyDecorator {
  const decl: BelongsToDeclaration = { kind: 'BELONGS_TO', tier, target, via: opts.via, nullable: opts.nullable ?? false };
  return declare(decl, target, opts, (root, ctx) => {
    const id = idOf(root[opts.via]);
    return id ? ctx.loaders.byId(target()).load(id) : null;
  });
}

type FieldResolverMeta = ReturnType<typeof getMetadataStorage>['fieldResolvers'][number];
let resolverIndex: Map<string, FieldResolverMeta> | undefined;
/**
 * type-graphql's field resolver behind `typeName.fieldName`, if any (indexed once; read after the schema is
 * built, when each resolver knows its object type). Shared by the relation, SQL-twin and compiler look-ups.
 */
export function fieldResolverOf(typeName: string, fieldName: string): FieldResolverMeta | undefined {
  if (!resolverIndex) {
    resolverIndex = new Map();
    for (const f of getMetadataStorage().fieldResolvers) {
      const parent = (f as { getObjectType?: () => Function }).getObjectType?.(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type
      if (parent) resolverIndex.set(`${parent.name}.${f.schemaName}`, f);
    }
  }
  return resolverIndex.get(`${typeName}.${fieldName}`);
}

let index: Map<string, Map<string, RelationDeclaration>> | undefined;

/**
 * The declared relation behind `typeName.fieldName`, if any. Read after the schema is built (type-graphql
 * then knows which object type each resolver class extends).
 */
export function relationOf(typeName: string, fieldName: string): RelationDeclaration | undefined {
  if (!index) {
    const built = new Map<string, Map<string, RelationDeclaration>>();
    const storage = getMetadataStorage();
    for (const d of declared) {
      const meta = storage.fieldResolvers.find((f) => f.target === d.resolverClass && f.methodName === d.field);
      const parent = (meta as { getObjectType?: () => Function } | undefined)?.getObjectType?.(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type
      if (!meta || !parent) throw new Error(`Relation ${d.resolverClass.name}.${d.field}: its resolver class has no @Resolver(() => Type), or the schema is not built yet.`);
      const byField = built.get(parent.name) ?? new Map<string, RelationDeclaration>();
      byField.set(meta.schemaName, d.declaration);
      built.set(parent.name, byField);
    }
    index = built;
  }
  return index.get(typeName)?.get(fieldName);
}
