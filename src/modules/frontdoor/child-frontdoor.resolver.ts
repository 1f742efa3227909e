import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Classification } from '../../access/classification';
import type { HubContext } from '../../server/context';
import { Child } from '../people/child.entity';
import { Assessment } from './assessment.entity';
import { CinPlan } from './cin-plan.entity';
import { Contact } from './contact.entity';
import { Referral } from './referral.entity';
import { Classified } from './support';

/** The front door records of a child: contacts, referrals, assessments and CIN plans (one query each per page of children). */
@Resolver(() => Child)
export class ChildFrontdoorResolver {
  @FieldResolver(() => [Contact], { description: 'Contacts to the front door about the child, most recent first.' })
  @Classified(Classification.SUMMARY)
  contacts(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(Contact, 'child', { contactAt: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [Referral], { description: "Referrals to children's social care (CIN episodes) about the child, most recent first." })
  @Classified(Classification.SUMMARY)
  referrals(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(Referral, 'child', { referralDate: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [Assessment], { description: 'Child and family assessments of the child, most recent first.' })
  @Classified(Classification.SUMMARY)
  assessments(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(Assessment, 'child', { startDate: 'desc' }).load(child.id);
  }

  @FieldResolver(() => [CinPlan], { description: 'Child in need plans of the child, most recent first.' })
  @Classified(Classification.SUMMARY)
  cinPlans(@Root() child: Child, @Ctx() ctx: HubContext) {
    return ctx.loaders.byParent(CinPlan, 'child', { startDate: 'desc' }).load(child.id);
  }
}
