/** The frontdoor bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { Assessment } from './assessment.entity';
import { CinPlan } from './cin-plan.entity';
import { Contact } from './contact.entity';
import { Referral } from './referral.entity';

export const frontdoorEntities: (new (...args: never[]) => object)[] = [Contact, Referral, Assessment, CinPlan];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const frontdoorResolvers: Function[] = [];
frontdoorEntities.forEach(registerNodeType);
