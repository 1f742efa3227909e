/**
 * The one list of entities and resolvers: every bounded context registers here.
 */
import { ViewerResolver } from '../access/viewer.resolver';
import { EmergencyAccess } from '../access/emergency-access.entity';
import { AccessNotification } from '../access/access-notification.entity';
import { AccessNotificationResolver } from '../access/access-notification.resolver';
import { AccessResolver } from '../access/access.resolver';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditResolver, RetentionResolver } from '../audit/audit.resolver';
import { DecisionNotToShare } from '../audit/decision-not-to-share.entity';
import { registerNodeType } from '../server/graphql/node';
import { DecisionNotToShareResolver } from '../audit/decision-not-to-share.resolver';
import { agencyEntities, agencyResolvers } from './agencies';
import { careEntities, careResolvers } from './care';
import { educationEntities, educationResolvers } from './education';
import { exploitationEntities, exploitationResolvers } from './exploitation';
import { frontdoorEntities, frontdoorResolvers } from './frontdoor';
import { healthEntities, healthResolvers } from './health';
import { ladoEntities, ladoResolvers } from './lado';
import { missingEntities, missingResolvers } from './missing';
import { peopleEntities, peopleResolvers } from './people';
import { protectionEntities, protectionResolvers } from './protection';
import { workflowEntities, workflowResolvers } from './workflow';
import { sharingEntities, sharingResolvers } from './sharing';
import { analyticsResolvers } from '../analytics';
import { DeliveryResolver } from '../delivery/delivery.resolver';

export const entities = [
  ...agencyEntities,
  EmergencyAccess,
  AccessNotification,
  AuditEvent,
  DecisionNotToShare,
  ...peopleEntities,
  ...frontdoorEntities,
  ...protectionEntities,
  ...careEntities,
  ...healthEntities,
  ...exploitationEntities,
  ...missingEntities,
  ...ladoEntities,
  ...educationEntities,
  ...workflowEntities,
  ...sharingEntities,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: [Function, ...Function[]] = [
  ViewerResolver,
  AccessResolver,
  AccessNotificationResolver,
  AuditResolver,
  RetentionResolver,
  DecisionNotToShareResolver,
  ...agencyResolvers,
  ...peopleResolvers,
  ...frontdoorResolvers,
  ...protectionResolvers,
  ...careResolvers,
  ...healthResolvers,
  ...exploitationResolvers,
  ...missingResolvers,
  ...ladoResolvers,
  ...educationResolvers,
  ...workflowResolvers,
  ...sharingResolvers,
  ...analyticsResolvers,
  DeliveryResolver,
];

registerNodeType(DecisionNotToShare);
registerNodeType(AccessNotification);
