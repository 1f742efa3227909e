import { Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../server/context';
import { Agency } from './agency.entity';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => [Agency], { description: 'Every partner agency of the hub (reference data).' })
  agencies(@Ctx() ctx: HubContext): Promise<Agency[]> {
    return ctx.em.find(Agency, {}, { orderBy: { kind: 'asc', name: 'asc' } });
  }
}
