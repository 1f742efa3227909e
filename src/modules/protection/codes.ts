import { registerEnumType } from 'type-graphql';

/**
 * Code lists of the protection context. Category of abuse and the s47 / ICPC outcomes follow the DfE
 * CIN census and the SSD outcome flag sets (`ssd_s47_enquiry.s47e_s47_outcome_json`,
 * `ssd_initial_cp_conference.icpc_icpc_outcome_json`), normalised into enums so they can be filtered.
 */

export enum StrategyDiscussionFormat {
  MEETING = 'MEETING',
  CALL = 'CALL',
  VIDEO = 'VIDEO',
}
registerEnumType(StrategyDiscussionFormat, {
  name: 'StrategyDiscussionFormat',
  description: 'How a strategy discussion was held.',
  valuesConfig: {
    MEETING: { description: 'Face-to-face strategy meeting.' },
    CALL: { description: 'Telephone call (often only the local authority and the police: check who else should have joined).' },
    VIDEO: { description: 'Video conference.' },
  },
});

export enum StrategyDiscussionDecision {
  S47_ENQUIRY = 'S47_ENQUIRY',
  NO_S47 = 'NO_S47',
  FURTHER_DISCUSSION = 'FURTHER_DISCUSSION',
  NFA = 'NFA',
}
registerEnumType(StrategyDiscussionDecision, {
  name: 'StrategyDiscussionDecision',
  description: 'What a strategy discussion decided (Working Together 2023: whether to initiate enquiries under section 47 of the Children Act 1989).',
  valuesConfig: {
    S47_ENQUIRY: { description: 'Reasonable cause to suspect significant harm: a section 47 enquiry is initiated (its start date is this discussion).' },
    NO_S47: { description: 'Threshold for a section 47 enquiry not met; the child and family assessment (section 17) or other support continues.' },
    FURTHER_DISCUSSION: { description: 'More information is needed: a further strategy discussion will decide.' },
    NFA: { description: 'No further action by children\'s social care.' },
  },
});

export enum ParticipantStatus {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
  ATTENDED = 'ATTENDED',
  DECLINED = 'DECLINED',
  WRITTEN_CONTRIBUTION = 'WRITTEN_CONTRIBUTION',
  DID_NOT_ATTEND = 'DID_NOT_ATTEND',
  NOT_INVITED = 'NOT_INVITED',
}
registerEnumType(ParticipantStatus, {
  name: 'ParticipantStatus',
  description: 'Whether an agency was invited to, and took part in, a strategy discussion.',
  valuesConfig: {
    INVITED: { description: 'Invited; no response and no attendance recorded yet.' },
    ACCEPTED: { description: 'The invited agency said it will take part (its own response before the discussion); attendance is recorded when the discussion is held.' },
    ATTENDED: { description: 'Took part in the discussion.' },
    DECLINED: { description: 'Invited but did not take part; the reason is recorded.' },
    WRITTEN_CONTRIBUTION: { description: 'Did not attend but sent a written contribution instead (the agency\'s own response; its contribution is on the discussion).' },
    DID_NOT_ATTEND: { description: 'Invited (or accepted) but absent when the discussion was held, as the convening agency recorded it.' },
    NOT_INVITED: { description: 'Relevant but not invited; the convening agency records why (partners may challenge non-invitation).' },
  },
});

export enum StrategyDiscussionStage {
  CONVENED = 'CONVENED',
  HELD = 'HELD',
}
registerEnumType(StrategyDiscussionStage, {
  name: 'StrategyDiscussionStage',
  description: 'Where a strategy discussion stands: convened with invitations out, or held with its decision.',
  valuesConfig: {
    CONVENED: { description: 'Convened: agencies are invited and respond; `heldAt` is the planned time and there is no decision yet.' },
    HELD: { description: 'Held: attendance and the decision are recorded (a discussion recorded after the fact is HELD from the start).' },
  },
});

export enum StrategyDiscussionUrgency {
  IMMEDIATE = 'IMMEDIATE',
  SAME_DAY = 'SAME_DAY',
  NEXT_WORKING_DAY = 'NEXT_WORKING_DAY',
  WITHIN_3_WORKING_DAYS = 'WITHIN_3_WORKING_DAYS',
}
registerEnumType(StrategyDiscussionUrgency, {
  name: 'StrategyDiscussionUrgency',
  description: 'How soon the convening agency needs the discussion held, as it judged the risk when it convened it.',
  valuesConfig: {
    IMMEDIATE: { description: 'Immediate risk: held as soon as the agencies can be reached (emergency action may already have been taken).' },
    SAME_DAY: { description: 'Held the same day.' },
    NEXT_WORKING_DAY: { description: 'Held by the end of the next working day.' },
    WITHIN_3_WORKING_DAYS: { description: 'Held within three working days.' },
  },
});

/* 3x5x2 grading: the partnership's one vocabulary lives with the exploitation screenings
   (SourceEvaluation, IntelligenceAssessment, HandlingCode in ../exploitation/exploitation-screening.entity). */

export enum Section47Outcome {
  ICPC_REQUIRED = 'ICPC_REQUIRED',
  NFA = 'NFA',
  NFA_CONTINUE_ASSESSMENT = 'NFA_CONTINUE_ASSESSMENT',
  CIN_PLAN = 'CIN_PLAN',
  SHORT_BREAKS = 'SHORT_BREAKS',
  LEGAL_ACTION = 'LEGAL_ACTION',
  OTHER_AGENCY_MONITOR = 'OTHER_AGENCY_MONITOR',
  OTHER = 'OTHER',
}
registerEnumType(Section47Outcome, {
  name: 'Section47Outcome',
  description: 'Outcome of a section 47 enquiry (SSD `s47e_s47_outcome_json` flags / draft S47 outcome list).',
  valuesConfig: {
    ICPC_REQUIRED: { description: 'Initial child protection conference required (SSD CP_CONFERENCE_FLAG).' },
    NFA: { description: 'No further action (SSD NFA_FLAG).' },
    NFA_CONTINUE_ASSESSMENT: { description: 'No further s47 action; continue with the single (child and family) assessment (SSD NFA_CONTINUE_SINGLE_FLAG).' },
    CIN_PLAN: { description: 'Provision of section 17 services: child in need plan (SSD PROV_OF_SERVICES_FLAG).' },
    SHORT_BREAKS: { description: 'Provision of section 17 short breaks care (SSD PROV_OF_SB_CARE_FLAG).' },
    LEGAL_ACTION: { description: 'Initiate legal action (SSD LEGAL_ACTION_FLAG).' },
    OTHER_AGENCY_MONITOR: { description: 'Another agency to monitor (SSD MONITOR_FLAG).' },
    OTHER: { description: 'Other outcome (SSD OTHER_OUTCOMES_EXIST_FLAG).' },
  },
});

export enum CategoryOfAbuse {
  NEG = 'NEG',
  PHY = 'PHY',
  SAB = 'SAB',
  EMO = 'EMO',
  MUL = 'MUL',
}
registerEnumType(CategoryOfAbuse, {
  name: 'CategoryOfAbuse',
  description: 'Category of abuse of a child protection plan (DfE CIN census codes; SSD `cppl_cp_plan_initial_category`).',
  valuesConfig: {
    NEG: { description: 'Neglect.' },
    PHY: { description: 'Physical abuse.' },
    SAB: { description: 'Sexual abuse.' },
    EMO: { description: 'Emotional abuse.' },
    MUL: { description: 'Multiple categories (more than one of the above).' },
  },
});

export enum ConferenceType {
  INITIAL = 'INITIAL',
  REVIEW = 'REVIEW',
}
registerEnumType(ConferenceType, {
  name: 'ConferenceType',
  description: 'Kind of child protection conference.',
  valuesConfig: {
    INITIAL: { description: 'Initial child protection conference (ICPC), after a section 47 enquiry; due within 15 working days of the strategy discussion that initiated it.' },
    REVIEW: { description: 'Review child protection conference (RCPC): first within 3 months of the ICPC, then at most 6-monthly.' },
  },
});

export enum ConferenceOutcome {
  CP_PLAN = 'CP_PLAN',
  NO_PLAN = 'NO_PLAN',
}
registerEnumType(ConferenceOutcome, {
  name: 'ConferenceOutcome',
  description: 'What a child protection conference decided (SSD `icpc_icpc_outcome_cp_flag`, `cppr_cp_review_outcome_continue_cp`).',
  valuesConfig: {
    CP_PLAN: { description: 'The child is (initial) or remains (review) subject to a child protection plan.' },
    NO_PLAN: { description: 'No child protection plan (initial), or the plan ends (review).' },
  },
});

export enum PlanEndReason {
  NO_LONGER_AT_RISK = 'NO_LONGER_AT_RISK',
  BECAME_LOOKED_AFTER = 'BECAME_LOOKED_AFTER',
  TRANSFERRED_TO_OTHER_LA = 'TRANSFERRED_TO_OTHER_LA',
  REACHED_18 = 'REACHED_18',
  DIED = 'DIED',
  OTHER = 'OTHER',
}
registerEnumType(PlanEndReason, {
  name: 'PlanEndReason',
  description: 'Why a child protection plan ended.',
  valuesConfig: {
    NO_LONGER_AT_RISK: { description: 'A review conference decided the child is no longer at continuing risk of significant harm.' },
    BECAME_LOOKED_AFTER: { description: 'The child became looked after (safeguarded through the care plan).' },
    TRANSFERRED_TO_OTHER_LA: { description: 'The child moved and the plan transferred to another local authority.' },
    REACHED_18: { description: 'The young person reached 18.' },
    DIED: { description: 'The child died.' },
    OTHER: { description: 'Another reason.' },
  },
});
