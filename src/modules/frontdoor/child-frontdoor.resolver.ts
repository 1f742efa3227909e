import { Resolver } from 'type-graphql';
import { Classification } from '../../access/classification';
import { HasMany } from '../../reads/relations';
import { Child } from '../people/child.entity';
import { Assessment } from './assessment.entity';
import { PreProceedings } from './pre-proceedings.entity';
import { CinPlan } from './cin-plan.entity';
import { Contact } from './contact.entity';
import { Referral } from './referral.entity';

/** The front door records of a child: contacts, referrals, assessments and CIN plans (declared relations: loaded in batches, or compiled into the read). */
@Resolver(() => Child)
export class ChildFrontdoorResolver {
  @HasMany(Classification.SUMMARY, () => Contact, { via: 'child', orderBy: { contactAt: 'desc' }, description: 'Contacts to the front door about the child, most recent first.' })
  contacts!: Contact[];

  @HasMany(Classification.SUMMARY, () => Referral, { via: 'child', orderBy: { referralDate: 'desc' }, description: "Referrals to children's social care (CIN episodes) about the child, most recent first." })
  referrals!: Referral[];

  @HasMany(Classification.SUMMARY, () => Assessment, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Child and family assessments of the child, most recent first.' })
  assessments!: Assessment[];

  @HasMany(Classification.SUMMARY, () => CinPlan, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Child in need plans of the child, most recent first.' })
  cinPlans!: CinPlan[];

  @HasMany(Classification.SOCIAL_CARE, () => PreProceedings, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Periods of pre-proceedings under the Public Law Outline, most recent first.' })
  preProceedings!: PreProceedings[];
}
