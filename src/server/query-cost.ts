import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, getOperationAST, getVariableValues, isObjectType } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { Role } from '../access/principal';
import type { HubContext } from './context';
import { DEFAULT_PAGE_SIZE } from './graphql/connection';

/**
 * Query cost budgets per role (DESIGN §7). A field costs 1 plus its children; a connection multiplies
 * its children by the page size asked for (`first`, default 25), and a list of related records counts
 * its children 5 times (an estimate of a child's typical fan-out). Documents over the role's budget are
 * refused before any SQL runs, with the cost and the budget in the error.
 */
export const COST_BUDGETS: Record<Role, number> = {
  ...(Object.fromEntries(Object.values(Role).map((r) => [r, 50_000])) as Record<Role, number>),
  // Bulk pulls page through connections of 100-1000 rows.
  [Role.BI_SERVICE]: 250_000,
  [Role.BOARD_ANALYST]: 100_000,
};

const LIST_FAN_OUT = 5;

const connectionEstimator: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
  // `edges`/`nodes` are the page itself: already multiplied at the connection.
  if (isObjectType(parent) && parent.getFields().pageInfo) return 1 + childComplexity;
  const type = getNamedType(field.type);
  if (isObjectType(type) && type.getFields().pageInfo) return 1 + childComplexity * (Number(args.first) || DEFAULT_PAGE_SIZE);
  if (field.type.toString().includes('[')) return 1 + childComplexity * LIST_FAN_OUT;
  return undefined;
};

export function budgetFor(roles: readonly Role[]): number {
  return Math.max(...roles.map((r) => COST_BUDGETS[r]));
}

export const queryCostPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema, contextValue }) {
        // Variables that do not fit the role's schema (e.g. an input field above its write clearance) are
        // the caller's mistake: say so (400 BAD_USER_INPUT) rather than fail inside the cost estimate.
        const operation = getOperationAST(document, request.operationName ?? undefined);
        const coerced = operation ? getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}) : undefined;
        if (coerced?.errors?.length) {
          throw new GraphQLError(coerced.errors.map((e) => e.message).join(' '), { nodes: coerced.errors[0]!.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        }
        const cost = getComplexity({
          schema,
          query: document,
          operationName: request.operationName ?? undefined,
          variables: request.variables ?? {},
          estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
        });
        const budget = budgetFor(contextValue.principal.roles);
        if (cost > budget) {
          throw new GraphQLError(`This query would cost ${cost}, over your role's budget of ${budget}. Ask for smaller pages (first) or fewer nested lists, and page through the rest.`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost, budget, http: { status: 400 } },
          });
        }
      },
    };
  },
};
