import { registerEnumType } from 'type-graphql';

/**
 * DfE SSDA903 (children looked after return) code lists used by the care module. Values and
 * descriptions follow the SSD catalogue and the 903 guide (the Standard Safeguarding Dataset's code lists,
 * uk-safeguarding-standards.md §7 "SSDA903").
 */

/** SSDA903 legal status (LS). */
export enum LegalStatus {
  C1 = 'C1',
  C2 = 'C2',
  D1 = 'D1',
  E1 = 'E1',
  J1 = 'J1',
  J2 = 'J2',
  J3 = 'J3',
  L1 = 'L1',
  L2 = 'L2',
  L3 = 'L3',
  V2 = 'V2',
  V3 = 'V3',
  V4 = 'V4',
}
registerEnumType(LegalStatus, {
  name: 'CareLegalStatus',
  description: 'SSDA903 legal status under which a child is looked after.',
  valuesConfig: {
    C1: { description: 'Interim care order (Children Act 1989 s38).' },
    C2: { description: 'Full care order (s31).' },
    D1: { description: 'Freeing order granted.' },
    E1: { description: 'Placement order granted (Adoption and Children Act 2002).' },
    J1: { description: 'Remanded to local authority accommodation or youth detention accommodation.' },
    J2: { description: 'Placed in local authority accommodation under PACE, including secure accommodation.' },
    J3: { description: 'Sentenced to a youth rehabilitation order with residence or intensive fostering requirement.' },
    L1: { description: 'Under police protection and in local authority accommodation (s46).' },
    L2: { description: 'Emergency protection order (s44).' },
    L3: { description: 'Under child assessment order and in local authority accommodation (s43).' },
    V2: { description: 'Single period of accommodation under s20 (voluntary).' },
    V3: { description: 'Accommodated under an agreed series of short-term breaks, when individual episodes are recorded.' },
    V4: { description: 'Accommodated under an agreed series of short-term breaks, when agreements are recorded (not individual episodes).' },
  },
});

/** CIN category of need when the period of care began (903 uses N1..N8). */
export enum CategoryOfNeed {
  N1 = 'N1',
  N2 = 'N2',
  N3 = 'N3',
  N4 = 'N4',
  N5 = 'N5',
  N6 = 'N6',
  N7 = 'N7',
  N8 = 'N8',
}
registerEnumType(CategoryOfNeed, {
  name: 'CareCategoryOfNeed',
  description: 'CIN category of need (primary need) when the child started to be looked after.',
  valuesConfig: {
    N1: { description: 'Abuse or neglect.' },
    N2: { description: "Child's disability." },
    N3: { description: 'Parental illness or disability.' },
    N4: { description: 'Family in acute stress.' },
    N5: { description: 'Family dysfunction.' },
    N6: { description: 'Socially unacceptable behaviour.' },
    N7: { description: 'Low income.' },
    N8: { description: 'Absent parenting.' },
  },
});

/** SSDA903 reason for new episode (RNE). */
export enum ReasonForNewEpisode {
  S = 'S',
  L = 'L',
  P = 'P',
  T = 'T',
  U = 'U',
  B = 'B',
}
registerEnumType(ReasonForNewEpisode, {
  name: 'CareReasonForNewEpisode',
  description: 'SSDA903 reason for a new episode of care (RNE).',
  valuesConfig: {
    S: { description: 'Started to be looked after.' },
    L: { description: 'Change of legal status only.' },
    P: { description: 'Change of placement and carer(s) only.' },
    T: { description: 'Change of placement but same carer(s).' },
    U: { description: 'Change of legal status and placement, same carer(s).' },
    B: { description: 'Change of legal status, placement and carer(s).' },
  },
});

/** SSDA903 reason episode ceased (REC). */
export enum ReasonEpisodeCeased {
  X1 = 'X1',
  E11 = 'E11',
  E12 = 'E12',
  E2 = 'E2',
  E3 = 'E3',
  E4A = 'E4A',
  E4B = 'E4B',
  E13 = 'E13',
  E41 = 'E41',
  E45 = 'E45',
  E46 = 'E46',
  E47 = 'E47',
  E48 = 'E48',
  E5 = 'E5',
  E6 = 'E6',
  E7 = 'E7',
  E9 = 'E9',
  E14 = 'E14',
  E15 = 'E15',
  E16 = 'E16',
  E17 = 'E17',
  E8 = 'E8',
}
registerEnumType(ReasonEpisodeCeased, {
  name: 'CareReasonEpisodeCeased',
  description: 'SSDA903 reason an episode of care ceased (REC).',
  valuesConfig: {
    X1: { description: 'Episode ceases and a new episode begins on the same day (change of legal status and/or placement).' },
    E11: { description: 'Adopted: application for an adoption order unopposed.' },
    E12: { description: 'Adopted: consent dispensed with by the court.' },
    E2: { description: 'Died.' },
    E3: { description: 'Care taken over by another local authority in the UK.' },
    E4A: { description: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility as part of the care planning process.' },
    E4B: { description: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility not as part of the care planning process.' },
    E13: { description: 'Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility.' },
    E41: { description: 'Residence order (or, from 22 April 2014, a child arrangement order) granted.' },
    E45: { description: 'Special guardianship order made to former foster carer(s), who were a relative or friend.' },
    E46: { description: 'Special guardianship order made to former foster carer(s), other than relative or friend.' },
    E47: { description: 'Special guardianship order made to carer(s), other than former foster carer(s), who were a relative or friend.' },
    E48: { description: 'Special guardianship order made to carer(s), other than former foster carer(s), other than relative or friend.' },
    E5: { description: 'Moved into independent living arrangement with no formalised support.' },
    E6: { description: 'Moved into independent living arrangement with formalised support (e.g. supported lodgings, hostel).' },
    E7: { description: 'Transferred to residential care funded by adult social care services.' },
    E9: { description: 'Sentenced to custody.' },
    E14: { description: 'Accommodation on remand ended.' },
    E15: { description: 'Age assessment determined child is aged 18 or over and the child left care.' },
    E16: { description: 'Child moved abroad.' },
    E17: { description: 'Aged 18 (or over) and remained with current carers (staying put).' },
    E8: { description: 'Period of being looked after ceased for any other reason.' },
  },
});

/** SSDA903 placement type (PLACE). */
export enum PlacementType {
  A3 = 'A3',
  A4 = 'A4',
  A5 = 'A5',
  A6 = 'A6',
  H5 = 'H5',
  K1 = 'K1',
  K2 = 'K2',
  K3 = 'K3',
  P1 = 'P1',
  P2 = 'P2',
  P3 = 'P3',
  R1 = 'R1',
  R2 = 'R2',
  R3 = 'R3',
  R5 = 'R5',
  S1 = 'S1',
  T0 = 'T0',
  T1 = 'T1',
  T2 = 'T2',
  T3 = 'T3',
  T4 = 'T4',
  U1 = 'U1',
  U2 = 'U2',
  U3 = 'U3',
  U4 = 'U4',
  U5 = 'U5',
  U6 = 'U6',
  Z1 = 'Z1',
}
registerEnumType(PlacementType, {
  name: 'CarePlacementType',
  description: 'SSDA903 placement type (PLACE).',
  valuesConfig: {
    A3: { description: 'Placed for adoption with parental/guardian consent with current foster carer(s) (s19) or with a placement order (s21) with current foster carer(s).' },
    A4: { description: 'Placed for adoption with parental/guardian consent not with current foster carer(s).' },
    A5: { description: 'Placed for adoption with a placement order with current foster carer(s).' },
    A6: { description: 'Placed for adoption with a placement order not with current foster carer(s).' },
    H5: { description: 'Semi-independent living accommodation not subject to children’s homes regulations.' },
    K1: { description: 'Secure children’s home.' },
    K2: { description: 'Children’s home subject to children’s homes regulations.' },
    K3: { description: 'Registered supported accommodation (newer code).' },
    P1: { description: 'Placed with own parent(s) or other person(s) with parental responsibility.' },
    P2: { description: 'Independent living, e.g. in a flat, lodgings, bedsit, B&B or with friends, with or without formal support.' },
    P3: { description: 'Residential employment.' },
    R1: { description: 'Residential care home.' },
    R2: { description: 'NHS/health trust or other establishment providing medical or nursing care.' },
    R3: { description: 'Family centre or mother and baby unit.' },
    R5: { description: 'Young offender institution or prison.' },
    S1: { description: 'All residential schools, except where dual-registered as a school and children’s home.' },
    T0: { description: 'Temporary: all types of temporary move.' },
    T1: { description: 'Temporary periods in hospital.' },
    T2: { description: 'Temporary absences of the child on holiday.' },
    T3: { description: 'Temporary accommodation whilst normal foster carer(s) is/are on holiday.' },
    T4: { description: 'Temporary accommodation of seven days or less, for any reason not covered by T1 to T3.' },
    U1: { description: 'Foster placement with relative(s) or friend(s): long-term fostering.' },
    U2: { description: 'Foster placement with relative(s) or friend(s) who is/are also an approved adopter: fostering for adoption / concurrent planning.' },
    U3: { description: 'Foster placement with relative(s) or friend(s) who is/are not long-term or FFA/concurrent planning.' },
    U4: { description: 'Foster placement with other foster carer(s): long-term fostering.' },
    U5: { description: 'Foster placement with other foster carer(s) who is/are also an approved adopter: fostering for adoption / concurrent planning.' },
    U6: { description: 'Foster placement with other foster carer(s), not long-term or FFA/concurrent planning.' },
    Z1: { description: 'Other placement.' },
  },
});

/** SSDA903 placement provider. */
export enum PlacementProvider {
  PR0 = 'PR0',
  PR1 = 'PR1',
  PR2 = 'PR2',
  PR3 = 'PR3',
  PR4 = 'PR4',
  PR5 = 'PR5',
}
registerEnumType(PlacementProvider, {
  name: 'CarePlacementProvider',
  description: 'SSDA903 placement provider.',
  valuesConfig: {
    PR0: { description: 'Parent(s) or other person(s) with parental responsibility.' },
    PR1: { description: 'Own provision (by the local authority).' },
    PR2: { description: 'Other local authority provision.' },
    PR3: { description: 'Other public provision (e.g. by a PCT etc).' },
    PR4: { description: 'Private provision.' },
    PR5: { description: 'Voluntary/third sector provision.' },
  },
});

/** SSDA903 reason for placement change. */
export enum PlacementChangeReason {
  CARPL = 'CARPL',
  CLOSE = 'CLOSE',
  ALLEG = 'ALLEG',
  STAND = 'STAND',
  APPRR = 'APPRR',
  CREQB = 'CREQB',
  CREQO = 'CREQO',
  CHILD = 'CHILD',
  LAREQ = 'LAREQ',
  PLACE = 'PLACE',
  CUSTOD = 'CUSTOD',
  OTHER = 'OTHER',
}
registerEnumType(PlacementChangeReason, {
  name: 'CarePlacementChangeReason',
  description: 'SSDA903 reason a placement ended (reason for placement change).',
  valuesConfig: {
    CARPL: { description: 'Change to, or implementation of, the care plan.' },
    CLOSE: { description: 'Resignation or closure of the provision.' },
    ALLEG: { description: 'Allegation (s47).' },
    STAND: { description: 'Standards of care concern.' },
    APPRR: { description: 'Approval removed.' },
    CREQB: { description: 'Carer requests placement end due to child’s behaviour.' },
    CREQO: { description: 'Carer requests placement end, other than due to child’s behaviour.' },
    CHILD: { description: 'Child requests placement end.' },
    LAREQ: { description: 'Responsible/area authority requests placement end.' },
    PLACE: { description: 'Change in the status of the placement only.' },
    CUSTOD: { description: 'Child arrested, remanded or sentenced to custody.' },
    OTHER: { description: 'Other.' },
  },
});

/** Statutory looked-after review in sequence (Care Planning Regs 2010 reg 33). */
export enum CareReviewType {
  FIRST = 'FIRST',
  SECOND = 'SECOND',
  SUBSEQUENT = 'SUBSEQUENT',
}
registerEnumType(CareReviewType, {
  name: 'CareReviewType',
  description: 'Which statutory looked-after review this is (Care Planning, Placement and Case Review Regs 2010 reg 33).',
  valuesConfig: {
    FIRST: { description: 'First review: within 20 working days of becoming looked after.' },
    SECOND: { description: 'Second review: within 3 months of the first.' },
    SUBSEQUENT: { description: 'Later reviews: at intervals of no more than 6 months.' },
  },
});

/** SSDA903 review participation (PN0..PN7). */
export enum ReviewParticipation {
  PN0 = 'PN0',
  PN1 = 'PN1',
  PN2 = 'PN2',
  PN3 = 'PN3',
  PN4 = 'PN4',
  PN5 = 'PN5',
  PN6 = 'PN6',
  PN7 = 'PN7',
}
registerEnumType(ReviewParticipation, {
  name: 'CareReviewParticipation',
  description: "SSDA903 child's participation in the review.",
  valuesConfig: {
    PN0: { description: 'Child aged under 4 at the time of the review.' },
    PN1: { description: 'Child physically attends and speaks for themselves.' },
    PN2: { description: 'Child physically attends and an advocate speaks on their behalf.' },
    PN3: { description: 'Child attends and conveys their view symbolically (non-verbally).' },
    PN4: { description: 'Child physically attends but does not speak for themselves, convey views symbolically or ask an advocate.' },
    PN5: { description: 'Child does not attend but briefs an advocate to speak for them.' },
    PN6: { description: 'Child does not attend but conveys their feelings through a facilitative medium.' },
    PN7: { description: 'Child does not attend nor are their views conveyed to the review.' },
  },
});

/** SSDA903 care leaver: in touch (OC3). */
export enum CareLeaverInTouch {
  YES = 'YES',
  NO = 'NO',
  DIED = 'DIED',
  REFU = 'REFU',
  NREQ = 'NREQ',
  RHOM = 'RHOM',
}
registerEnumType(CareLeaverInTouch, {
  name: 'CareLeaverInTouch',
  description: 'SSDA903 care leaver: whether the authority is in touch with the young person.',
  valuesConfig: {
    YES: { description: 'In touch.' },
    NO: { description: 'Not in touch.' },
    DIED: { description: 'Young person has died.' },
    REFU: { description: 'Young person refuses contact.' },
    NREQ: { description: 'Young person no longer requires services.' },
    RHOM: { description: 'Young person returned home to parents or relatives for 6 months or more.' },
  },
});

/** SSDA903 care leaver accommodation (OC3). */
export enum CareLeaverAccommodation {
  B = 'B',
  C = 'C',
  D = 'D',
  E = 'E',
  G = 'G',
  H = 'H',
  K = 'K',
  R = 'R',
  S = 'S',
  T = 'T',
  U = 'U',
  V = 'V',
  W = 'W',
  X = 'X',
  Y = 'Y',
  Z = 'Z',
}
registerEnumType(CareLeaverAccommodation, {
  name: 'CareLeaverAccommodation',
  description: 'SSDA903 care leaver accommodation type.',
  valuesConfig: {
    B: { description: 'With parents or relatives.' },
    C: { description: 'Community home or other form of residential care.' },
    D: { description: 'Semi-independent, transitional accommodation (e.g. self-contained flats).' },
    E: { description: 'Supported lodgings.' },
    G: { description: 'Gone abroad.' },
    H: { description: 'Deported.' },
    K: { description: 'Ordinary lodgings, without formal support.' },
    R: { description: 'Residence not known.' },
    S: { description: 'No fixed abode / homeless.' },
    T: { description: 'Foyers and similar supported accommodation.' },
    U: { description: 'Independent living (e.g. own tenancy).' },
    V: { description: 'Emergency accommodation.' },
    W: { description: 'Bed and breakfast.' },
    X: { description: 'In custody.' },
    Y: { description: 'Other accommodation.' },
    Z: { description: 'With former foster carers (staying put).' },
  },
});

/** SSDA903 care leaver main activity (OC3). */
export enum CareLeaverActivity {
  F1 = 'F1',
  P1 = 'P1',
  F2 = 'F2',
  P2 = 'P2',
  F4 = 'F4',
  P4 = 'P4',
  F5 = 'F5',
  P5 = 'P5',
  G4 = 'G4',
  G5 = 'G5',
  G6 = 'G6',
}
registerEnumType(CareLeaverActivity, {
  name: 'CareLeaverActivity',
  description: 'SSDA903 care leaver main activity (G4-G6 are NEET: not in education, employment or training).',
  valuesConfig: {
    F1: { description: 'Full time in higher education.' },
    P1: { description: 'Part time in higher education.' },
    F2: { description: 'Full time in education other than higher education.' },
    P2: { description: 'Part time in education other than higher education.' },
    F4: { description: 'Full time apprenticeship.' },
    P4: { description: 'Part time apprenticeship.' },
    F5: { description: 'Full time in training or employment (other than apprenticeship).' },
    P5: { description: 'Part time in training or employment (other than apprenticeship).' },
    G4: { description: 'NEET: not in education, training or employment owing to illness or disability.' },
    G5: { description: 'NEET: not in education, training or employment owing to other circumstances.' },
    G6: { description: 'NEET: not in education, training or employment owing to pregnancy or parenting.' },
  },
});

export const NEET_ACTIVITIES: readonly CareLeaverActivity[] = [CareLeaverActivity.G4, CareLeaverActivity.G5, CareLeaverActivity.G6];

/** Care leaver eligibility category (Children (Leaving Care) Act 2000). */
export enum CareLeaverEligibility {
  ELIGIBLE = 'ELIGIBLE',
  RELEVANT = 'RELEVANT',
  FORMER_RELEVANT = 'FORMER_RELEVANT',
  QUALIFYING = 'QUALIFYING',
  NONE = 'NONE',
}
registerEnumType(CareLeaverEligibility, {
  name: 'CareLeaverEligibility',
  description: 'Care leaver eligibility category (SSD `clea_care_leaver_eligibility`).',
  valuesConfig: {
    ELIGIBLE: { description: 'Aged 16-17, still looked after, looked after 13 weeks since age 14.' },
    RELEVANT: { description: 'Aged 16-17, left care after being eligible.' },
    FORMER_RELEVANT: { description: 'Aged 18-25, was eligible or relevant.' },
    QUALIFYING: { description: 'Looked after after 16 but not eligible (e.g. under an SGO).' },
    NONE: { description: 'No current eligibility.' },
  },
});
