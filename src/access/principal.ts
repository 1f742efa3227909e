import { registerEnumType } from 'type-graphql';
import { AgencyKind } from '../modules/agencies/agency.entity';

/** Roles a token may carry (DESIGN §6; the policy in issue 4 gives each its clearances). */
export enum Role {
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  TEAM_MANAGER = 'TEAM_MANAGER',
  FRONT_DOOR_PRACTITIONER = 'FRONT_DOOR_PRACTITIONER',
  CHILD_PROTECTION_CHAIR = 'CHILD_PROTECTION_CHAIR',
  LADO = 'LADO',
  HEALTH_PRACTITIONER = 'HEALTH_PRACTITIONER',
  DESIGNATED_HEALTH_PROFESSIONAL = 'DESIGNATED_HEALTH_PROFESSIONAL',
  POLICE_PUBLIC_PROTECTION = 'POLICE_PUBLIC_PROTECTION',
  POLICE_INTELLIGENCE = 'POLICE_INTELLIGENCE',
  SCHOOL_DSL = 'SCHOOL_DSL',
  VIRTUAL_SCHOOL_HEAD = 'VIRTUAL_SCHOOL_HEAD',
  BOARD_ANALYST = 'BOARD_ANALYST',
  BI_SERVICE = 'BI_SERVICE',
  DATA_PROTECTION_OFFICER = 'DATA_PROTECTION_OFFICER',
  ADMINISTRATOR = 'ADMINISTRATOR',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'A role carried in the caller token.',
  valuesConfig: {
    SOCIAL_WORKER: { description: 'Local authority social worker.' },
    TEAM_MANAGER: { description: 'Social work team manager.' },
    FRONT_DOOR_PRACTITIONER: { description: 'Front door / MASH practitioner handling contacts and referrals.' },
    CHILD_PROTECTION_CHAIR: { description: 'Independent child protection conference chair.' },
    LADO: { description: 'Local authority designated officer (allegations against adults).' },
    HEALTH_PRACTITIONER: { description: 'Health visitor, school nurse, paediatrician, looked-after children nurse.' },
    DESIGNATED_HEALTH_PROFESSIONAL: { description: 'Designated or named nurse or doctor for safeguarding.' },
    POLICE_PUBLIC_PROTECTION: { description: 'Police public protection officer.' },
    POLICE_INTELLIGENCE: { description: 'Police intelligence officer.' },
    SCHOOL_DSL: { description: 'School designated safeguarding lead.' },
    VIRTUAL_SCHOOL_HEAD: { description: 'Virtual school head for children in care.' },
    BOARD_ANALYST: { description: 'Partnership board analyst (aggregates and pseudonymised rows only).' },
    BI_SERVICE: { description: 'BI service account pulling pseudonymised data in bulk.' },
    DATA_PROTECTION_OFFICER: { description: 'Data protection officer (audit and subject access).' },
    ADMINISTRATOR: { description: 'Hub administrator (reference data, no child-level detail).' },
  },
});

/** Why the caller is asking; carried in the token and recorded in the audit log. */
export enum Purpose {
  DIRECT_CARE = 'DIRECT_CARE',
  STATUTORY_RETURN = 'STATUTORY_RETURN',
  ANALYTICS = 'ANALYTICS',
  AUDIT = 'AUDIT',
}
registerEnumType(Purpose, {
  name: 'Purpose',
  description: 'Purpose of the request, from the token; recorded with every access.',
  valuesConfig: {
    DIRECT_CARE: { description: 'Safeguarding or caring for an individual child.' },
    STATUTORY_RETURN: { description: 'Preparing a statutory return (CIN census, SSDA903, Annex A).' },
    ANALYTICS: { description: 'Partnership performance analysis (aggregates, pseudonymised).' },
    AUDIT: { description: 'Data protection and audit oversight.' },
  },
});

/** The authenticated caller, built from a verified token. */
export interface Principal {
  subject: string;
  issuer: string;
  /** Agency code from the token (matches Agency.code). */
  agencyCode: string;
  agencyKind: AgencyKind;
  roles: Role[];
  team?: string;
  purpose: Purpose;
  /** The partner system (OAuth client) that sent the request, when the token says. */
  clientId?: string;
}
