import { registerNodeType } from '../../server/graphql/node';
import { MissingEpisode, ReturnHomeInterview } from './missing-episode.entity';
import { ChildMissingResolver, MissingEpisodeResolver, ReturnHomeInterviewResolver, ReturnHomeInterviewTimescaleResolver } from './missing-episode.resolver';

/** The missing bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
export const missingEntities: (new (...args: never[]) => object)[] = [MissingEpisode, ReturnHomeInterview];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const missingResolvers: Function[] = [MissingEpisodeResolver, ReturnHomeInterviewResolver, ChildMissingResolver, ReturnHomeInterviewTimescaleResolver];
missingEntities.forEach(registerNodeType);
