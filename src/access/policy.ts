import { AgencyKind } from '../modules/agencies/agency.entity';
import { Classification as C } from './classification';
import { Purpose, Role as R } from './principal';

/**
 * THE access policy, declared once as data (DESIGN §2.1, §6). Everything else derives from it: the
 * per-role schema, the run-time field guards, row scope, write checks, `myAccess` and docs/access.md.
 *
 * Reading guide for a data protection officer:
 * - `agencyKinds`: which kind of agency may issue tokens carrying the role (a police token claiming
 *   SOCIAL_WORKER is refused).
 * - `read` / `write`: the classification tiers the role is cleared for. Detail tiers (SOCIAL_CARE,
 *   HEALTH_CLINICAL, POLICE_INTELLIGENCE, EDUCATION, LADO) are further limited to children the
 *   caller's agency is involved with (row scope below).
 * - `rowScope`: INVOLVEMENT = child-level records only for children with an active involvement of the
 *   caller's agency (allocated or accepted: src/access/involvement-policy.ts says how an agency gets one),
 *   records the agency owns, or an unexpired break-glass grant; NONE = no child-level
 *   rows at all (aggregates and pseudonymised keys only).
 * - `purposes`: the purposes a token carrying the role may declare, each with its reason; the first is
 *   assumed when the token names none. Purpose changes what is shown (small-number suppression applies
 *   to ANALYTICS), so a role claiming another purpose is refused.
 * - `why`: the reason, in the words of the guidance it rests on.
 */
export interface RolePolicy {
  agencyKinds: AgencyKind[];
  read: C[];
  write: C[];
  rowScope: 'INVOLVEMENT' | 'NONE';
  /** May ask for time-limited emergency access to a child it has no involvement with. */
  breakGlass: boolean;
  /** Purposes the role may declare, with the reason; the first is the default. Never empty. */
  purposes: PurposeGrant[];
  why: string;
}

export interface PurposeGrant {
  purpose: Purpose;
  why: string;
}

const DIRECT_CARE: PurposeGrant = { purpose: Purpose.DIRECT_CARE, why: 'Works with individual children and their families.' };
const ANALYTICS_ONLY: PurposeGrant[] = [
  {
    purpose: Purpose.ANALYTICS,
    why: 'Partnership analysis only: any other purpose would lift small-number suppression. Statutory returns are made by the local authority, not the partnership.',
  },
];

const LA = [AgencyKind.LOCAL_AUTHORITY];
const HEALTH = [AgencyKind.HEALTH];
const POLICE = [AgencyKind.POLICE];
const SCHOOL = [AgencyKind.EDUCATION];
const PARTNERSHIP = [AgencyKind.PARTNERSHIP];

/**
 * What any practitioner may read about any child, in row scope or not: identity (to find the right
 * child) and the CP-IS style status card. Every other tier about a child (SUMMARY and the detail tiers)
 * needs the child in the caller's row scope, or a record the caller's agency owns.
 */
export const ANY_CHILD_TIERS: ReadonlySet<C> = new Set([C.PUBLIC, C.IDENTITY, C.STATUS]);

/** Every practitioner's clearances: the tiers open for any child, plus shareable summaries (in row scope). */
const PRACTITIONER_BASE = [...ANY_CHILD_TIERS, C.SUMMARY];

export const ROLE_POLICY: Record<R, RolePolicy> = {
  [R.SOCIAL_WORKER]: {
    agencyKinds: LA,
    read: [...PRACTITIONER_BASE, C.SOCIAL_CARE, C.EDUCATION],
    write: [C.IDENTITY, C.SUMMARY, C.SOCIAL_CARE],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE],
    why: 'Leads assessments and plans (Working Together 2023 ch.3-4); reads school information that informs them, not clinical or intelligence detail.',
  },
  [R.TEAM_MANAGER]: {
    agencyKinds: LA,
    // AUDIT: reviews break-glass grants on the authority's children (the audit log itself is the DPO's).
    // AGGREGATE: the partnership scorecard, for managing the team's performance.
    read: [...PRACTITIONER_BASE, C.SOCIAL_CARE, C.EDUCATION, C.AUDIT, C.AGGREGATE],
    write: [C.IDENTITY, C.SUMMARY, C.SOCIAL_CARE],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE, { purpose: Purpose.STATUTORY_RETURN, why: "Signs off the authority's CIN census and SSDA903 figures for the team's children." }],
    why: "Authorises decisions on the team's cases; same clearances as its social workers.",
  },
  [R.FRONT_DOOR_PRACTITIONER]: {
    agencyKinds: LA,
    read: [...PRACTITIONER_BASE, C.SOCIAL_CARE],
    write: [C.IDENTITY, C.SUMMARY, C.SOCIAL_CARE],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE],
    why: 'Records contacts and referral decisions; needs history to decide within one working day.',
  },
  [R.CHILD_PROTECTION_CHAIR]: {
    agencyKinds: LA,
    read: [...PRACTITIONER_BASE, C.SOCIAL_CARE, C.EDUCATION],
    write: [C.SUMMARY, C.SOCIAL_CARE],
    rowScope: 'INVOLVEMENT',
    breakGlass: false,
    purposes: [DIRECT_CARE],
    why: "Chairs conferences and reviews plans; partners' contributions reach the chair as summaries.",
  },
  [R.LADO]: {
    agencyKinds: LA,
    read: [C.PUBLIC, C.IDENTITY, C.STATUS, C.SUMMARY, C.LADO],
    write: [C.SUMMARY, C.LADO],
    rowScope: 'INVOLVEMENT',
    breakGlass: false,
    purposes: [DIRECT_CARE],
    why: 'Allegations against adults who work with children are seen by the designated officer only (Working Together 2023 ch.2).',
  },
  [R.HEALTH_PRACTITIONER]: {
    agencyKinds: HEALTH,
    read: [...PRACTITIONER_BASE, C.HEALTH_CLINICAL],
    write: [C.IDENTITY, C.SUMMARY, C.HEALTH_CLINICAL],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE],
    why: 'Clinical detail stays with health (Caldicott principles 2-4); shares summaries and the status card.',
  },
  [R.DESIGNATED_HEALTH_PROFESSIONAL]: {
    agencyKinds: HEALTH,
    read: [...PRACTITIONER_BASE, C.HEALTH_CLINICAL, C.SOCIAL_CARE],
    write: [C.IDENTITY, C.SUMMARY, C.HEALTH_CLINICAL],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE],
    why: 'Designated and named professionals give strategic safeguarding advice and read social care detail for the children their service is involved with.',
  },
  [R.POLICE_PUBLIC_PROTECTION]: {
    agencyKinds: POLICE,
    read: [...PRACTITIONER_BASE, C.POLICE_INTELLIGENCE],
    write: [C.IDENTITY, C.SUMMARY, C.POLICE_INTELLIGENCE],
    rowScope: 'INVOLVEMENT',
    breakGlass: true,
    purposes: [DIRECT_CARE],
    why: 'Joins strategy discussions and s47 enquiries; intelligence keeps its 3x5x2 handling code within the police tenant (DPA 2018 Part 3).',
  },
  [R.POLICE_INTELLIGENCE]: {
    agencyKinds: POLICE,
    read: [C.PUBLIC, C.IDENTITY, C.STATUS, C.SUMMARY, C.POLICE_INTELLIGENCE],
    write: [C.SUMMARY, C.POLICE_INTELLIGENCE],
    rowScope: 'INVOLVEMENT',
    breakGlass: false,
    purposes: [DIRECT_CARE],
    why: 'Manages graded intelligence; sees no social care or clinical detail.',
  },
  [R.SCHOOL_DSL]: {
    agencyKinds: SCHOOL,
    read: [...PRACTITIONER_BASE, C.EDUCATION],
    write: [C.IDENTITY, C.SUMMARY, C.EDUCATION],
    rowScope: 'INVOLVEMENT',
    breakGlass: false,
    purposes: [DIRECT_CARE],
    why: "Keeping Children Safe in Education: the DSL holds the school's safeguarding record and receives Operation Encompass notifications.",
  },
  [R.VIRTUAL_SCHOOL_HEAD]: {
    agencyKinds: LA,
    read: [...PRACTITIONER_BASE, C.EDUCATION],
    write: [C.SUMMARY, C.EDUCATION],
    rowScope: 'INVOLVEMENT',
    breakGlass: false,
    purposes: [DIRECT_CARE],
    why: 'Promotes the education of children in care (Children and Families Act 2014 s.22).',
  },
  [R.BOARD_ANALYST]: {
    agencyKinds: PARTNERSHIP,
    read: [C.PUBLIC, C.AGGREGATE],
    write: [],
    rowScope: 'NONE',
    breakGlass: false,
    purposes: ANALYTICS_ONLY,
    why: 'Board scrutiny needs aggregates and pseudonymised rows, never names (Caldicott principle 3: minimum necessary).',
  },
  [R.BI_SERVICE]: {
    agencyKinds: PARTNERSHIP,
    read: [C.PUBLIC, C.AGGREGATE],
    write: [],
    rowScope: 'NONE',
    breakGlass: false,
    purposes: ANALYTICS_ONLY,
    why: 'Bulk pulls for BI tools are pseudonymised and audited.',
  },
  [R.DATA_PROTECTION_OFFICER]: {
    agencyKinds: PARTNERSHIP,
    read: [C.PUBLIC, C.AGGREGATE, C.AUDIT],
    write: [],
    rowScope: 'NONE',
    breakGlass: false,
    purposes: [{ purpose: Purpose.AUDIT, why: 'Oversight of access and subject access requests; not analysis or casework.' }],
    why: 'Oversees access through the audit log and subject access extracts, which have their own queries.',
  },
  [R.ADMINISTRATOR]: {
    agencyKinds: PARTNERSHIP,
    read: [C.PUBLIC],
    write: [],
    rowScope: 'NONE',
    breakGlass: false,
    purposes: [{ purpose: Purpose.DIRECT_CARE, why: 'Keeps reference data current for practitioners; reads nothing about children, so no purpose changes what it sees.' }],
    why: 'Maintains reference data; no child-level data at all.',
  },
};

/** Tiers that carry one domain's professional detail; limited to children in the caller's row scope. */
export const DETAIL_TIERS: ReadonlySet<C> = new Set([C.SOCIAL_CARE, C.HEALTH_CLINICAL, C.POLICE_INTELLIGENCE, C.EDUCATION, C.LADO]);

/** The GraphQL type of the child row itself: the one child-level type whose rows RLS shows outside row scope. */
export const CHILD_TYPE = 'Child';

/** The record's own keys (Relay `id`, `recordId`, from HubRecord): naming the child found is how a practitioner asks for emergency access or links records. */
const RECORD_KEY_FIELDS: ReadonlySet<string> = new Set(['id', 'recordId']);

/**
 * Whether a field of `tier` on a record of `typeName` about a child needs the child in the caller's row
 * scope (or the record owned by the caller's agency). Detail tiers always do. The child row itself is
 * readable by every practitioner (to find the right child and read its status card), so on it every
 * tier beyond ANY_CHILD_TIERS does too, except its keys; other records are already limited to row
 * scope by RLS. The field guard checks it per row; the schema makes such fields nullable (denied =
 * null + FORBIDDEN).
 */
export function tierNeedsRowScope(tier: C, typeName: string, fieldName: string): boolean {
  return DETAIL_TIERS.has(tier) || (typeName === CHILD_TYPE && !ANY_CHILD_TIERS.has(tier) && !RECORD_KEY_FIELDS.has(fieldName));
}

export function canRead(roles: readonly R[], tier: C): boolean {
  return roles.some((r) => ROLE_POLICY[r].read.includes(tier));
}

export function canWrite(roles: readonly R[], tier: C): boolean {
  return roles.some((r) => ROLE_POLICY[r].write.includes(tier));
}

export function hasChildRowScope(roles: readonly R[]): boolean {
  return roles.some((r) => ROLE_POLICY[r].rowScope === 'INVOLVEMENT');
}

export function mayBreakGlass(roles: readonly R[]): boolean {
  return roles.some((r) => ROLE_POLICY[r].breakGlass);
}

/** Roles a token may carry for its agency kind; the authenticator refuses any other. */
export function roleAllowedFor(role: R, kind: AgencyKind): boolean {
  return ROLE_POLICY[role].agencyKinds.includes(kind);
}

/** Purposes a token carrying these roles may declare, in policy order (the first is the default). */
export function purposesFor(roles: readonly R[]): Purpose[] {
  return [...new Set(roles.flatMap((r) => ROLE_POLICY[r].purposes.map((g) => g.purpose)))];
}

/** The authenticator refuses a purpose no role in the token may declare. */
export function purposeAllowedFor(roles: readonly R[], purpose: Purpose): boolean {
  return purposesFor(roles).includes(purpose);
}
