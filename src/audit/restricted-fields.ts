import { CLASSIFICATION_EXTENSION, Classification } from '../access/classification';
import type { GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';

/** Tiers whose values the audit log records as changed, never copies (issue: clinical, intelligence, LADO). */
const NOT_COPIED = new Set<Classification>([Classification.HEALTH_CLINICAL, Classification.POLICE_INTELLIGENCE, Classification.LADO]);

let tiers: Map<string, Classification> | undefined;

/** Indexes field tiers by "Type.property" once the schema is built. */
export function indexFieldTiers(schema: GraphQLSchema): void {
  tiers = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const f of Object.values(type.getFields())) {
      const tier = f.extensions?.[CLASSIFICATION_EXTENSION] as Classification | undefined;
      if (tier) tiers.set(`${type.name}.${f.name}`, tier);
    }
  }
}

/** Unknown properties count as restricted: the safe default for a log that must not leak. */
export function isRestrictedProperty(type: string, property: string): boolean {
  const tier = tiers?.get(`${type}.${property}`);
  if (!tier) return !['child', 'owningAgency', 'id', 'deletedAt', 'sourceSystem', 'sourceRecordId'].includes(property);
  return NOT_COPIED.has(tier);
}
