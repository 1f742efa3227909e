import { registerEnumType } from 'type-graphql';

/** Initial or review health assessment of a looked-after child (Care Planning Regs 2010 reg 7). */
export enum HealthAssessmentType {
  INITIAL = 'INITIAL',
  REVIEW = 'REVIEW',
}
registerEnumType(HealthAssessmentType, {
  name: 'HealthAssessmentType',
  description: 'Statutory health assessment of a looked-after child.',
  valuesConfig: {
    INITIAL: { description: 'Initial health assessment (IHA): by a registered medical practitioner, due within 20 working days of becoming looked after.' },
    REVIEW: { description: 'Review health assessment (RHA): every 6 months under 5, every 12 months from age 5.' },
  },
});

/** Who performed the assessment (professional role, not a person). */
export enum HealthAssessorRole {
  PAEDIATRICIAN = 'PAEDIATRICIAN',
  GP = 'GP',
  LAC_NURSE = 'LAC_NURSE',
  HEALTH_VISITOR = 'HEALTH_VISITOR',
  SCHOOL_NURSE = 'SCHOOL_NURSE',
  OTHER = 'OTHER',
}
registerEnumType(HealthAssessorRole, {
  name: 'HealthAssessorRole',
  description: 'Professional role of whoever performed a health assessment.',
  valuesConfig: {
    PAEDIATRICIAN: { description: 'Paediatrician (registered medical practitioner; usual for IHAs).' },
    GP: { description: 'General practitioner (registered medical practitioner).' },
    LAC_NURSE: { description: 'Looked-after children nurse.' },
    HEALTH_VISITOR: { description: 'Health visitor.' },
    SCHOOL_NURSE: { description: 'School nurse.' },
    OTHER: { description: 'Other health professional.' },
  },
});

/** SSDA903 reason no SDQ score was returned (SDQ1..SDQ5). */
export enum SdqReason {
  SDQ1 = 'SDQ1',
  SDQ2 = 'SDQ2',
  SDQ3 = 'SDQ3',
  SDQ4 = 'SDQ4',
  SDQ5 = 'SDQ5',
}
registerEnumType(SdqReason, {
  name: 'SdqReason',
  description: 'SSDA903 reason an SDQ score is not given.',
  valuesConfig: {
    SDQ1: { description: 'No form returned as child was aged under 4 or over 17 at the date of the latest assessment.' },
    SDQ2: { description: 'Carer(s) refused to complete and return the questionnaire.' },
    SDQ3: { description: "Not possible to complete owing to the severity of the child's disability." },
    SDQ4: { description: 'Other.' },
    SDQ5: { description: 'Child or young person refuses to allow an SDQ to be completed.' },
  },
});

/** Professional roles that count as a registered medical practitioner (required for an IHA). */
export const MEDICAL_PRACTITIONER_ROLES: readonly HealthAssessorRole[] = [HealthAssessorRole.PAEDIATRICIAN, HealthAssessorRole.GP];
