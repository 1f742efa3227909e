/** The lado bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { ChildLadoResolver } from './child-lado.resolver';
import { LadoReferral, LadoReferralChild } from './lado-referral.entity';
import { LadoReferralResolver } from './lado-referral.resolver';

export { LadoReferral, LadoReferralChild };

export const ladoEntities: (new (...args: never[]) => object)[] = [LadoReferral, LadoReferralChild];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ladoResolvers: Function[] = [LadoReferralResolver, ChildLadoResolver];
registerNodeType(LadoReferral);
