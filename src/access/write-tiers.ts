import { Classification as C } from './classification';
import { ROLE_POLICY } from './policy';
import { Role } from './principal';

/**
 * Which clearance writing each record type needs (a role writes a type only when cleared for its
 * tier). Types absent from this table cannot be written by anyone: deny by default. A test checks
 * that every mutation's record type is listed.
 */
export const RECORD_WRITE_TIERS: Record<string, C> = {
  Child: C.IDENTITY,
  DecisionNotToShare: C.SUMMARY,
  // people module: identifiers, addresses and record links are identity; who works with a child is a shareable summary
  ChildIdentifier: C.IDENTITY,
  ChildAddress: C.IDENTITY,
  ChildLink: C.IDENTITY,
  Involvement: C.SUMMARY,
  // exploitation, missing, education modules
  ExploitationScreening: C.SUMMARY, // LA and police both screen; police intelligence fields are checked against the owner's kind
  MissingEpisode: C.SUMMARY, // reported by police or the local authority
  ReturnHomeInterview: C.SOCIAL_CARE, // offered and held for the local authority; findings are social care detail
  SchoolEnrolment: C.EDUCATION,
  AttendanceSummary: C.EDUCATION,
  Exclusion: C.EDUCATION,
  EhcPlan: C.EDUCATION,
  ChildMissingEducation: C.EDUCATION,
  DomesticAbuseNotification: C.POLICE_INTELLIGENCE, // Operation Encompass: sent by the police only
  DomesticAbuseIncident: C.POLICE_INTELLIGENCE, // recorded by the police; its task is to notify the school
  DomesticAbuseNotificationAcknowledgement: C.EDUCATION, // the notified school's DSL
  ExploitationConcern: C.POLICE_INTELLIGENCE, // persons/locations of concern: police-held intelligence
  ExploitationConcernLink: C.POLICE_INTELLIGENCE,
  // frontdoor module: the local authority's front door and social workers record the CIN episode spine
  Contact: C.SOCIAL_CARE,
  Referral: C.SOCIAL_CARE,
  Assessment: C.SOCIAL_CARE,
  CinPlan: C.SOCIAL_CARE,
  PreProceedings: C.SOCIAL_CARE, // the authority's legal planning (Public Law Outline)
  // lado module: allegations against adults are written by the designated officer only
  LadoReferral: C.LADO,
  // care module: the local authority looking after the child records its care history
  CareEpisode: C.SOCIAL_CARE,
  CarePlacement: C.SOCIAL_CARE,
  CareReview: C.SOCIAL_CARE,
  CareLeaver: C.SOCIAL_CARE,
  LookedAfterYear: C.SOCIAL_CARE, // motherhood, convictions, substance misuse: special category detail
  // health module: health agencies write assessments (the authority's request mutations: see MUTATION_WRITE_TIERS)
  HealthAssessment: C.HEALTH_CLINICAL,
  // protection module: the local authority convenes and records the child protection process...
  StrategyDiscussion: C.SOCIAL_CARE,
  StrategyDiscussionParticipant: C.SOCIAL_CARE, // the convener's list (respondToStrategyDiscussion: see MUTATION_WRITE_TIERS)
  StrategyDiscussionAction: C.SOCIAL_CARE, // agreed by the convener when the discussion is held
  Section47Enquiry: C.SOCIAL_CARE,
  ChildProtectionConference: C.SOCIAL_CARE,
  ChildProtectionPlan: C.SOCIAL_CARE,
  ChildProtectionVisit: C.SOCIAL_CARE,
  CoreGroupMeeting: C.SOCIAL_CARE,
  // multi-agency child protection teams: set up and staffed by the local authority
  ChildProtectionTeam: C.SOCIAL_CARE,
  ChildProtectionTeamMember: C.SOCIAL_CARE,
  ChildProtectionTeamCase: C.SOCIAL_CARE,
  // workflow module: a task is raised by its event's mutation (it reveals no more than that event, SUMMARY); its owner closes it by hand
  Task: C.SUMMARY, // each agency closes its own tasks (ownership: loadForUpdate and RLS)
  // sharing module: each agency records its own traces (the number is identity detail) and disclosures
  NhsNumberTrace: C.IDENTITY,
  // access notices: the lead agency acknowledges its own (the accessing agency's request writes them)
  AccessNotification: C.SUMMARY,
  InformationDisclosure: C.SUMMARY,
  // ...while every partner writes its own contribution (detail fields are checked against the contributor's kind)
  AgencyContribution: C.SUMMARY,
};

/** Mutations whose payload carries no `record`, by name. */
export const MUTATION_WRITE_TIERS: Record<string, C> = {
  // A health assessment has two writers (src/modules/health): the authority asks for it and keeps the request facts.
  requestHealthAssessment: C.SOCIAL_CARE,
  updateHealthAssessmentRequest: C.SOCIAL_CARE,
  // An invited agency records its own attendance or decline of a strategy discussion (src/modules/protection).
  respondToStrategyDiscussion: C.SUMMARY,
};

/**
 * Root fields (queries and mutations) open to named roles rather than derived from tiers: break-glass,
 * its review, and the audit log. The role schema shows them only to these roles.
 */
export const ROOT_FIELD_ROLES: Record<string, readonly Role[]> = {
  childAccessLog: [Role.DATA_PROTECTION_OFFICER],
  // delivery to partner systems (src/delivery): the hub administrator registers webhooks and replays dead letters
  registerWebhook: [Role.ADMINISTRATOR],
  webhookDeadLetters: [Role.ADMINISTRATOR],
  replayWebhookDelivery: [Role.ADMINISTRATOR],
  practitionerAccessLog: [Role.DATA_PROTECTION_OFFICER],
  emergencyAccessTrail: [Role.DATA_PROTECTION_OFFICER],
  verifyAuditChain: [Role.DATA_PROTECTION_OFFICER],
  subjectAccessExtract: [Role.DATA_PROTECTION_OFFICER],
  recordsPastRetention: [Role.DATA_PROTECTION_OFFICER],
  ladoReferrals: [Role.LADO], // allegations against adults: the designated officer only (src/modules/lado)
  emergencyAccessGrants: [Role.DATA_PROTECTION_OFFICER, Role.TEAM_MANAGER],
  requestEmergencyAccess: (Object.keys(ROLE_POLICY) as Role[]).filter((r) => ROLE_POLICY[r].breakGlass),
  reviewEmergencyAccess: [Role.DATA_PROTECTION_OFFICER, Role.TEAM_MANAGER],
  // partnership scorecard (src/analytics): aggregates for analysts, BI and team managers; drill-down to pseudonymised units for analysts only
  scorecard: [Role.BOARD_ANALYST, Role.BI_SERVICE, Role.TEAM_MANAGER],
  measureRecords: [Role.BOARD_ANALYST, Role.BI_SERVICE],
  // practitioners' drill-down to the named children behind a measure, limited to their row scope (src/analytics/measure-children.resolver.ts)
  measureChildren: [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.CHILD_PROTECTION_CHAIR, Role.DESIGNATED_HEALTH_PROFESSIONAL],
};

export function writeTierOf(mutationName: string, recordType: string | undefined): C | undefined {
  return MUTATION_WRITE_TIERS[mutationName] ?? (recordType ? RECORD_WRITE_TIERS[recordType] : undefined);
}
