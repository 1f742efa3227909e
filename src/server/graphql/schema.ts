import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../modules/registry';
import { NodeResolver } from './node';

let built: Promise<GraphQLSchema> | undefined;

/** Builds (once per process) the full GraphQL schema from the decorated classes. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [NodeResolver, ...resolvers],
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}

/** The SDL checked in as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
