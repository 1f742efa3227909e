import { getNamedType, GraphQLNonNull, isCompositeType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLFieldConfig, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import { CLASSIFICATION_EXTENSION, Classification } from './classification';
import { canRead, canWrite } from './policy';
import type { Role } from './principal';
import { ROOT_FIELD_ROLES, writeTierOf } from './write-tiers';

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

/**
 * Filter and ordering inputs of each list, mapped to the node type they filter: a filter or sort key
 * named after a field the role cannot read would let it probe that field's values, so it is removed.
 */
function unreadableFilterKeys(schema: GraphQLSchema, roles: readonly Role[]): { inputFields: Set<string>; enumValues: Set<string>; args: Set<string> } {
  const inputFields = new Set<string>();
  const enumValues = new Set<string>();
  const args = new Set<string>();
  const camel = (v: string) => v.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  const hidden = (node: GraphQLObjectType, name: string) => {
    const f = node.getFields()[name];
    return !!f && !canRead(roles, tierOf(f)!);
  };
  const roots = [schema.getQueryType(), ...Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'))];
  for (const owner of roots) {
    if (!owner || !isObjectType(owner)) continue;
    for (const field of Object.values(owner.getFields())) {
      let node = getNamedType(field.type);
      if (isObjectType(node) && node.getFields().nodes) node = getNamedType(node.getFields().nodes!.type);
      if (!isObjectType(node) || !field.args.length) continue;
      for (const arg of field.args) {
        const argType = getNamedType(arg.type);
        if (hidden(node, arg.name) && !(arg.type instanceof GraphQLNonNull)) args.add(`${owner.name}.${field.name}.${arg.name}`);
        const enums = isEnumType(argType) ? [argType] : [];
        if (isInputObjectType(argType)) {
          for (const f of Object.values(argType.getFields())) {
            if (hidden(node, f.name) && !(f.type instanceof GraphQLNonNull)) inputFields.add(`${argType.name}.${f.name}`);
            const ft = getNamedType(f.type);
            if (isEnumType(ft) && /order|sort/i.test(f.name)) enums.push(ft);
          }
        }
        for (const e of enums) if (/order|sort/i.test(`${arg.name} ${e.name}`)) for (const v of e.getValues()) if (hidden(node, camel(v.name))) enumValues.add(`${e.name}.${v.name}`);
      }
    }
  }
  return { inputFields, enumValues, args };
}

export function schemaForRoles(schema: GraphQLSchema, roles: readonly Role[]): GraphQLSchema {
  const visible = visibleTypeNames(schema, roles);
  const unreadable = unreadableFilterKeys(schema, roles);
  const withoutProbes = (config: GraphQLFieldConfig<unknown, unknown>, fieldName: string, typeName: string) =>
    config.args && Object.keys(config.args).some((a) => unreadable.args.has(`${typeName}.${fieldName}.${a}`))
      ? { ...config, args: Object.fromEntries(Object.entries(config.args).filter(([a]) => !unreadable.args.has(`${typeName}.${fieldName}.${a}`))) }
      : config;
  const mapped = mapSchema(schema, {
    [MapperKind.INPUT_OBJECT_FIELD]: (config, fieldName, typeName) => (unreadable.inputFields.has(`${typeName}.${fieldName}`) ? null : config),
    [MapperKind.ENUM_VALUE]: (config, typeName, _schema, externalValue) => (unreadable.enumValues.has(`${typeName}.${externalValue}`) ? null : config),
    [MapperKind.COMPOSITE_TYPE]: (type) => (ROOTS.has(type.name) || visible.has(type.name) || !(isObjectType(type) || isInterfaceType(type)) ? type : null),
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => (fieldReadable(config, roles, visible) ? withoutProbes(config, fieldName, typeName) : null),
    [MapperKind.INTERFACE_FIELD]: (config) => (fieldReadable(config, roles, visible) ? config : null),
    [MapperKind.QUERY_ROOT_FIELD]: (config, fieldName) => {
      const only = ROOT_FIELD_ROLES[fieldName];
      if (only && !roles.some((r) => only.includes(r))) return null;
      const named = getNamedType(config.type);
      if (isCompositeType(named)) return visible.has(named.name) ? withoutProbes(config, fieldName, 'Query') : null;
      const tier = tierOf(config);
      return !tier || canRead(roles, tier) ? config : null;
    },
    [MapperKind.MUTATION_ROOT_FIELD]: (config, fieldName) => (mutationAllowed(config, fieldName, roles) && visible.has(getNamedType(config.type).name) ? config : null),
  });
  return pruneSchema(mapped);
}

/** Fields denied per row at run time resolve to null with an error, so they must be nullable. */
export function relaxDetailFields(schema: GraphQLSchema, deniedPerRow: (tier: Classification | undefined, typeName: string, fieldName: string) => boolean): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.COMPOSITE_FIELD]: (config, fieldName, typeName) => (deniedPerRow(tierOf(config), typeName, fieldName) && config.type instanceof GraphQLNonNull ? { ...config, type: config.type.ofType } : config),
  });
}
