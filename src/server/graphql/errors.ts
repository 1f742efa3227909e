import { GraphQLError } from 'graphql';

/** Machine-readable codes of top-level GraphQL errors the hub raises. */
export type HubErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT' | 'SUPPRESSED' | 'INTERNAL_SERVER_ERROR';

/** A GraphQL error with a stable `extensions.code` partner systems can branch on. */
export class HubError extends GraphQLError {
  constructor(code: HubErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const forbidden = (message: string, extra?: Record<string, unknown>) => new HubError('FORBIDDEN', message, extra);
export const notFound = (message: string) => new HubError('NOT_FOUND', message);
