import { Resolver } from 'type-graphql';
import { Classification } from '../../access/classification';
import { HasMany } from '../../reads/relations';
import { Child } from '../people/child.entity';
import { ChildProtectionConference, ChildProtectionPlan, Section47Enquiry } from './child-protection.entity';
import { StrategyDiscussion } from './strategy-discussion.entity';

/** The protection context's records on `Child` (declared relations: loaded in batches, or compiled into the read). */
@Resolver(() => Child)
export class ChildProtectionFieldsResolver {
  @HasMany(Classification.SUMMARY, () => StrategyDiscussion, { via: 'child', orderBy: { heldAt: 'desc' }, description: 'Strategy discussions about the child, most recent first.' })
  strategyDiscussions!: StrategyDiscussion[];

  @HasMany(Classification.SUMMARY, () => Section47Enquiry, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Section 47 enquiries about the child, most recent first.' })
  section47Enquiries!: Section47Enquiry[];

  @HasMany(Classification.SUMMARY, () => ChildProtectionConference, { via: 'child', orderBy: { conferenceDate: 'desc' }, description: 'Initial and review child protection conferences, most recent first.' })
  childProtectionConferences!: ChildProtectionConference[];

  @HasMany(Classification.STATUS, () => ChildProtectionPlan, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Child protection plans, most recent first (the status card shows the active one).' })
  childProtectionPlans!: ChildProtectionPlan[];
}
