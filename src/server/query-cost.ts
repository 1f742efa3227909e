import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, getVariableValues, GraphQLError, isListType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { Role } from '../access/principal';
import { NESTED_LIST_LIMIT } from '../db/loaders';
import type { HubContext } from './context';
import { DEFAULT_PAGE_SIZE, getMaxPageSize } from './graphql/connection';
import { checkInputBounds } from './input-bounds';
import { QueryLimitError } from './request-limits';

/**
 * Query cost budgets per role (DESIGN §7). A field costs 1 plus its children; a connection multiplies
 * its children by the page size asked for (`first`, default 25, checked to be 1..MAX_PAGE_SIZE before
 * anything is counted), and a list of related records multiplies them by NESTED_LIST_LIMIT, the most
 * rows its loader returns per parent (src/db/loaders.ts enforces it). So the cost is an upper bound on
 * the rows a document can load. Documents over the role's budget are refused before any SQL runs.
 */
export const COST_BUDGETS: Record<Role, number> = {
  ...(Object.fromEntries(Object.values(Role).map((r) => [r, 50_000])) as Record<Role, number>),
  // Bulk pulls page through connections of 100-1000 rows.
  [Role.BI_SERVICE]: 250_000,
  [Role.BOARD_ANALYST]: 100_000,
};

const isConnection = (type: GraphQLObjectType) => !!type.getFields().pageInfo;

/** Arguments that set a page size: `first` (and `last`, should a connection take it). */
const PAGE_SIZE_ARGS = ['first', 'last'] as const;

/** Refuses a page size outside 1..MAX_PAGE_SIZE, naming the argument, the range and the value. */
function checkPageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  let size: number | undefined;
  for (const name of PAGE_SIZE_ARGS) {
    const value = args[name];
    if (value === undefined || value === null || !field.args.some((a) => a.name === name)) continue;
    const n = Number(value);
    const max = getMaxPageSize();
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new QueryLimitError('PAGE_SIZE_OUT_OF_RANGE', `${field.name}(${name}:) must be between 1 and ${max}; got ${n}.`, max, n, { field: field.name, argument: name, min: 1 });
    }
    size = Math.max(size ?? 0, n);
  }
  return size;
}

const connectionEstimator: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
  const pageSize = checkPageSize(field, args);
  // `edges`/`nodes` are the page itself: already multiplied at the connection.
  if (isObjectType(parent) && isConnection(parent)) return 1 + childComplexity;
  const type = getNamedType(field.type);
  if (isObjectType(type) && isConnection(type)) return 1 + childComplexity * (pageSize ?? DEFAULT_PAGE_SIZE);
  if (isListType(getNullableType(field.type))) return 1 + childComplexity * NESTED_LIST_LIMIT;
  return undefined;
};

export function budgetFor(roles: readonly Role[]): number {
  return Math.max(...roles.map((r) => COST_BUDGETS[r]));
}

/** A request's variables could not be coerced to the operation's types: the caller's mistake, HTTP 400. */
function badVariables(errors: readonly GraphQLError[]): GraphQLError {
  const first = errors[0]!;
  return new GraphQLError(first.message, {
    nodes: first.nodes,
    extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES', problems: errors.slice(0, 10).map((e) => e.message), http: { status: 400 } },
  });
}

/**
 * Runs after validation (tokens, depth, aliases, directives are already checked) and before execution
 * (which opens the request transaction): coerces the variables, bounds every input value, checks page
 * sizes and the cost. Every refusal is a typed HTTP 400; nothing here touches the database.
 */
export const queryCostPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, operation, schema, contextValue }) {
        // Without a single operation to run, execution reports it (OPERATION_RESOLUTION_FAILURE, 400).
        if (!operation) return;
        // Coerced here, not inside the cost library: its coercion errors carry no code (they were 500s).
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 25 });
        if (coerced.errors) throw badVariables(coerced.errors);
        checkInputBounds(schema, document, operation, coerced.coerced);
        let cost: number;
        try {
          cost = getComplexity({
            schema,
            query: document,
            operationName: operation.name?.value,
            variables: request.variables ?? {},
            estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
        } catch (err) {
          if (err instanceof QueryLimitError) throw err;
          throw new GraphQLError(`The cost of this document could not be estimated: ${(err as Error).message}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        }
        contextValue.queryCost = cost;
        const budget = budgetFor(contextValue.principal.roles);
        if (!(cost <= budget)) {
          throw new QueryLimitError('QUERY_TOO_COSTLY', `This query would cost ${cost}, over your role's budget of ${budget}. Ask for smaller pages (first) or fewer nested lists, and page through the rest.`, budget, cost, { cost, budget });
        }
      },
    };
  },
};
