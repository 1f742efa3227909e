/** The protection bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
import { registerNodeType } from '../../server/graphql/node';
import { ChildProtectionFieldsResolver } from './child-fields.resolver';
import { ChildProtectionConference, ChildProtectionPlan, ChildProtectionVisit, CoreGroupMeeting, Section47Enquiry } from './child-protection.entity';
import {
  ChildProtectionConferenceResolver,
  ChildProtectionPlanResolver,
  ChildProtectionVisitResolver,
  CoreGroupMeetingResolver,
  Section47EnquiryResolver,
} from './child-protection.resolver';
import { AgencyContributionResolver } from './contribution.resolver';
import { AgencyContribution, StrategyDiscussion, StrategyDiscussionAction, StrategyDiscussionParticipant, StrategyDiscussionResponse } from './strategy-discussion.entity';
import { StrategyDiscussionActionResolver, StrategyDiscussionLifecycleResolver } from './strategy-discussion-lifecycle.resolver';
import { ChildProtectionTeam, ChildProtectionTeamCase, ChildProtectionTeamMember } from './cp-team.entity';
import { ChildProtectionTeamCaseResolver, ChildProtectionTeamMemberResolver, ChildProtectionTeamResolver } from './cp-team.resolver';
import { StrategyDiscussionParticipantResolver, StrategyDiscussionResolver } from './strategy-discussion.resolver';

export const protectionEntities: (new (...args: never[]) => object)[] = [
  StrategyDiscussion,
  StrategyDiscussionParticipant,
  StrategyDiscussionResponse,
  StrategyDiscussionAction,
  AgencyContribution,
  Section47Enquiry,
  ChildProtectionConference,
  ChildProtectionPlan,
  ChildProtectionVisit,
  CoreGroupMeeting,
  ChildProtectionTeam,
  ChildProtectionTeamMember,
  ChildProtectionTeamCase,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const protectionResolvers: Function[] = [
  StrategyDiscussionResolver,
  StrategyDiscussionParticipantResolver,
  StrategyDiscussionLifecycleResolver,
  StrategyDiscussionActionResolver,
  AgencyContributionResolver,
  Section47EnquiryResolver,
  ChildProtectionConferenceResolver,
  ChildProtectionPlanResolver,
  ChildProtectionVisitResolver,
  CoreGroupMeetingResolver,
  ChildProtectionFieldsResolver,
  ChildProtectionTeamResolver,
  ChildProtectionTeamMemberResolver,
  ChildProtectionTeamCaseResolver,
];
protectionEntities.filter((e) => e !== StrategyDiscussionResponse).forEach(registerNodeType);
