import { registerEnumType } from 'type-graphql';

/** DfE `Sex` (CIN census 2024/25+, SSDA903): M, F, U. */
export enum Sex {
  M = 'M',
  F = 'F',
  U = 'U',
}
registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex as recorded for DfE returns (SSD `pers_sex`).',
  valuesConfig: { M: { description: 'Male.' }, F: { description: 'Female.' }, U: { description: 'Not known or not recorded (e.g. an unborn child).' } },
});

/** DfE gender codes (SSD `pers_gender`): 00, 01, 02, 09; GraphQL names stand for the codes. */
export enum Gender {
  NOT_KNOWN = '00',
  MALE = '01',
  FEMALE = '02',
  SELF_DESCRIBED = '09',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender as the child describes it (SSD `pers_gender`, DfE codes 00/01/02/09).',
  valuesConfig: {
    NOT_KNOWN: { description: '00 — not known.' },
    MALE: { description: '01 — male.' },
    FEMALE: { description: '02 — female.' },
    SELF_DESCRIBED: { description: '09 — prefers to self-describe.' },
  },
});

/** DfE ethnicity codes (CIN census, SSDA903; SSD `pers_ethnicity`). */
export enum Ethnicity {
  WBRI = 'WBRI',
  WIRI = 'WIRI',
  WIRT = 'WIRT',
  WOTH = 'WOTH',
  WROM = 'WROM',
  MWBC = 'MWBC',
  MWBA = 'MWBA',
  MWAS = 'MWAS',
  MOTH = 'MOTH',
  AIND = 'AIND',
  APKN = 'APKN',
  ABAN = 'ABAN',
  AOTH = 'AOTH',
  BCRB = 'BCRB',
  BAFR = 'BAFR',
  BOTH = 'BOTH',
  CHNE = 'CHNE',
  OOTH = 'OOTH',
  REFU = 'REFU',
  NOBT = 'NOBT',
}
registerEnumType(Ethnicity, {
  name: 'Ethnicity',
  description: 'DfE ethnicity code (CIN census, SSDA903; SSD `pers_ethnicity`).',
  valuesConfig: {
    WBRI: { description: 'White British.' },
    WIRI: { description: 'White Irish.' },
    WIRT: { description: 'Traveller of Irish heritage.' },
    WOTH: { description: 'Any other White background.' },
    WROM: { description: 'Gypsy/Roma.' },
    MWBC: { description: 'White and Black Caribbean.' },
    MWBA: { description: 'White and Black African.' },
    MWAS: { description: 'White and Asian.' },
    MOTH: { description: 'Any other mixed background.' },
    AIND: { description: 'Indian.' },
    APKN: { description: 'Pakistani.' },
    ABAN: { description: 'Bangladeshi.' },
    AOTH: { description: 'Any other Asian background.' },
    BCRB: { description: 'Caribbean.' },
    BAFR: { description: 'African.' },
    BOTH: { description: 'Any other Black background.' },
    CHNE: { description: 'Chinese.' },
    OOTH: { description: 'Any other ethnic group.' },
    REFU: { description: 'Refused (the child or family declined to say).' },
    NOBT: { description: 'Information not yet obtained.' },
  },
});

/** DfE disability codes (CIN census; SSD `ssd_disability.disa_disability_code`). */
export enum DisabilityCode {
  NONE = 'NONE',
  MOB = 'MOB',
  HAND = 'HAND',
  PC = 'PC',
  INC = 'INC',
  COMM = 'COMM',
  LD = 'LD',
  HEAR = 'HEAR',
  VIS = 'VIS',
  BEH = 'BEH',
  CON = 'CON',
  AUT = 'AUT',
  DDA = 'DDA',
}
registerEnumType(DisabilityCode, {
  name: 'DisabilityCode',
  description: 'DfE disability code (CIN census). NONE stands alone; a child may have several of the others.',
  valuesConfig: {
    NONE: { description: 'No disability.' },
    MOB: { description: 'Mobility: getting about the house and beyond.' },
    HAND: { description: 'Hand function: using hands for everyday tasks.' },
    PC: { description: 'Personal care: eating, washing, dressing, toileting.' },
    INC: { description: 'Incontinence: controlling bowel or bladder.' },
    COMM: { description: 'Communication: speaking or understanding others.' },
    LD: { description: 'Learning: learning or understanding.' },
    HEAR: { description: 'Hearing.' },
    VIS: { description: 'Vision.' },
    BEH: { description: 'Behaviour: a condition affecting behaviour.' },
    CON: { description: 'Consciousness: seizures.' },
    AUT: { description: 'Autism or Asperger syndrome (diagnosed).' },
    DDA: { description: 'Other disability under the Equality Act 2010 (formerly DDA).' },
  },
});

/** Kinds of identifier a child record carries (SSD `ssd_linked_identifiers` and person ids). */
export enum IdentifierType {
  NHS_NUMBER = 'NHS_NUMBER',
  UPN = 'UPN',
  FORMER_UPN = 'FORMER_UPN',
  LA_CHILD_ID = 'LA_CHILD_ID',
  POLICE_PERSON_ID = 'POLICE_PERSON_ID',
  HOME_OFFICE_REF = 'HOME_OFFICE_REF',
  ULN = 'ULN',
}
registerEnumType(IdentifierType, {
  name: 'IdentifierType',
  description: 'Kind of identifier (uk-safeguarding-standards §6).',
  valuesConfig: {
    NHS_NUMBER: { description: 'NHS number: 10 digits with a modulus-11 check digit. National, no namespace.' },
    UPN: { description: 'Unique pupil number: 13 characters with a check letter. National, no namespace.' },
    FORMER_UPN: { description: 'A unique pupil number the child held before (same format as UPN).' },
    LA_CHILD_ID: { description: "A local authority's child id (LAchildID); namespace = the three-digit DfE LA code." },
    POLICE_PERSON_ID: { description: 'A police person / nominal id; namespace = the force code.' },
    HOME_OFFICE_REF: { description: 'Home Office reference (e.g. for an unaccompanied asylum-seeking child).' },
    ULN: { description: 'Unique learner number (learners 14+): 10 digits with a check digit.' },
  },
});

/** Address types (SSD `addr_address_type`, normalised). */
export enum AddressType {
  HOME = 'HOME',
  PLACEMENT = 'PLACEMENT',
  REFUGE = 'REFUGE',
  TEMPORARY = 'TEMPORARY',
  OTHER = 'OTHER',
}
registerEnumType(AddressType, {
  name: 'AddressType',
  description: 'What kind of address it is for the child.',
  valuesConfig: {
    HOME: { description: 'Where the child lives with family (primary address).' },
    PLACEMENT: { description: 'A care placement (foster carer, children’s home): confidential unless stated otherwise.' },
    REFUGE: { description: 'A domestic abuse refuge: always confidential.' },
    TEMPORARY: { description: 'Temporary accommodation (e.g. B&B, hostel).' },
    OTHER: { description: 'Any other address (e.g. a relative’s during a short stay).' },
  },
});

/** What a practitioner or team does for a child (SSD `invo_professional_role_id`, normalised across partners). */
export enum InvolvementRole {
  ALLOCATED_SOCIAL_WORKER = 'ALLOCATED_SOCIAL_WORKER',
  HEALTH_VISITOR = 'HEALTH_VISITOR',
  SCHOOL_NURSE = 'SCHOOL_NURSE',
  LAC_NURSE = 'LAC_NURSE',
  POLICE_OIC = 'POLICE_OIC',
  SCHOOL_DSL = 'SCHOOL_DSL',
  VIRTUAL_SCHOOL = 'VIRTUAL_SCHOOL',
  IRO = 'IRO',
  CP_CHAIR = 'CP_CHAIR',
  LADO_OFFICER = 'LADO_OFFICER',
  OTHER = 'OTHER',
}
registerEnumType(InvolvementRole, {
  name: 'InvolvementRole',
  description: 'The role in which an agency, team or practitioner works with a child.',
  valuesConfig: {
    ALLOCATED_SOCIAL_WORKER: { description: 'Allocated social worker (local authority).' },
    HEALTH_VISITOR: { description: 'Health visitor (0-5 service).' },
    SCHOOL_NURSE: { description: 'School nurse (5-19 service).' },
    LAC_NURSE: { description: 'Looked-after children nurse.' },
    POLICE_OIC: { description: 'Police officer in charge of an investigation or a child-focused case.' },
    SCHOOL_DSL: { description: "Designated safeguarding lead at the child's school." },
    VIRTUAL_SCHOOL: { description: 'Virtual school (education of children in care and care leavers).' },
    IRO: { description: 'Independent reviewing officer (children in care).' },
    CP_CHAIR: { description: 'Child protection conference chair.' },
    LADO_OFFICER: { description: 'Local authority designated officer handling an allegation concerning the child.' },
    OTHER: { description: 'Any other role.' },
  },
});

/** Why an involvement ended (SSD `invo_worker_change_reason`). */
export enum InvolvementEndReason {
  MANAGE = 'MANAGE',
  FCONTA = 'FCONTA',
  LEFTRL = 'LEFTRL',
  ORGRST = 'ORGRST',
  TSPROC = 'TSPROC',
  ABSENC = 'ABSENC',
  CHCHAN = 'CHCHAN',
  PCCHAN = 'PCCHAN',
  SWDIED = 'SWDIED',
  CASECL = 'CASECL',
  OTHERS = 'OTHERS',
}
registerEnumType(InvolvementEndReason, {
  name: 'InvolvementEndReason',
  description: 'Why an involvement ended (SSD worker change reasons, plus CASECL for the case closing).',
  valuesConfig: {
    MANAGE: { description: 'Managing caseloads.' },
    FCONTA: { description: 'First contact or re-referral handled by another worker.' },
    LEFTRL: { description: 'Worker left the role.' },
    ORGRST: { description: 'Organisational restructure.' },
    TSPROC: { description: 'Standard transfer process (e.g. assessment team to long-term team).' },
    ABSENC: { description: 'Absence cover ended or began.' },
    CHCHAN: { description: 'The child asked for a change.' },
    PCCHAN: { description: 'The parent or carer asked for a change.' },
    SWDIED: { description: 'The worker died.' },
    CASECL: { description: 'The agency closed its work with the child (hub extension).' },
    OTHERS: { description: 'Other reason.' },
  },
});

/**
 * Where an involvement stands in its lifecycle (src/access/involvement-policy.ts says who moves it, and
 * which states give access).
 */
export enum InvolvementStatus {
  REQUESTED = 'REQUESTED',
  DECLINED = 'DECLINED',
  ALLOCATED = 'ALLOCATED',
  ACCEPTED = 'ACCEPTED',
}
registerEnumType(InvolvementStatus, {
  name: 'InvolvementStatus',
  description: "Lifecycle state of an involvement: only ALLOCATED and ACCEPTED involvements give access to the child's records.",
  valuesConfig: {
    REQUESTED: { description: "A partner agency asked to be involved; awaiting the lead agency's decision. Gives no access." },
    DECLINED: { description: 'The lead agency declined the request (reason recorded). Gives no access.' },
    ALLOCATED: { description: "The child's lead agency allocated it. Gives access while its dates cover today." },
    ACCEPTED: { description: "The lead agency accepted a partner's request. Gives access while its dates cover today." },
  },
});

/** The lead agency's answer to a request for involvement. */
export enum InvolvementDecision {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}
registerEnumType(InvolvementDecision, {
  name: 'InvolvementDecision',
  description: "The lead agency's answer to a partner's request for involvement.",
  valuesConfig: {
    ACCEPT: { description: 'Accept: the involvement starts today and gives access.' },
    DECLINE: { description: 'Decline: no access; the reason is shown to the requesting agency.' },
  },
});

/** How a field of a findChildren candidate compares with the search input. */
export enum MatchKind {
  EXACT = 'EXACT',
  FUZZY = 'FUZZY',
  DIFFERENT = 'DIFFERENT',
}
registerEnumType(MatchKind, {
  name: 'MatchKind',
  description: 'How a field of a candidate record compares with what was searched for.',
  valuesConfig: {
    EXACT: { description: 'Equal (after normalising case, spaces and punctuation).' },
    FUZZY: { description: 'Close: a likely typing or spelling variant (see the note).' },
    DIFFERENT: { description: 'Recorded on the candidate but different from the search: weighs against a match.' },
  },
});

/** Sort keys of the children connection. */
export enum ChildOrderField {
  FAMILY_NAME = 'FAMILY_NAME',
  DATE_OF_BIRTH = 'DATE_OF_BIRTH',
  UPDATED_AT = 'UPDATED_AT',
}
