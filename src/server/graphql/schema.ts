import { isScalarType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../modules/registry';
import { NodeResolver } from './node';
import { FieldGuard } from '../../access/field-guard';
import { RequestDeadline } from './deadline';
import { relaxDetailFields } from '../../access/role-schema';
import { tierNeedsRowScope } from '../../access/policy';
import { resolveDeclarations } from '../../access/input-declarations';
import { indexFieldTiers } from '../../audit/restricted-fields';
import { DATE_TIME_DESCRIPTION, LOCAL_DATE_DESCRIPTION } from '../input-bounds';

let built: Promise<GraphQLSchema> | undefined;

/** Builds (once per process) the full GraphQL schema from the decorated classes. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [NodeResolver, ...resolvers],
    validate: false,
    emitSchemaFile: false,
    globalMiddlewares: [RequestDeadline, FieldGuard],
  }).then((schema) => {
    // The input ranges of the date scalars (enforced in src/server/input-bounds.ts) are part of their contract.
    for (const [name, description] of [['LocalDate', LOCAL_DATE_DESCRIPTION], ['DateTime', DATE_TIME_DESCRIPTION]] as const) {
      const scalar = schema.getType(name);
      if (isScalarType(scalar)) scalar.description = description;
    }
    const relaxed = relaxDetailFields(resolveDeclarations(schema), (tier, typeName, fieldName) => !!tier && tierNeedsRowScope(tier, typeName, fieldName));
    indexFieldTiers(relaxed);
    return relaxed;
  });
  return built;
}

/** The SDL checked in as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
