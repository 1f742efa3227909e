import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../modules/registry';
import { NodeResolver } from './node';
import { FieldGuard } from '../../access/field-guard';
import { relaxDetailFields } from '../../access/role-schema';
import { DETAIL_TIERS } from '../../access/policy';
import { resolveDeclarations } from '../../access/input-declarations';
import { indexFieldTiers } from '../../audit/restricted-fields';

let built: Promise<GraphQLSchema> | undefined;

/** Builds (once per process) the full GraphQL schema from the decorated classes. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [NodeResolver, ...resolvers],
    validate: false,
    emitSchemaFile: false,
    globalMiddlewares: [FieldGuard],
  }).then((schema) => {
    const relaxed = relaxDetailFields(resolveDeclarations(schema), (tier) => !!tier && DETAIL_TIERS.has(tier));
    indexFieldTiers(relaxed);
    return relaxed;
  });
  return built;
}

/** The SDL checked in as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
