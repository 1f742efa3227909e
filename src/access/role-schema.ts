import {
  getNamedType,
  GraphQLNonNull,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldConfig,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLSchema,
} from 'graphql';
import { mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import { CLASSIFICATION_EXTENSION, Classification } from './classification';
import { canRead, canWrite } from './policy';
import type { Role } from './principal';
import { ROOT_FIELD_ROLES, writeTierOf } from './write-tiers';
import { READS_EXTENSION, ROLE_GATED, WRITE_TIER_EXTENSION, type Reads } from './input-declarations';

/**
 * Schema per role (DESIGN §2.2 a), derived from the one policy: a role's schema holds only the types
 * and fields it can ever read, and only the mutations whose record type it may write. Introspection
 * shows nothing more, and a document naming a hidden field fails validation as if it did not exist.
 */

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

export function tierOf(field: { extensions?: Record<string, unknown> | null }): Classification | undefined {
  return field.extensions?.[CLASSIFICATION_EXTENSION] as Classification | undefined;
}

/**
 * Types a role can see: greatest fixpoint of "has a readable field that is not mere PUBLIC plumbing,
 * or consists of PUBLIC fields only (reference data)". A field is readable when its tier is cleared and
 * its type (if composite) is itself visible.
 */
export function visibleTypeNames(schema: GraphQLSchema, roles: readonly Role[]): Set<string> {
  const candidates = Object.values(schema.getTypeMap()).filter((t) => (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith('__') && !ROOTS.has(t.name));
  const visible = new Set(candidates.map((t) => t.name));
  let changed = true;
  while (changed) {
    changed = false;
    for (const type of candidates) {
      if (!visible.has(type.name)) continue;
      const fields = Object.values((type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields());
      const readable = fields.filter((f) => fieldReadable(f, roles, visible));
      const allPublic = fields.every((f) => tierOf(f) === Classification.PUBLIC);
      const keeps = allPublic ? readable.length > 0 : readable.some((f) => tierOf(f) !== Classification.PUBLIC);
      if (!keeps) {
        visible.delete(type.name);
        changed = true;
      }
    }
  }
  return visible;
}

function fieldReadable(field: GraphQLField<unknown, unknown> | GraphQLFieldConfig<unknown, unknown>, roles: readonly Role[], visible: Set<string>): boolean {
  const tier = tierOf(field);
  if (!tier || !canRead(roles, tier)) return false;
  const named = getNamedType(field.type);
  return !isCompositeType(named) || visible.has(named.name);
}

/** The record type a mutation returns in its payload's `record` field, if any. */
export function mutationRecordType(field: GraphQLField<unknown, unknown> | GraphQLFieldConfig<unknown, unknown>): string | undefined {
  const payload = getNamedType(field.type);
  if (!isObjectType(payload)) return undefined;
  const record = payload.getFields().record;
  return record ? getNamedType(record.type).name : undefined;
}

/** May these roles run this mutation? Deny by default: a record type without a write tier is writable by nobody. */
export function mutationAllowed(field: GraphQLField<unknown, unknown> | GraphQLFieldConfig<unknown, unknown>, fieldName: string, roles: readonly Role[]): boolean {
  const named = ROOT_FIELD_ROLES[fieldName];
  if (named) return roles.some((r) => named.includes(r));
  const tier = writeTierOf(fieldName, mutationRecordType(field));
  return !!tier && canWrite(roles, tier);
}

/** What an argument or input field reads, once the schema is built (`resolveDeclarations`). */
export function readsOf(value: { extensions?: Record<string, unknown> | null }): Reads | undefined {
  return value.extensions?.[READS_EXTENSION] as Reads | undefined;
}

/** The write clearance a mutation input field needs (`@InputField`). */
export function inputWriteTierOf(value: { extensions?: Record<string, unknown> | null }): Classification | typeof ROLE_GATED | undefined {
  return value.extensions?.[WRITE_TIER_EXTENSION] as Classification | typeof ROLE_GATED | undefined;
}

type InputValue = GraphQLArgument | GraphQLInputField;

/** May these roles use this argument, input field or ordering value? Every declared constraint must hold. */
export function inputAllowed(value: { extensions?: Record<string, unknown> | null }, roles: readonly Role[]): boolean {
  const read = readsOf(value);
  if (read?.kind === 'field' && ![read, ...(read.more ?? [])].every((r) => canRead(roles, r.tier))) return false;
  const write = inputWriteTierOf(value);
  return !write || write === ROLE_GATED || canWrite(roles, write);
}

/**
 * Every argument of every field, every input field and ordering value reachable from them, that lacks
 * its declaration (deny by default). Arguments of queries and object fields must say what they read
 * (an input object holding filters is a container: its fields say it); mutation input fields must say
 * their write tier; an ordering key declared ORDER_BY_VALUE needs every value of its enum declared.
 */
export function undeclaredInputs(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  type Position = 'read' | 'write' | 'roleGated';
  const visitType = (value: InputValue, path: string, position: Position) => {
    const named = getNamedType(value.type);
    const read = readsOf(value);
    if (read?.kind === 'perValue') {
      if (!isEnumType(named)) problems.push(`${path}: declared ORDER_BY_VALUE but ${named.name} is not an enum`);
      else for (const v of named.getValues()) if (readsOf(v)?.kind !== 'field') problems.push(`${named.name}.${v.name}: ordering value without the field it sorts by (registerOrderEnum)`);
    }
    if (!isInputObjectType(named) || seen.has(`${position}:${named.name}`)) return;
    seen.add(`${position}:${named.name}`);
    for (const f of Object.values(named.getFields())) visitValue(f, `${named.name}.${f.name}`, position, false);
  };
  const visitValue = (value: InputValue, path: string, position: Position, isArgument: boolean) => {
    const container = isInputObjectType(getNamedType(value.type));
    const write = inputWriteTierOf(value);
    if (position === 'read') {
      if (!readsOf(value) && !container) problems.push(`${path}: argument without the field it reads (@FilterField, @FilterArg, readsNothing)`);
    } else if (!write && !(isArgument && container)) problems.push(`${path}: mutation input without a write tier (@InputField)`);
    else if (write === ROLE_GATED && position !== 'roleGated') problems.push(`${path}: ROLE_GATED outside a mutation open to named roles (ROOT_FIELD_ROLES)`);
    visitType(value, path, position);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const position: Position = type.name !== 'Mutation' ? 'read' : ROOT_FIELD_ROLES[field.name] ? 'roleGated' : 'write';
      for (const arg of field.args) visitValue(arg, `${type.name}.${field.name}(${arg.name})`, position, true);
    }
  }
  return problems;
}

/**
 * The arguments, input fields and ordering values a role may not use: a filter on a field it cannot
 * read would let it probe that field's values, an ordering would leak their order, and a mutation input
 * above its write clearance would let it write what it may not. A required one takes its holder with
 * it: an input object with a refused required field is unusable, and a field whose required argument
 * is refused or unusable is removed (for a mutation: the whole mutation is absent from the role schema).
 */
function refusedInputs(schema: GraphQLSchema, roles: readonly Role[]): { args: Set<string>; fields: Set<string>; inputFields: Set<string>; enumValues: Set<string> } {
  const enumValues = new Set<string>();
  const unusable = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isEnumType(type) || type.name.startsWith('__')) continue;
    const values = type.getValues();
    for (const v of values) if (!inputAllowed(v, roles)) enumValues.add(`${type.name}.${v.name}`);
    if (values.length && values.every((v) => enumValues.has(`${type.name}.${v.name}`))) unusable.add(type.name);
  }
  const inputObjects = Object.values(schema.getTypeMap()).filter((t): t is GraphQLInputObjectType => isInputObjectType(t) && !t.name.startsWith('__'));
  const usable = (value: InputValue) => inputAllowed(value, roles) && !unusable.has(getNamedType(value.type).name);
  let changed = true;
  while (changed) {
    changed = false;
    for (const type of inputObjects) {
      if (unusable.has(type.name)) continue;
      const fields = Object.values(type.getFields());
      if (fields.some((f) => isNonNullType(f.type) && !usable(f)) || !fields.some(usable)) {
        unusable.add(type.name);
        changed = true;
      }
    }
  }
  const inputFields = new Set<string>();
  for (const type of inputObjects) for (const f of Object.values(type.getFields())) if (!usable(f)) inputFields.add(`${type.name}.${f.name}`);
  const args = new Set<string>();
  const fields = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        if (usable(arg)) continue;
        if (isNonNullType(arg.type)) fields.add(`${type.name}.${field.name}`);
        else args.add(`${type.name}.${field.name}.${arg.name}`);
      }
    }
  }
  return { args, fields, inputFields, enumValues };
}

export function schemaForRoles(schema: GraphQLSchema, roles: readonly Role[]): GraphQLSchema {
  const undeclared = undeclaredInputs(schema);
  if (undeclared.length) throw new Error(`Undeclared arguments or input fields (deny by default):\n${undeclared.join('\n')}`);
  const visible = visibleTypeNames(schema, roles);
  const refused = refusedInputs(schema, roles);
  const withoutRefusedArgs = (config: GraphQLFieldConfig<unknown, unknown>, fieldName: string, typeName: string) => {
    if (refused.fields.has(`${typeName}.${fieldName}`)) return null;
    const args = Object.entries(config.args ?? {});
    return args.some(([a]) => refused.args.has(`${typeName}.${fieldName}.${a}`))
      ? { ...config, args: Object.fromEntries(args.filter(([a]) => !refused.args.has(`${typeName}.${fieldName}.${a}`))) }
      : config;
  };
  const mapped = mapSchema(schema, {
    [MapperKind.INPUT_OBJECT_FIELD]: (config, fieldName, typeName) => (refused.inputFields.has(`${typeName}.${fieldName}`) ? null : config),
    [MapperKind.ENUM_VALUE]: (config, typeName, _schema, externalValue) => (refused.enumValues.has(`${typeName}.${externalValue}`) ? null : config),
    [MapperKind.COMPOSITE_TYPE]: (type) => (ROOTS.has(type.name) || visible.has(type.name) || !(isObjectType(type) || isInterfaceType(type)) ? type : null),
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => (fieldReadable(config, roles, visible) ? withoutRefusedArgs(config, fieldName, typeName) : null),
    [MapperKind.INTERFACE_FIELD]: (config) => (fieldReadable(config, roles, visible) ? config : null),
    [MapperKind.QUERY_ROOT_FIELD]: (config, fieldName) => {
      const only = ROOT_FIELD_ROLES[fieldName];
      if (only && !roles.some((r) => only.includes(r))) return null;
      const named = getNamedType(config.type);
      if (isCompositeType(named)) return visible.has(named.name) ? withoutRefusedArgs(config, fieldName, 'Query') : null;
      const tier = tierOf(config);
      return !tier || canRead(roles, tier) ? withoutRefusedArgs(config, fieldName, 'Query') : null;
    },
    [MapperKind.MUTATION_ROOT_FIELD]: (config, fieldName) =>
      mutationAllowed(config, fieldName, roles) && visible.has(getNamedType(config.type).name) ? withoutRefusedArgs(config, fieldName, 'Mutation') : null,
  });
  return pruneSchema(mapped);
}

/**
 * Defence in depth for the role schema: the argument values of a field that a role may not use (a
 * filter on a field it cannot read, a mutation input above its write clearance, anything undeclared),
 * as paths; empty when all is allowed. The field guard refuses the whole field on any.
 */
export function refusedArgumentValues(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, roles: readonly Role[], write: boolean): string[] {
  const refused: string[] = [];
  const check = (value: InputValue, given: unknown, path: string, isArgument: boolean) => {
    if (given === undefined) return;
    const named = getNamedType(value.type);
    const container = isInputObjectType(named);
    const declared = write ? !!inputWriteTierOf(value) || (isArgument && container) : !!readsOf(value) || container;
    if (!declared || !inputAllowed(value, roles)) {
      refused.push(path);
      return;
    }
    const items = Array.isArray(given) ? given : [given];
    if (readsOf(value)?.kind === 'perValue' && isEnumType(named)) {
      for (const item of items) {
        const v = named.getValues().find((e) => e.value === item);
        if (!v || readsOf(v)?.kind !== 'field' || !inputAllowed(v, roles)) refused.push(`${path}=${String(item)}`);
      }
    }
    if (!container) return;
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      for (const [key, sub] of Object.entries(item as Record<string, unknown>)) {
        const f = named.getFields()[key];
        if (f) check(f, sub, `${path}.${key}`, false);
      }
    }
  };
  for (const arg of field.args) check(arg, args[arg.name], arg.name, true);
  return refused;
}

/** Fields denied per row at run time resolve to null with an error, so they must be nullable. */
export function relaxDetailFields(schema: GraphQLSchema, deniedPerRow: (tier: Classification | undefined, typeName: string, fieldName: string) => boolean): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.COMPOSITE_FIELD]: (config, fieldName, typeName) => (deniedPerRow(tierOf(config), typeName, fieldName) && config.type instanceof GraphQLNonNull ? { ...config, type: config.type.ofType } : config),
  });
}
