import { Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import { Classification } from './classification';
import { Expose } from './expose';
import { AgencyKind } from '../modules/agencies/agency.entity';
import { Purpose, Role } from './principal';
import type { HubContext } from '../server/context';

@ObjectType({ description: 'Who the hub believes is calling, from the verified token.' })
export class Viewer {
  @Expose(Classification.PUBLIC, { description: 'Token subject.' })
  subject!: string;
  @Expose(Classification.PUBLIC, { description: 'Token issuer.' })
  issuer!: string;
  @Expose(Classification.PUBLIC, { description: 'Agency code.' })
  agencyCode!: string;
  @Expose(Classification.PUBLIC, () => AgencyKind, { description: 'Agency kind.' })
  agencyKind!: AgencyKind;
  @Expose(Classification.PUBLIC, () => [Role], { description: 'Roles carried by the token.' })
  roles!: Role[];
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'Team code, when the token names one.' })
  team?: string;
  @Expose(Classification.PUBLIC, () => Purpose, { description: 'Purpose declared for this request.' })
  purpose!: Purpose;
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'Partner system (OAuth client id), when the token names one.' })
  clientId?: string;
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The authenticated caller as the hub sees it.' })
  viewer(@Ctx() ctx: HubContext): Viewer {
    return Object.assign(new Viewer(), ctx.principal);
  }
}
