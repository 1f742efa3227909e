import { AgencyKind } from '../src/modules/agencies/agency.entity';

/** The demo partnership's agencies: codes are what tokens carry in their `agency` claim. */
export const DEMO_AGENCIES = [
  { code: 'LA-NORTHSHIRE', name: "Northshire County Council Children's Services", kind: AgencyKind.LOCAL_AUTHORITY, externalCode: '931', dutyContactPhone: '0300 555 0101', dutyContactEmail: 'mash@northshire.gov.example' },
  { code: 'NHS-NORTHSHIRE-ICB', name: 'NHS Northshire Integrated Care Board', kind: AgencyKind.HEALTH, externalCode: 'QNS', dutyContactPhone: '0300 555 0202', dutyContactEmail: 'safeguarding.icb@nhs.example' },
  { code: 'NHS-NORTHSHIRE-CHT', name: 'Northshire Community Health NHS Trust', kind: AgencyKind.HEALTH, externalCode: 'RNS', dutyContactPhone: '0300 555 0203', dutyContactEmail: 'safeguarding.cht@nhs.example' },
  { code: 'POLICE-NORTHSHIRE', name: 'Northshire Police', kind: AgencyKind.POLICE, externalCode: 'NS', dutyContactPhone: '101', dutyContactEmail: 'ppu@northshire.police.example' },
  { code: 'SCH-ASHFIELD-PRIMARY', name: 'Ashfield Primary School', kind: AgencyKind.EDUCATION, externalCode: '131001', dutyContactPhone: '01632 960001', dutyContactEmail: 'dsl@ashfield.sch.example' },
  { code: 'SCH-BROOKSIDE-ACADEMY', name: 'Brookside Academy', kind: AgencyKind.EDUCATION, externalCode: '131002', dutyContactPhone: '01632 960002', dutyContactEmail: 'dsl@brookside.sch.example' },
  { code: 'SCH-CASTLEGATE-HIGH', name: 'Castlegate High School', kind: AgencyKind.EDUCATION, externalCode: '131003', dutyContactPhone: '01632 960003', dutyContactEmail: 'dsl@castlegate.sch.example' },
  { code: 'NSCP', name: 'Northshire Safeguarding Children Partnership', kind: AgencyKind.PARTNERSHIP, externalCode: null, dutyContactPhone: null, dutyContactEmail: 'nscp@northshire.gov.example' },
] as const;
