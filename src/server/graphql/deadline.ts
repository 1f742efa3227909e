import type { MiddlewareFn } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { HubContext } from '../context';
import { unavailable, unavailableError } from '../../db/unavailable';

/**
 * The request deadline, checked before every field resolves: past it, no further work starts and the
 * error (retryable) makes the transaction plugin roll the whole request back and answer 503. A single
 * long SQL statement is bounded by the transaction's statement_timeout instead.
 */
export const RequestDeadline: MiddlewareFn<HubContext> = async ({ context }, next) => {
  if (context.deadline !== undefined && Date.now() > context.deadline) {
    const { message, extensions } = unavailableError(unavailable('REQUEST_TIMEOUT'));
    throw new GraphQLError(message, { extensions });
  }
  return next();
};
