import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Classification } from '../../access/classification';
import type { HubContext } from '../../server/context';
import { Child } from '../people/child.entity';
import { Classified } from '../frontdoor/support';
import { LadoReferral, LadoReferralChild } from './lado-referral.entity';

/** Allegations a child was involved in, for the LADO (the field is LADO-classified: other roles never see it). */
@Resolver(() => Child)
export class ChildLadoResolver {
  @FieldResolver(() => [LadoReferral], { description: 'Allegations against adults that this child was involved in (LADO only), most recent first.' })
  @Classified(Classification.LADO)
  async ladoReferrals(@Root() child: Child, @Ctx() ctx: HubContext): Promise<LadoReferral[]> {
    const links = await ctx.loaders.byParent(LadoReferralChild, 'child').load(child.id);
    const referrals = await ctx.loaders.byId(LadoReferral).loadMany(links.map((l) => l.ladoReferral.id));
    return referrals.filter((r): r is LadoReferral => !!r && !(r instanceof Error)).sort((a, b) => b.referralDate.localeCompare(a.referralDate));
  }
}
