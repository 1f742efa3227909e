import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../modules/registry';
import { NodeResolver } from './node';
import { FieldGuard } from '../../access/field-guard';
import { RequestDeadline } from './deadline';
import { relaxDetailFields } from '../../access/role-schema';
import { tierNeedsRowScope } from '../../access/policy';
import { indexFieldTiers } from '../../audit/restricted-fields';

let built: Promise<GraphQLSchema> | undefined;

/** Builds (once per process) the full GraphQL schema from the decorated classes. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [NodeResolver, ...resolvers],
    validate: false,
    emitSchemaFile: false,
    globalMiddlewares: [RequestDeadline, FieldGuard],
  }).then((schema) => {
    const relaxed = relaxDetailFields(schema, (tier, typeName, fieldName) => !!tier && tierNeedsRowScope(tier, typeName, fieldName));
    indexFieldTiers(relaxed);
    return relaxed;
  });
  return built;
}

/** The SDL checked in as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
