/** The care bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { CareEpisode } from './care-episode.entity';
import { CareEpisodeResolver, CarePlacementResolver } from './care-episode.resolver';
import { CareLeaver } from './care-leaver.entity';
import { CarePlacement } from './care-placement.entity';
import { CareChildResolver, CareLeaverResolver, CareReviewResolver } from './care-records.resolver';
import { CareReview } from './care-review.entity';
import { LookedAfterYear } from './looked-after-year.entity';
import { LookedAfterYearResolver } from './looked-after-year.resolver';

export const careEntities: (new (...args: never[]) => object)[] = [CareEpisode, CarePlacement, CareReview, CareLeaver, LookedAfterYear];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const careResolvers: Function[] = [CareEpisodeResolver, CarePlacementResolver, CareReviewResolver, CareLeaverResolver, LookedAfterYearResolver, CareChildResolver];
careEntities.forEach(registerNodeType);
