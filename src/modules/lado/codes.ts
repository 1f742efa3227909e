import { registerEnumType } from 'type-graphql';

/**
 * Code lists for allegations against people who work with children (Working Together 2023 ch. 2;
 * Keeping Children Safe in Education part 4, whose outcome definitions the LADO applies).
 */

/** Outcome of an allegation (KCSIE part 4 / Working Together definitions). */
export enum LadoOutcome {
  SUBSTANTIATED = 'SUBSTANTIATED',
  UNSUBSTANTIATED = 'UNSUBSTANTIATED',
  UNFOUNDED = 'UNFOUNDED',
  MALICIOUS = 'MALICIOUS',
  FALSE = 'FALSE',
}
registerEnumType(LadoOutcome, {
  name: 'LadoOutcome',
  description: 'Outcome of an allegation against a person who works with children (Working Together / KCSIE definitions).',
  valuesConfig: {
    SUBSTANTIATED: { description: 'There is sufficient evidence to prove the allegation.' },
    UNSUBSTANTIATED: { description: 'There is insufficient evidence either to prove or disprove the allegation; implies neither guilt nor innocence.' },
    UNFOUNDED: { description: 'There is no evidence or proper basis which supports the allegation being made.' },
    MALICIOUS: { description: 'There is sufficient evidence to disprove the allegation and there has been a deliberate act to deceive.' },
    FALSE: { description: 'There is sufficient evidence to disprove the allegation.' },
  },
});

/** Category of harm alleged (the four categories of abuse, plus conduct showing unsuitability / transferable risk). */
export enum LadoHarmCategory {
  PHYSICAL = 'PHYSICAL',
  SEXUAL = 'SEXUAL',
  EMOTIONAL = 'EMOTIONAL',
  NEGLECT = 'NEGLECT',
  SUITABILITY = 'SUITABILITY',
}
registerEnumType(LadoHarmCategory, {
  name: 'LadoHarmCategory',
  description: 'Category of harm alleged against the adult.',
  valuesConfig: {
    PHYSICAL: { description: 'Physical abuse.' },
    SEXUAL: { description: 'Sexual abuse (including grooming and online abuse).' },
    EMOTIONAL: { description: 'Emotional abuse.' },
    NEGLECT: { description: 'Neglect.' },
    SUITABILITY: { description: 'Behaviour indicating the adult may not be suitable to work with children (transferable risk, including conduct outside work).' },
  },
});

/** Role in which the adult works or volunteers with children. */
export enum LadoAdultRole {
  TEACHER = 'TEACHER',
  TEACHING_ASSISTANT = 'TEACHING_ASSISTANT',
  OTHER_SCHOOL_STAFF = 'OTHER_SCHOOL_STAFF',
  EARLY_YEARS_PRACTITIONER = 'EARLY_YEARS_PRACTITIONER',
  FOSTER_CARER = 'FOSTER_CARER',
  RESIDENTIAL_CARE_WORKER = 'RESIDENTIAL_CARE_WORKER',
  SOCIAL_CARE_STAFF = 'SOCIAL_CARE_STAFF',
  HEALTH_PROFESSIONAL = 'HEALTH_PROFESSIONAL',
  POLICE = 'POLICE',
  SPORTS_COACH = 'SPORTS_COACH',
  YOUTH_WORKER = 'YOUTH_WORKER',
  FAITH_LEADER = 'FAITH_LEADER',
  TRANSPORT = 'TRANSPORT',
  VOLUNTEER = 'VOLUNTEER',
  OTHER = 'OTHER',
}
registerEnumType(LadoAdultRole, {
  name: 'LadoAdultRole',
  description: 'Role in which the adult the allegation is about works or volunteers with children.',
  valuesConfig: {
    TEACHER: { description: 'Teacher.' },
    TEACHING_ASSISTANT: { description: 'Teaching assistant or learning support.' },
    OTHER_SCHOOL_STAFF: { description: 'Other school or college staff (including supply and contractors).' },
    EARLY_YEARS_PRACTITIONER: { description: 'Nursery, pre-school or childminder.' },
    FOSTER_CARER: { description: 'Foster carer (including kinship / connected person carer).' },
    RESIDENTIAL_CARE_WORKER: { description: "Children's home or residential care worker." },
    SOCIAL_CARE_STAFF: { description: 'Social worker or other social care staff.' },
    HEALTH_PROFESSIONAL: { description: 'Health professional.' },
    POLICE: { description: 'Police officer or police staff.' },
    SPORTS_COACH: { description: 'Sports coach or instructor.' },
    YOUTH_WORKER: { description: 'Youth worker.' },
    FAITH_LEADER: { description: 'Faith leader or faith setting worker.' },
    TRANSPORT: { description: 'Transport (e.g. school escort, driver).' },
    VOLUNTEER: { description: 'Volunteer in any setting.' },
    OTHER: { description: 'Other role; see roleDetail.' },
  },
});
