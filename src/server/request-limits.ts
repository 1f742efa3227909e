import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Limits every document meets before anything runs (issue: one request takes the hub down). Checked in
 * this order: tokens (while parsing), then depth, aliases and directives (validation rules, so a
 * rejected document never reaches `didResolveOperation`, let alone execution), then input bounds and
 * cost (query-cost.ts, before execution starts).
 */
export const REQUEST_LIMITS = {
  /** Lexical tokens in the document (GraphiQL's introspection query has about 300). */
  tokens: 3000,
  /** Nesting depth of selections, fragments included; introspection (`__schema`) is not counted. */
  depth: 10,
  /** Aliased fields in one operation. */
  aliases: 30,
  /** Directives (`@skip`, `@include`, ...) in one operation. */
  directives: 20,
} as const;

/** The codes of the limits, as `extensions.code` of the HTTP 400 that refuses a document. */
export type LimitCode = 'TOO_MANY_TOKENS' | 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'QUERY_TOO_COSTLY' | 'PAGE_SIZE_OUT_OF_RANGE';

/** A document (or one of its page sizes) over a limit: HTTP 400 with the limit and the actual value. */
export class QueryLimitError extends GraphQLError {
  constructor(code: LimitCode, message: string, limit: number, actual: number, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, limit, actual, ...extra, http: { status: 400 } } });
  }
}

/**
 * graphql-armor counts (its depth handles fragments and cycles); its rejection message carries the count
 * ("... exceeded, found N."), which we report as a typed error instead of its codeless one.
 */
function armorRule(code: LimitCode, limit: number, what: string, build: (options: object) => ValidationRule): ValidationRule {
  return (context: ValidationContext) =>
    build({
      n: limit,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [
        (_ctx: unknown, err: GraphQLError) => {
          const actual = Number(/found (\d+)/.exec(err.message)?.[1] ?? limit + 1);
          context.reportError(new QueryLimitError(code, `This document has ${what} ${actual}, over the limit of ${limit}.`, limit, actual));
        },
      ],
    })(context);
}

export const limitValidationRules: ValidationRule[] = [
  armorRule('QUERY_TOO_DEEP', REQUEST_LIMITS.depth, 'a depth of', (o) => maxDepthRule({ ...o, ignoreIntrospection: true }) as never),
  armorRule('TOO_MANY_ALIASES', REQUEST_LIMITS.aliases, 'aliases:', (o) => maxAliasesRule({ ...o, allowList: [] }) as never),
  armorRule('TOO_MANY_DIRECTIVES', REQUEST_LIMITS.directives, 'directives:', (o) => maxDirectivesRule(o) as never),
];

/** Counts a document's tokens, up to `cap` (the body limit bounds the work). */
function countTokens(body: string, cap = 1_000_000): number {
  const lexer = new Lexer(new Source(body));
  let n = 0;
  try {
    while (n < cap && lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    // A lexing error past the limit: the count so far is still over it.
  }
  return n;
}

const TOKEN_LIMIT_MESSAGE = /Document contains more th\w+ (\d+) tokens/;

/**
 * graphql-js enforces the token limit while parsing (Apollo `parseOptions.maxTokens`), so an oversized
 * document is never parsed whole; its syntax error (GRAPHQL_PARSE_FAILED) becomes TOO_MANY_TOKENS here.
 */
export function tokenLimitError(error: unknown): QueryLimitError | null {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : null;
  const match = original && TOKEN_LIMIT_MESSAGE.exec(original.message);
  if (!match) return null;
  const limit = Number(match[1]);
  const body = (error as GraphQLError).source?.body ?? (original as GraphQLError).source?.body ?? '';
  const actual = Math.max(countTokens(body), limit + 1);
  return new QueryLimitError('TOO_MANY_TOKENS', `This document has ${actual} tokens, over the limit of ${limit}.`, limit, actual);
}
