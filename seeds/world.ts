import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agency } from '../src/modules/agencies/agency.entity';
import type { Practitioner } from '../src/modules/agencies/practitioner.entity';
import type { Child } from '../src/modules/people/child.entity';
import type { Rng } from './random';

/**
 * The pathway a demo child has followed; each module seeds the records that pathway implies, so one
 * child's history is coherent across agencies (a CP child has a strategy discussion, an s47, an ICPC...).
 */
export type Pathway =
  | 'CONTACT_ONLY' // contact, no referral
  | 'EARLY_HELP' // referral, assessment, no further action
  | 'CHILD_IN_NEED' // referral, assessment, CIN plan
  | 'CHILD_PROTECTION' // strategy discussion, s47, ICPC, CP plan (some ended, some second plans)
  | 'CHILD_IN_CARE' // came into care: care episode, placements, IHA/RHA, reviews
  | 'CARE_LEAVER' // aged 17-21, left care
  | 'EXPLOITATION' // CCE/CSE screening, missing episodes, MACE
  | 'UNBORN' // pre-birth referral and strategy discussion
  | 'EDUCATION_CONCERN'; // attendance, exclusions, EHC plan, Operation Encompass notifications

export interface DemoChild {
  index: number;
  child: Child;
  pathway: Pathway;
  /** School agency code the child attends, when of school age. */
  schoolCode?: string;
}

export interface DemoWorld {
  em: EntityManager;
  rng: Rng;
  /** The fixed "today" of the demo, so histories (and what is overdue) are identical on every load. */
  today: string;
  agencies: Map<string, Agency>;
  /** By token subject (see src/server/personas.ts). */
  practitioners: Map<string, Practitioner>;
  children: DemoChild[];
  /** The subject recorded as createdBy/updatedBy for seeded rows of an agency. */
  seededBy(agencyCode: string): string;
}

export const DEMO_TODAY = '2026-11-01';
