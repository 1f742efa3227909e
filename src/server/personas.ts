import { AgencyKind } from '../modules/agencies/agency.entity';
import { Purpose, Role } from '../access/principal';
import type { TokenClaims } from './auth';

/**
 * Demo personas for development tokens (`npm run token -- --persona <name>`, the start-up banner and
 * the explorer picker). Subjects match practitioners in the demo partnership (seeds/).
 */
export interface Persona {
  name: string;
  title: string;
  claims: TokenClaims;
}

const p = (name: string, title: string, sub: string, agency: string, agency_kind: AgencyKind, roles: Role[], purpose: Purpose, team?: string, azp?: string): Persona => ({
  name,
  title,
  claims: { sub, agency, agency_kind, roles, purpose, ...(team ? { team } : {}), ...(azp ? { azp } : {}) },
});

export const PERSONAS: Persona[] = [
  p('social-worker', 'Social worker, Northshire assessment team', 'la.sw.amy.khan', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.SOCIAL_WORKER], Purpose.DIRECT_CARE, 'ASSESS-1'),
  p('team-manager', 'Team manager, Northshire assessment team', 'la.tm.ben.okafor', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.TEAM_MANAGER], Purpose.DIRECT_CARE, 'ASSESS-1'),
  p('front-door', 'MASH practitioner, Northshire front door', 'la.mash.cara.doyle', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.FRONT_DOOR_PRACTITIONER], Purpose.DIRECT_CARE, 'MASH'),
  p('cp-chair', 'Child protection chair, Northshire IRO service', 'la.chair.dev.patel', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.CHILD_PROTECTION_CHAIR], Purpose.DIRECT_CARE, 'IRO'),
  p('lado', 'Local authority designated officer', 'la.lado.erin.shaw', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.LADO], Purpose.DIRECT_CARE, 'LADO'),
  p('virtual-school-head', 'Virtual school head', 'la.vsh.femi.adeyemi', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.VIRTUAL_SCHOOL_HEAD], Purpose.DIRECT_CARE, 'VSCHOOL'),
  p('health-visitor', 'Health visitor, Northshire Community Health', 'cht.hv.grace.lee', 'NHS-NORTHSHIRE-CHT', AgencyKind.HEALTH, [Role.HEALTH_PRACTITIONER], Purpose.DIRECT_CARE, '0-19'),
  p('designated-nurse', 'Designated nurse for safeguarding, ICB', 'icb.dn.hana.novak', 'NHS-NORTHSHIRE-ICB', AgencyKind.HEALTH, [Role.DESIGNATED_HEALTH_PROFESSIONAL], Purpose.DIRECT_CARE, 'SAFEGUARDING'),
  p('police-ppu', 'Public protection officer, Northshire Police', 'pol.ppu.ian.ross', 'POLICE-NORTHSHIRE', AgencyKind.POLICE, [Role.POLICE_PUBLIC_PROTECTION], Purpose.DIRECT_CARE, 'PPU'),
  p('police-intel', 'Intelligence officer, Northshire Police', 'pol.intel.jo.marsh', 'POLICE-NORTHSHIRE', AgencyKind.POLICE, [Role.POLICE_INTELLIGENCE], Purpose.DIRECT_CARE, 'INTEL'),
  p('school-dsl', 'Designated safeguarding lead, Castlegate High', 'sch.dsl.kay.wood', 'SCH-CASTLEGATE-HIGH', AgencyKind.EDUCATION, [Role.SCHOOL_DSL], Purpose.DIRECT_CARE),
  p('board-analyst', 'Partnership board analyst', 'nscp.analyst.lee.hart', 'NSCP', AgencyKind.PARTNERSHIP, [Role.BOARD_ANALYST], Purpose.ANALYTICS),
  p('bi-service', 'BI service account (Power BI gateway)', 'svc-powerbi', 'NSCP', AgencyKind.PARTNERSHIP, [Role.BI_SERVICE], Purpose.ANALYTICS, undefined, 'powerbi-gateway'),
  p('dpo', 'Data protection officer', 'nscp.dpo.max.fern', 'NSCP', AgencyKind.PARTNERSHIP, [Role.DATA_PROTECTION_OFFICER], Purpose.AUDIT),
  // A partner system, not a person: registered for trusted documents only (schema/trusted-documents/mosaic-connector/).
  p('case-system', 'Case management system connector (Mosaic), Northshire', 'svc-mosaic-connector', 'LA-NORTHSHIRE', AgencyKind.LOCAL_AUTHORITY, [Role.SOCIAL_WORKER], Purpose.DIRECT_CARE, 'ASSESS-1', 'mosaic-connector'),
  p('admin', 'Hub administrator', 'nscp.admin.ola.berg', 'NSCP', AgencyKind.PARTNERSHIP, [Role.ADMINISTRATOR], Purpose.DIRECT_CARE),
];

export function findPersona(name: string): Persona | undefined {
  return PERSONAS.find((x) => x.name === name);
}
