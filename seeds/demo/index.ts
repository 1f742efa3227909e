import type { DemoWorld } from '../world';

/**
 * Module seeders, run in this order after the agencies: people first (it creates the children and
 * their pathways), then each module adds the records its pathways imply.
 */
export const demoModuleSeeders: ((world: DemoWorld) => Promise<void>)[] = [];

// Front door (contacts, referrals, assessments, CIN plans) and LADO: after people (they read world.children).
import { seedFrontdoor } from './frontdoor';
import { seedLado } from './lado';
demoModuleSeeders.push(seedFrontdoor, seedLado);

// Care (episodes, placements, reviews, care leavers), then health (IHA/RHA: reads the care episodes).
import { seedCare } from './care';
import { seedHealth } from './health';
demoModuleSeeders.push(seedCare, seedHealth);
import { seedPeople } from './people'; demoModuleSeeders.unshift(seedPeople); // people first: it creates the children and their pathways

// Exploitation screenings, missing episodes (+ return home interviews), education (enrolments, attendance, exclusions, EHC plans, CME, Operation Encompass): after people.
import { seedExploitation } from './exploitation';
import { seedMissing } from './missing';
import { seedEducation } from './education';
demoModuleSeeders.push(seedExploitation, seedMissing, seedEducation);
import { seedProtection } from './protection'; demoModuleSeeders.push(seedProtection); // strategy discussions, s47s, conferences, CP plans: after people and the front door (links its referrals)
import { seedSharing } from './sharing'; demoModuleSeeders.push(seedSharing); // NHS number traces, a disclosure and a reviewed decision not to share: after people (reads their identifiers)
