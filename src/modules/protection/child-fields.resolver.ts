import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Classification } from '../../access/classification';
import type { HubContext } from '../../server/context';
import { Child } from '../people/child.entity';
import { ChildProtectionConference, ChildProtectionPlan, Section47Enquiry } from './child-protection.entity';
import { StrategyDiscussion } from './strategy-discussion.entity';
import { Classified } from './support';

/** The protection context's records on `Child`, each through a per-request loader (no N+1). */
@Resolver(() => Child)
export class ChildProtectionFieldsResolver {
  @FieldResolver(() => [StrategyDiscussion], { description: 'Strategy discussions about the child, most recent first.' })
  @Classified(Classification.SUMMARY)
  strategyDiscussions(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(StrategyDiscussion, 'child', { heldAt: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [Section47Enquiry], { description: 'Section 47 enquiries about the child, most recent first.' })
  @Classified(Classification.SUMMARY)
  section47Enquiries(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(Section47Enquiry, 'child', { startDate: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [ChildProtectionConference], { description: 'Initial and review child protection conferences, most recent first.' })
  @Classified(Classification.SUMMARY)
  childProtectionConferences(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(ChildProtectionConference, 'child', { conferenceDate: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [ChildProtectionPlan], { description: 'Child protection plans, most recent first (the status card shows the active one).' })
  @Classified(Classification.STATUS)
  childProtectionPlans(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(ChildProtectionPlan, 'child', { startDate: 'desc' }).load(child.id);
  }
}
