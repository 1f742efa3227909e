/** The frontdoor bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { Assessment } from './assessment.entity';
import { AssessmentResolver } from './assessment.resolver';
import { ChildFrontdoorResolver } from './child-frontdoor.resolver';
import { CinPlan } from './cin-plan.entity';
import { CinPlanResolver } from './cin-plan.resolver';
import { Contact } from './contact.entity';
import { ContactResolver } from './contact.resolver';
import { PreProceedings } from './pre-proceedings.entity';
import { PreProceedingsResolver } from './pre-proceedings.resolver';
import { Referral } from './referral.entity';
import { ReferralResolver } from './referral.resolver';

export { Assessment, CinPlan, Contact, PreProceedings, Referral };

export const frontdoorEntities: (new (...args: never[]) => object)[] = [Contact, Referral, Assessment, CinPlan, PreProceedings];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const frontdoorResolvers: Function[] = [ContactResolver, ReferralResolver, AssessmentResolver, CinPlanResolver, PreProceedingsResolver, ChildFrontdoorResolver];
frontdoorEntities.forEach(registerNodeType);
