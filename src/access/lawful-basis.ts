import { AgencyKind } from '../modules/agencies/agency.entity';

/**
 * Default lawful basis for sharing, by the contributing agency's kind (uk-safeguarding-standards §5):
 * safeguarding under UK GDPR public task with the special-category safeguarding condition; police
 * processing under DPA 2018 Part 3 with the Sch 8 para 4 safeguarding condition. A contribution may
 * state another basis; none is ever blank.
 */
export const DEFAULT_LAWFUL_BASIS: Record<AgencyKind, string> = {
  [AgencyKind.LOCAL_AUTHORITY]: 'UK GDPR Art 6(1)(e) public task; Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of children)',
  [AgencyKind.HEALTH]: 'UK GDPR Art 6(1)(e) public task; Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of children)',
  [AgencyKind.EDUCATION]: 'UK GDPR Art 6(1)(e) public task; Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of children)',
  [AgencyKind.POLICE]: 'DPA 2018 Part 3 (law enforcement processing); sensitive processing under Sch 8 para 4 (safeguarding of children)',
  [AgencyKind.PARTNERSHIP]: 'UK GDPR Art 6(1)(e) public task; Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of children)',
};
