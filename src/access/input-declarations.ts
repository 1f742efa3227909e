import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { Arg, Extensions, Field, getMetadataStorage, registerEnumType, type FieldOptions } from 'type-graphql';
import { CLASSIFICATION_EXTENSION, Classification } from './classification';

/**
 * What each argument, input field and ordering value of the schema reads or writes, declared beside it
 * (DESIGN §2.1: deny by default, declared once). The role schema (`role-schema.ts`) keeps a filter or
 * ordering only when the role can read the output field it declares, and a mutation input field only
 * when the role may write its tier; the run-time guard refuses the same. Nothing here matches names:
 * a filter called `from` that reads `Referral.referralDate` says so.
 */

export const READS_EXTENSION = 'reads';
export const WRITE_TIER_EXTENSION = 'writeTier';
/** Prefix of the field extensions that carry the declarations of inline `@FilterArg`s until the schema is built. */
export const ARG_READS_PREFIX = 'reads:';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassRef = () => Function;

/**
 * One condition a list filter adds to its query: on the output field `field` of the record type, through
 * the entity property `property` (default: the same name; a path such as `owningAgency.code` for a
 * related record). The argument's value is the operand; `src/reads/filters.ts` turns conditions into the
 * query, so what a filter reads and what it does are one declaration.
 */
export type Condition = { field: string; property?: string } & (
  | { op: 'eq' | 'in' | 'gte' | 'gt' | 'lte' | 'lt' | 'contains' | 'prefix' | 'nullOrGte' }
  | { op: 'id'; type: string }
  | { op: 'nullWhen' | 'existsWhen'; when: unknown }
  | { op: 'is'; value: unknown }
);

/** What a filter, lookup or ordering reads, as declared in code (the target type still a class thunk). */
export type ReadsDeclaration =
  | { kind: 'field'; on: ClassRef; field: string; conditions?: Condition[] }
  | { kind: 'nothing'; why: string; conditions?: Condition[] }
  | { kind: 'perValue' };

/**
 * The same, once the schema is built: the target is the GraphQL type name (see `resolveDeclarations`).
 * A filter whose conditions read several fields names the first as `field` and the others in `more`:
 * a role may use it only when it can read every one.
 */
export type Reads =
  | { kind: 'field'; type: string; field: string; tier: Classification; more?: Array<{ field: string; tier: Classification }>; conditions?: Condition[] }
  | { kind: 'nothing'; why: string; conditions?: Condition[] }
  | { kind: 'perValue' };

/** The argument narrows or orders the result by this output field of that type: the role must be able to read it. */
export function reads(on: ClassRef, field: string): ReadsDeclaration {
  return { kind: 'field', on, field };
}

/**
 * A list filter: the conditions it adds to the list's query, each on an output field of `on`. What it
 * reads is derived from the conditions (every field they name), and so is the query (`filterWhere`).
 */
export function filters(on: ClassRef, ...conditions: [Condition, ...Condition[]]): ReadsDeclaration {
  return { kind: 'field', on, field: conditions[0].field, conditions };
}

/** Conditions for `filters(...)`: `field` is the output field read, `property` the entity path when it differs. */
export const match = {
  /** property = value */
  eq: (field: string, property?: string): Condition => ({ field, property, op: 'eq' }),
  /** property in (values); an empty list filters nothing */
  in: (field: string, property?: string): Condition => ({ field, property, op: 'in' }),
  /** property >= value */
  gte: (field: string, property?: string): Condition => ({ field, property, op: 'gte' }),
  /** property > value */
  gt: (field: string, property?: string): Condition => ({ field, property, op: 'gt' }),
  /** property <= value */
  lte: (field: string, property?: string): Condition => ({ field, property, op: 'lte' }),
  /** property < value */
  lt: (field: string, property?: string): Condition => ({ field, property, op: 'lt' }),
  /** the array property holds value */
  contains: (field: string, property?: string): Condition => ({ field, property, op: 'contains' }),
  /** property starts with the trimmed value, case-insensitively (wildcards in the value are literal); blank filters nothing */
  prefix: (field: string, property?: string): Condition => ({ field, property, op: 'prefix' }),
  /** property is null or >= value (an open-ended period still running on that day) */
  nullOrGte: (field: string, property?: string): Condition => ({ field, property, op: 'nullOrGte' }),
  /** the relation property is the record of this type whose global id (or UUID) is the value; an id of another type matches nothing */
  id: (field: string, type: string, property?: string): Condition => ({ field, property, op: 'id', type }),
  /** property is null when the value equals `when`, not null otherwise */
  nullWhen: (field: string, when: unknown, property?: string): Condition => ({ field, property, op: 'nullWhen', when }),
  /** the collection property has rows when the value equals `when`, none otherwise */
  existsWhen: (field: string, when: unknown, property?: string): Condition => ({ field, property, op: 'existsWhen', when }),
  /** property = a fixed value, whenever the filter is given (a filter that means several conditions) */
  is: (field: string, value: unknown, property?: string): Condition => ({ field, property, op: 'is', value }),
};

/**
 * The argument reads no record data (paging, a sort direction, a date "as of"); say why. A filter on data
 * every reader of the record sees anyway gives its conditions here (their `field` is then the property).
 */
export function readsNothing(why: string, ...conditions: Condition[]): ReadsDeclaration {
  return conditions.length ? { kind: 'nothing', why, conditions } : { kind: 'nothing', why };
}

/** An ordering key whose enum declares, value by value, the field each sorts by (`registerOrderEnum`). */
export const ORDER_BY_VALUE: ReadsDeclaration = { kind: 'perValue' };

type TypeFn = Parameters<typeof Field>[0] & ((...a: never[]) => unknown);
type Opts = FieldOptions & { description: string };

function fieldWithExtension(extension: Record<string, unknown>, typeOrOpts: TypeFn | Opts, maybeOpts?: Opts): PropertyDecorator {
  const [typeFn, opts] = typeof typeOrOpts === 'function' ? [typeOrOpts, maybeOpts!] : [undefined, typeOrOpts];
  const field = typeFn ? Field(typeFn, opts) : Field(opts);
  const ext = Extensions(extension);
  return (target: object, key: string | symbol) => {
    field(target, key);
    ext(target, key);
  };
}

/** List filters by the class that declares them (an input type or `@ArgsType`), property by property. */
const FILTERS = new Map<object, Map<string, Condition[]>>();

/**
 * The filter fields a class declares with `filters(...)`, its parents' included, as property name →
 * conditions. `filterWhere` (src/reads/filters.ts) builds the list's query from them.
 */
export function declaredFilters(cls: object): Map<string, Condition[]> {
  const out = new Map<string, Condition[]>();
  for (let c: object | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const [k, v] of FILTERS.get(c) ?? []) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

/** A field of a filter, lookup or ordering input (or of an `@ArgsType`), with what it reads. */
export function FilterField(what: ReadsDeclaration, typeOrOpts: TypeFn | Opts, maybeOpts?: Opts): PropertyDecorator {
  const decorate = fieldWithExtension({ [READS_EXTENSION]: what }, typeOrOpts, maybeOpts);
  return (target: object, key: string | symbol) => {
    decorate(target, key);
    if (what.kind !== 'perValue' && what.conditions) {
      const own = FILTERS.get(target.constructor) ?? new Map<string, Condition[]>();
      own.set(String(key), what.conditions);
      FILTERS.set(target.constructor, own);
    }
  };
}

/** An inline `@Arg` that filters or orders, with what it reads. */
export function FilterArg(name: string, what: ReadsDeclaration, typeFn: TypeFn, opts: FieldOptions & { description: string }): ParameterDecorator {
  const arg = Arg(name, typeFn, opts);
  return (prototype: object, methodName: string | symbol | undefined, index: number) => {
    arg(prototype, methodName!, index);
    // Parameters cannot carry extensions in type-graphql: park the declaration on the field, keyed by
    // argument name; `resolveDeclarations` moves it onto the argument when the schema is built.
    getMetadataStorage().collectExtensionsFieldMetadata({ target: prototype.constructor, fieldName: String(methodName), extensions: { [`${ARG_READS_PREFIX}${name}`]: what } });
  };
}

/**
 * For the inputs of mutations open to named roles rather than to a write tier (break-glass and its
 * review: `ROOT_FIELD_ROLES`), whose gate is the role itself. Refused anywhere else.
 */
export const ROLE_GATED = 'ROLE_GATED' as const;

/** A field of a mutation input, with the write clearance it needs (the tier of what it writes). */
export function InputField(tier: Classification | typeof ROLE_GATED, typeOrOpts: TypeFn | Opts, maybeOpts?: Opts): PropertyDecorator {
  return fieldWithExtension({ [WRITE_TIER_EXTENSION]: tier }, typeOrOpts, maybeOpts);
}

/** Ordering enums: value name → the field of `on` it sorts by. Read by `resolveDeclarations`. */
const ORDER_ENUMS = new Map<string, { on: ClassRef; fields: Record<string, string> }>();

/**
 * Registers an enum of sort keys with the output field each value sorts by: a role keeps only the
 * values whose field it can read (sorting by a hidden field would leak its order).
 */
export function registerOrderEnum<E extends Record<string, string>>(
  enumObj: E,
  config: { name: string; description: string; on: ClassRef; valuesConfig: { [K in keyof E]: { description: string; field: string } } },
): void {
  registerEnumType(enumObj, {
    name: config.name,
    description: config.description,
    valuesConfig: Object.fromEntries(Object.entries(config.valuesConfig).map(([k, v]) => [k, { description: v.description }])) as never,
  });
  ORDER_ENUMS.set(config.name, { on: config.on, fields: Object.fromEntries(Object.entries(config.valuesConfig).map(([k, v]) => [k, v.field])) });
}

/** The GraphQL name of a decorated class (its `@ObjectType` name, which may differ from the class name). */
export function graphqlNameOf(cls: ClassRef): string {
  const target = cls();
  const storage = getMetadataStorage();
  const meta = [...storage.objectTypes, ...storage.interfaceTypes].find((t) => t.target === target);
  return meta?.name ?? target.name;
}

/**
 * Run once on the built schema: turns each declaration's class thunk into the GraphQL type name and the
 * tier of the field it reads (from that field's `@Expose`, so the tier is declared once), moves inline
 * argument declarations onto their arguments, and puts ordering values' declarations on the values.
 * A declaration naming a type or field the schema does not have fails the build.
 */
export function resolveDeclarations(schema: GraphQLSchema): GraphQLSchema {
  const problems: string[] = [];
  const resolve = (declared: ReadsDeclaration | Reads | undefined, where: string): Reads | undefined => {
    if (!declared || declared.kind !== 'field' || !('on' in declared)) return declared as Reads | undefined;
    const typeName = graphqlNameOf(declared.on);
    const type = schema.getType(typeName);
    const tierOfField = (name: string): Classification | undefined => {
      const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
      const tier = field?.extensions?.[CLASSIFICATION_EXTENSION] as Classification | undefined;
      if (!tier) problems.push(`${where} reads ${typeName}.${name}, which is not a classified field of the schema`);
      return tier;
    };
    const tier = tierOfField(declared.field);
    const others = [...new Set((declared.conditions ?? []).map((c) => c.field))].filter((f) => f !== declared.field);
    const more = others.map((field) => ({ field, tier: tierOfField(field)! }));
    if (!tier || more.some((m) => !m.tier)) return undefined;
    return { kind: 'field', type: typeName, field: declared.field, tier, ...(more.length ? { more } : {}), ...(declared.conditions ? { conditions: declared.conditions } : {}) };
  };
  const withReads = <T extends { extensions?: Readonly<Record<string, unknown>> | null }>(config: T, declared: ReadsDeclaration | Reads | undefined, where: string): T => {
    const resolved = resolve(declared, where);
    return resolved ? { ...config, extensions: { ...config.extensions, [READS_EXTENSION]: resolved } } : config;
  };
  const resolved = mapSchema(schema, {
    [MapperKind.COMPOSITE_FIELD]: (config, fieldName, typeName) => {
      const ext = config.extensions ?? {};
      const parked = Object.keys(ext).filter((k) => k.startsWith(ARG_READS_PREFIX));
      const args = Object.fromEntries(
        Object.entries(config.args ?? {}).map(([name, arg]) => {
          const declared = (ext[`${ARG_READS_PREFIX}${name}`] ?? arg.extensions?.[READS_EXTENSION]) as ReadsDeclaration | undefined;
          return [name, withReads(arg, declared, `${typeName}.${fieldName}(${name})`)];
        }),
      );
      for (const key of parked) if (!(key.slice(ARG_READS_PREFIX.length) in args)) problems.push(`${typeName}.${fieldName}: @FilterArg for an argument it does not have (${key})`);
      return { ...config, args, extensions: Object.fromEntries(Object.entries(ext).filter(([k]) => !k.startsWith(ARG_READS_PREFIX))) };
    },
    [MapperKind.INPUT_OBJECT_FIELD]: (own, fieldName, typeName) => {
      const config = own.extensions?.[READS_EXTENSION] || own.extensions?.[WRITE_TIER_EXTENSION] ? own : { ...own, extensions: { ...own.extensions, ...inheritedExtensions(typeName, fieldName) } };
      return withReads(config, config.extensions?.[READS_EXTENSION] as ReadsDeclaration | undefined, `${typeName}.${fieldName}`);
    },
    [MapperKind.ENUM_VALUE]: (config, typeName, _schema, externalValue) => {
      const ordering = ORDER_ENUMS.get(typeName);
      const field = ordering?.fields[externalValue];
      return ordering && field ? withReads(config, reads(ordering.on, field), `${typeName}.${externalValue}`) : config;
    },
  });
  if (problems.length) throw new Error(`Input declarations that do not match the schema:\n${problems.join('\n')}`);
  return resolved;
}

/**
 * type-graphql copies a field an input type inherits from its parent input type without the field's
 * extensions; take them from the nearest ancestor that declares the field.
 */
function inheritedExtensions(typeName: string, fieldName: string): Record<string, unknown> {
  const storage = getMetadataStorage();
  const own = storage.inputTypes.find((t) => t.name === typeName);
  for (let cls = own && Object.getPrototypeOf(own.target); cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
    const field = storage.inputTypes.find((t) => t.target === cls)?.fields?.find((f) => f.name === fieldName);
    if (field?.extensions && Object.keys(field.extensions).length) return field.extensions;
  }
  return {};
}
