/**
 * The one list of entities and resolvers: every bounded context registers here.
 */
import { ViewerResolver } from '../access/viewer.resolver';
import { agencyEntities, agencyResolvers } from './agencies';

export const entities = [...agencyEntities];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: [Function, ...Function[]] = [ViewerResolver, ...agencyResolvers];
