import { registerEnumType } from 'type-graphql';

/**
 * DfE code lists used by the front door (contacts, referrals, assessments). The TypeScript value is the
 * DfE code as stored in the database and sent in the CIN census / SSD; the GraphQL name is the enum key.
 * Descriptions follow the Standard Safeguarding Dataset's code lists.
 */

/** CIN referral / contact source (CINE004A, CONT004A). */
export enum ReferralSource {
  SOURCE_1A = '1A',
  SOURCE_1B = '1B',
  SOURCE_1C = '1C',
  SOURCE_1D = '1D',
  SOURCE_2A = '2A',
  SOURCE_2B = '2B',
  SOURCE_3A = '3A',
  SOURCE_3B = '3B',
  SOURCE_3C = '3C',
  SOURCE_3D = '3D',
  SOURCE_3E = '3E',
  SOURCE_3F = '3F',
  SOURCE_4 = '4',
  SOURCE_5A = '5A',
  SOURCE_5B = '5B',
  SOURCE_5C = '5C',
  SOURCE_5D = '5D',
  SOURCE_6 = '6',
  SOURCE_7 = '7',
  SOURCE_8 = '8',
  SOURCE_9 = '9',
  SOURCE_10 = '10',
}

export const REFERRAL_SOURCE_DESCRIPTIONS: Record<ReferralSource, string> = {
  [ReferralSource.SOURCE_1A]: 'Individual: family member, relative or carer',
  [ReferralSource.SOURCE_1B]: 'Individual: acquaintance (including neighbours and child minders)',
  [ReferralSource.SOURCE_1C]: 'Individual: self',
  [ReferralSource.SOURCE_1D]: 'Individual: other',
  [ReferralSource.SOURCE_2A]: 'Schools',
  [ReferralSource.SOURCE_2B]: 'Education services',
  [ReferralSource.SOURCE_3A]: 'Health services: GP',
  [ReferralSource.SOURCE_3B]: 'Health services: health visitor',
  [ReferralSource.SOURCE_3C]: 'Health services: school nurse',
  [ReferralSource.SOURCE_3D]: 'Health services: other primary health services',
  [ReferralSource.SOURCE_3E]: 'Health services: A&E',
  [ReferralSource.SOURCE_3F]: 'Health services: other',
  [ReferralSource.SOURCE_4]: 'Housing (local authority housing or housing association)',
  [ReferralSource.SOURCE_5A]: 'LA services: social care (e.g. adult social care)',
  [ReferralSource.SOURCE_5B]: 'LA services: other internal',
  [ReferralSource.SOURCE_5C]: 'LA services: external (e.g. from another local authority)',
  [ReferralSource.SOURCE_5D]: 'LA services: early help',
  [ReferralSource.SOURCE_6]: 'Police',
  [ReferralSource.SOURCE_7]: 'Other legal agency (courts, probation, immigration, CAFCASS, prison)',
  [ReferralSource.SOURCE_8]: "Other (children's centres, voluntary organisations)",
  [ReferralSource.SOURCE_9]: 'Anonymous',
  [ReferralSource.SOURCE_10]: 'Unknown',
};

registerEnumType(ReferralSource, {
  name: 'ReferralSource',
  description: 'DfE CIN referral / contact source code (1A..10); the DfE code is in each value description.',
  valuesConfig: Object.fromEntries(
    Object.entries(ReferralSource).map(([key, code]) => [key, { description: `${code}: ${REFERRAL_SOURCE_DESCRIPTIONS[code]}` }]),
  ),
});

/** What the front door decided about a contact (SSD contact outcome, simplified categories). */
export enum ContactOutcome {
  REFERRAL = 'REFERRAL',
  EARLY_HELP = 'EARLY_HELP',
  NFA = 'NFA',
  INFORMATION_AND_ADVICE = 'INFORMATION_AND_ADVICE',
}

registerEnumType(ContactOutcome, {
  name: 'ContactOutcome',
  description: 'Outcome of a contact to the front door (SSD contact outcome categories).',
  valuesConfig: {
    REFERRAL: { description: "Progressed to a referral to children's social care (new CIN referral)." },
    EARLY_HELP: { description: 'Passed to early help.' },
    NFA: { description: 'No further action.' },
    INFORMATION_AND_ADVICE: { description: 'Information and advice given; no further action by social care.' },
  },
});

/** CIN primary need code (CINE010A). */
export enum PrimaryNeed {
  N0 = 'N0',
  N1 = 'N1',
  N2 = 'N2',
  N3 = 'N3',
  N4 = 'N4',
  N5 = 'N5',
  N6 = 'N6',
  N7 = 'N7',
  N8 = 'N8',
  N9 = 'N9',
}

registerEnumType(PrimaryNeed, {
  name: 'PrimaryNeed',
  description: 'DfE CIN primary need code (N0..N9).',
  valuesConfig: {
    N0: { description: 'Not stated.' },
    N1: { description: 'Abuse or neglect.' },
    N2: { description: "Child's disability or illness." },
    N3: { description: 'Parental illness or disability.' },
    N4: { description: 'Family in acute stress.' },
    N5: { description: 'Family dysfunction.' },
    N6: { description: 'Socially unacceptable behaviour.' },
    N7: { description: 'Low income.' },
    N8: { description: 'Absent parenting.' },
    N9: { description: 'Cases other than children in need (e.g. adoption support).' },
  },
});

/** CIN reason for closure (CINE006A). */
export enum ClosureReason {
  RC1 = 'RC1',
  RC2 = 'RC2',
  RC3 = 'RC3',
  RC4 = 'RC4',
  RC5 = 'RC5',
  RC6 = 'RC6',
  RC7 = 'RC7',
  RC8 = 'RC8',
  RC9 = 'RC9',
}

registerEnumType(ClosureReason, {
  name: 'ClosureReason',
  description: 'DfE CIN reason for closure (RC1..RC9).',
  valuesConfig: {
    RC1: { description: 'Adopted.' },
    RC2: { description: 'Died.' },
    RC3: { description: 'Child arrangements order.' },
    RC4: { description: 'Special guardianship order.' },
    RC5: { description: 'Transferred to services of another local authority.' },
    RC6: { description: 'Transferred to adult social care.' },
    RC7: { description: 'Case closed after provision of services (services ceased) or other reason.' },
    RC8: { description: 'Case closed after assessment, no further action.' },
    RC9: { description: 'Case closed after assessment, referred to early help.' },
  },
});

/**
 * CIN assessment factors (CINF002A). A = the child, B = parent or carer, C = another person in the
 * household. 18A/19A are obsolete in the CIN census and are not offered.
 */
export enum AssessmentFactor {
  FACTOR_1A = '1A',
  FACTOR_1B = '1B',
  FACTOR_1C = '1C',
  FACTOR_2A = '2A',
  FACTOR_2B = '2B',
  FACTOR_2C = '2C',
  FACTOR_3A = '3A',
  FACTOR_3B = '3B',
  FACTOR_3C = '3C',
  FACTOR_4A = '4A',
  FACTOR_4B = '4B',
  FACTOR_4C = '4C',
  FACTOR_5A = '5A',
  FACTOR_5B = '5B',
  FACTOR_5C = '5C',
  FACTOR_6A = '6A',
  FACTOR_6B = '6B',
  FACTOR_6C = '6C',
  FACTOR_7A = '7A',
  FACTOR_8B = '8B',
  FACTOR_8C = '8C',
  FACTOR_8D = '8D',
  FACTOR_8E = '8E',
  FACTOR_8F = '8F',
  FACTOR_9A = '9A',
  FACTOR_10A = '10A',
  FACTOR_11A = '11A',
  FACTOR_12A = '12A',
  FACTOR_13A = '13A',
  FACTOR_14A = '14A',
  FACTOR_15A = '15A',
  FACTOR_16A = '16A',
  FACTOR_17A = '17A',
  FACTOR_18B = '18B',
  FACTOR_18C = '18C',
  FACTOR_19B = '19B',
  FACTOR_19C = '19C',
  FACTOR_20 = '20',
  FACTOR_21 = '21',
  FACTOR_22A = '22A',
  FACTOR_23A = '23A',
  FACTOR_24A = '24A',
}

const WHO: Record<string, string> = { A: 'child', B: 'parent or carer', C: 'other person in the household' };
const FACTOR_TOPICS: Record<string, string> = {
  '1': 'Alcohol misuse',
  '2': 'Drug misuse',
  '3': 'Domestic violence',
  '4': 'Mental health',
  '5': 'Learning disability',
  '6': 'Physical disability or illness',
};
export const ASSESSMENT_FACTOR_DESCRIPTIONS: Record<AssessmentFactor, string> = Object.fromEntries(
  Object.values(AssessmentFactor).map((code) => {
    const m = /^(\d+)([A-F]?)$/.exec(code)!;
    const topic = FACTOR_TOPICS[m[1]];
    if (topic) return [code, `${topic} (concerns about the ${WHO[m[2]]})`];
    const fixed: Record<string, string> = {
      '7A': 'Young carer',
      '8B': 'Privately fostered: overseas child who intends to return',
      '8C': 'Privately fostered: overseas child who intends to stay',
      '8D': 'Privately fostered: UK child in educational placement',
      '8E': 'Privately fostered: UK child making alternative family arrangements',
      '8F': 'Privately fostered: other',
      '9A': 'Unaccompanied asylum-seeking child',
      '10A': 'Going or being missing',
      '11A': 'Child sexual exploitation',
      '12A': 'Trafficking',
      '13A': 'Gangs',
      '14A': 'Socially unacceptable behaviour',
      '15A': 'Self-harm',
      '16A': 'Neglect',
      '17A': 'Emotional abuse',
      '18B': 'Physical abuse: child on child',
      '18C': 'Physical abuse: adult on child',
      '19B': 'Sexual abuse: child on child',
      '19C': 'Sexual abuse: adult on child',
      '20': 'Other',
      '21': 'No factors identified (must be the only factor)',
      '22A': 'Female genital mutilation',
      '23A': 'Abuse linked to faith or belief',
      '24A': 'Child criminal exploitation',
    };
    return [code, fixed[code]];
  }),
) as Record<AssessmentFactor, string>;

registerEnumType(AssessmentFactor, {
  name: 'AssessmentFactor',
  description: 'DfE CIN assessment factor code (1A..24A): A = child, B = parent/carer, C = other household member.',
  valuesConfig: Object.fromEntries(
    Object.entries(AssessmentFactor).map(([key, code]) => [key, { description: `${code}: ${ASSESSMENT_FACTOR_DESCRIPTIONS[code]}.` }]),
  ),
});

/** Outcome of a single (child and family) assessment, normalised from the SSD outcome flags. */
export enum AssessmentOutcome {
  NFA = 'NFA',
  CIN_PLAN = 'CIN_PLAN',
  STRATEGY_DISCUSSION = 'STRATEGY_DISCUSSION',
  STEP_DOWN_EARLY_HELP = 'STEP_DOWN_EARLY_HELP',
  CLA_REQUEST = 'CLA_REQUEST',
  REFERRAL_TO_OTHER_AGENCY = 'REFERRAL_TO_OTHER_AGENCY',
  OTHER = 'OTHER',
}

registerEnumType(AssessmentOutcome, {
  name: 'AssessmentOutcome',
  description: 'Outcome of a child and family assessment (SSD assessment outcome flags, normalised).',
  valuesConfig: {
    NFA: { description: 'No further action.' },
    CIN_PLAN: { description: 'Provision of services under a child in need plan (s17).' },
    STRATEGY_DISCUSSION: { description: 'Strategy discussion (possible s47 enquiry).' },
    STEP_DOWN_EARLY_HELP: { description: 'Stepped down to early help.' },
    CLA_REQUEST: { description: 'Request for the child to be looked after.' },
    REFERRAL_TO_OTHER_AGENCY: { description: 'Referred to another agency.' },
    OTHER: { description: 'Other actions.' },
  },
});

/** Where pre-proceedings under the Public Law Outline ended (SSD `prep_pre_pro_outcome`). */
export enum PreProceedingsOutcome {
  ISSUE_CARE_PROCEEDINGS = 'ISSUE_CARE_PROCEEDINGS',
  STEP_DOWN = 'STEP_DOWN',
}
registerEnumType(PreProceedingsOutcome, {
  name: 'PreProceedingsOutcome',
  description: 'The decision that ended pre-proceedings.',
  valuesConfig: {
    ISSUE_CARE_PROCEEDINGS: { description: 'Decision to issue care proceedings.' },
    STEP_DOWN: { description: 'Decision to step down (the family continues without proceedings).' },
  },
});
