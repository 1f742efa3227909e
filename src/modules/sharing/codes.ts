import { registerEnumType } from 'type-graphql';

/** Where a child's NHS number stands against the NHS Personal Demographics Service (CWSA 2026 s16LC: the consistent identifier). */
export enum NhsNumberTraceStatus {
  TRACED = 'TRACED',
  NOT_FOUND = 'NOT_FOUND',
  NOT_YET_TRACED = 'NOT_YET_TRACED',
}
registerEnumType(NhsNumberTraceStatus, {
  name: 'NhsNumberTraceStatus',
  description: "Whether the child's NHS number has been traced and verified against the NHS Personal Demographics Service (PDS).",
  valuesConfig: {
    TRACED: { description: 'Traced: the NHS number was verified against PDS for this child.' },
    NOT_FOUND: { description: 'Traced, but PDS found no single match (the reason says what was tried).' },
    NOT_YET_TRACED: { description: 'Not traced yet (the reason says why, e.g. an unborn child, a newly arrived child, details incomplete).' },
  },
});

/**
 * The statutory gateway a disclosure relies on (uk-safeguarding-standards.md §5; 2026-updates.md): the
 * data protection basis stays in the record's `lawfulBasis`.
 */
export enum DisclosureGateway {
  DUTY_TO_SHARE_S16LA = 'DUTY_TO_SHARE_S16LA',
  CHILDREN_ACT_1989_S47 = 'CHILDREN_ACT_1989_S47',
  CHILDREN_ACT_1989_S17 = 'CHILDREN_ACT_1989_S17',
  CHILDREN_ACT_2004_S11 = 'CHILDREN_ACT_2004_S11',
  CRIME_AND_DISORDER_ACT_1998_S115 = 'CRIME_AND_DISORDER_ACT_1998_S115',
  CONSENT = 'CONSENT',
  COURT_ORDER = 'COURT_ORDER',
  OTHER = 'OTHER',
}
registerEnumType(DisclosureGateway, {
  name: 'DisclosureGateway',
  description: 'The legal gateway a disclosure about a child relies on.',
  valuesConfig: {
    DUTY_TO_SHARE_S16LA: { description: "Children Act 2004 s16LA (inserted by the Children's Wellbeing and Schools Act 2026 s4): the duty to share information relevant to a child's welfare with another safeguarding body." },
    CHILDREN_ACT_1989_S47: { description: 'Children Act 1989 s47 enquiries (and the s47(9) duty to assist).' },
    CHILDREN_ACT_1989_S17: { description: 'Children Act 1989 s17: services for a child in need.' },
    CHILDREN_ACT_2004_S11: { description: "Children Act 2004 s11: the duty to safeguard and promote children's welfare." },
    CRIME_AND_DISORDER_ACT_1998_S115: { description: 'Crime and Disorder Act 1998 s115: disclosure for the purposes of the Act.' },
    CONSENT: { description: 'With the consent of the child or their parent (not required for safeguarding; recorded when it was the basis).' },
    COURT_ORDER: { description: 'Required by a court order.' },
    OTHER: { description: 'Another gateway, named in `gatewayDetail`.' },
  },
});
