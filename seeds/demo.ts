import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Agency } from '../src/modules/agencies/agency.entity';
import { Practitioner } from '../src/modules/agencies/practitioner.entity';
import { Team } from '../src/modules/agencies/team.entity';
import { PERSONAS } from '../src/server/personas';
import { DEMO_AGENCIES } from './demo-agencies';
import { addDays, Rng } from './random';
import { DEMO_TODAY, type DemoWorld } from './world';
import { demoModuleSeeders } from './demo/index';
import { deriveTasks } from '../src/modules/workflow/derive-tasks';
import { Task, TaskKind, TaskStatus } from '../src/modules/workflow/task.entity';

/** Loads the demo partnership when the database holds no agency yet. Returns true when it loaded. */
export async function seedDemoIfEmpty(orm: MikroORM): Promise<boolean> {
  const em = orm.em.fork();
  if ((await em.count(Agency, {})) > 0) return false;
  await em.transactional((tx) => seedDemoPartnership(tx as EntityManager));
  return true;
}

/** Reference data only: the demo agencies, their teams and the persona practitioners. */
export async function seedDemoAgencies(em: EntityManager): Promise<DemoWorld> {
  const agencies = new Map<string, Agency>();
  for (const a of DEMO_AGENCIES) agencies.set(a.code, em.create(Agency, { ...a }));
  const teams = new Map<string, Team>();
  const practitioners = new Map<string, Practitioner>();
  for (const persona of PERSONAS) {
    const agency = agencies.get(persona.claims.agency)!;
    const teamCode = persona.claims.team;
    let team: Team | undefined;
    if (teamCode) {
      const key = `${persona.claims.agency}/${teamCode}`;
      team = teams.get(key) ?? em.create(Team, { agency, code: teamCode, name: teamCode });
      teams.set(key, team);
    }
    const [name, jobTitle] = personaNameAndTitle(persona.claims.sub, persona.title);
    practitioners.set(persona.claims.sub, em.create(Practitioner, { agency, team: team ?? null, subject: persona.claims.sub, name, jobTitle }));
  }
  // Practitioners beyond the personas, so every agency has its people (they hold no tokens).
  for (const [code, teamCode, subject, name, jobTitle] of OTHER_PRACTITIONERS) {
    const agency = agencies.get(code)!;
    const key = `${code}/${teamCode}`;
    const team = teams.get(key) ?? em.create(Team, { agency, code: teamCode, name: teamCode });
    teams.set(key, team);
    practitioners.set(subject, em.create(Practitioner, { agency, team, subject, name, jobTitle }));
  }
  await em.flush();
  return {
    em,
    rng: new Rng(20261101),
    today: DEMO_TODAY,
    agencies,
    practitioners,
    children: [],
    seededBy: (code) => `seed:${code}`,
  };
}

const OTHER_PRACTITIONERS: [agency: string, team: string, subject: string, name: string, jobTitle: string][] = [
  ['LA-NORTHSHIRE', 'ASSESS-1', 'la.sw.noah.price', 'Noah Price', 'Social worker'],
  ['LA-NORTHSHIRE', 'CIC-1', 'la.sw.priya.shah', 'Priya Shah', 'Social worker, children in care'],
  ['LA-NORTHSHIRE', 'LEAVING-CARE', 'la.pa.tom.reid', 'Tom Reid', 'Personal adviser, leaving care'],
  ['NHS-NORTHSHIRE-CHT', 'LAC-HEALTH', 'cht.lacn.joy.ellis', 'Joy Ellis', 'Looked-after children nurse'],
  ['NHS-NORTHSHIRE-CHT', 'COMMUNITY-PAEDS', 'cht.paed.omar.said', 'Dr Omar Said', 'Community paediatrician'],
  ['NHS-NORTHSHIRE-ICB', 'SAFEGUARDING', 'icb.nd.rhys.owen', 'Dr Rhys Owen', 'Named doctor for safeguarding'],
  ['POLICE-NORTHSHIRE', 'MISSING', 'pol.mp.sara.kaur', 'PC Sara Kaur', 'Missing persons coordinator'],
  ['POLICE-NORTHSHIRE', 'PPU', 'pol.ppu.dan.hughes', 'DC Dan Hughes', 'Public protection detective'],
  ['SCH-ASHFIELD-PRIMARY', 'DSL', 'sch.dsl.ruth.mills', 'Ruth Mills', 'Designated safeguarding lead'],
  ['SCH-BROOKSIDE-ACADEMY', 'DSL', 'sch.dsl.ali.hassan', 'Ali Hassan', 'Designated safeguarding lead'],
  ['SCH-CASTLEGATE-HIGH', 'PASTORAL', 'sch.dd.lucy.ford', 'Lucy Ford', 'Deputy designated safeguarding lead'],
];

/** "la.sw.amy.khan" -> "Amy Khan". */
function personaNameAndTitle(subject: string, title: string): [string, string] {
  const parts = subject.split('.').slice(-2);
  const name = parts.length === 2 && !subject.startsWith('svc') ? parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ') : title;
  return [name, title.split(',')[0]!];
}

/** The deterministic demo partnership: agencies, practitioners, about 60 children and their histories. */
export async function seedDemoPartnership(em: EntityManager): Promise<DemoWorld> {
  const world = await seedDemoAgencies(em);
  for (const seed of demoModuleSeeders) {
    await seed(world);
    await em.flush();
  }
  // The tasks the seeded events call for, as the mutations that record them would have raised and closed
  // them; each written as the agency that recorded the event (the authority, for a health assessment it requested).
  const records = [...em.getUnitOfWork().getIdentityMap().values()];
  await deriveTasks(em, records, (r) => ({ agencyId: (r as { requestingAgency?: { id: string } | null }).requestingAgency?.id ?? r.owningAgency.id, subject: r.createdBy }));
  // Actions agreed at discussions long past were done by their due day (the demo's history); recent ones stay open.
  const agencyCode = new Map([...world.agencies.values()].map((a) => [a.id, a.code]));
  for (const t of await em.find(Task, { kind: TaskKind.AGREED_ACTION, status: TaskStatus.OPEN, dueBy: { $lt: addDays(DEMO_TODAY, -14) } }, { filters: false })) {
    Object.assign(t, { status: TaskStatus.DONE, closedAt: new Date(t.dueAt.getTime() - 6 * 3600_000), closedBy: world.seededBy(agencyCode.get(t.owningAgency.id)!), closingNote: 'Done.' });
  }
  await em.flush();
  return world;
}
