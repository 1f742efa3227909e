/** The care bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { CareEpisode } from './care-episode.entity';
import { CareEpisodeResolver, CarePlacementResolver } from './care-episode.resolver';
import { CareLeaver } from './care-leaver.entity';
import { CarePlacement } from './care-placement.entity';
import { CareChildResolver, CareLeaverResolver, CareReviewResolver } from './care-records.resolver';
import { CareReview } from './care-review.entity';

export const careEntities: (new (...args: never[]) => object)[] = [CareEpisode, CarePlacement, CareReview, CareLeaver];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const careResolvers: Function[] = [CareEpisodeResolver, CarePlacementResolver, CareReviewResolver, CareLeaverResolver, CareChildResolver];
careEntities.forEach(registerNodeType);
