/** The health bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { HealthAssessment } from './health-assessment.entity';
import { HealthAssessmentResolver, HealthAssessmentTimescaleResolver, HealthCareEpisodeResolver, HealthChildResolver } from './health-assessment.resolver';

export const healthEntities: (new (...args: never[]) => object)[] = [HealthAssessment];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const healthResolvers: Function[] = [HealthAssessmentResolver, HealthChildResolver, HealthCareEpisodeResolver, HealthAssessmentTimescaleResolver];
healthEntities.forEach(registerNodeType);
