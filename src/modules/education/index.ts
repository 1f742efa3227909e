import { registerNodeType } from '../../server/graphql/node';
import { DomesticAbuseIncident, DomesticAbuseNotification, DomesticAbuseNotificationAcknowledgement } from './domestic-abuse-notification.entity';
import { ChildDomesticAbuseNotificationResolver, DomesticAbuseIncidentResolver, DomesticAbuseNotificationAcknowledgementResolver, DomesticAbuseNotificationResolver } from './domestic-abuse-notification.resolver';
import { AttendanceSummary, ChildMissingEducation, EhcPlan, Exclusion, SchoolEnrolment } from './education.entity';
import { ChildEducationResolver, EducationResolver, educationRelationResolvers } from './education.resolver';

/** The education bounded context: its entities and resolvers, registered in src/modules/registry.ts. */
export const educationEntities: (new (...args: never[]) => object)[] = [SchoolEnrolment, AttendanceSummary, Exclusion, EhcPlan, ChildMissingEducation, DomesticAbuseIncident, DomesticAbuseNotification, DomesticAbuseNotificationAcknowledgement];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const educationResolvers: Function[] = [
  EducationResolver,
  ...educationRelationResolvers,
  ChildEducationResolver,
  DomesticAbuseNotificationResolver,
  DomesticAbuseNotificationAcknowledgementResolver,
  DomesticAbuseIncidentResolver,
  ChildDomesticAbuseNotificationResolver,
];
educationEntities.forEach(registerNodeType);
