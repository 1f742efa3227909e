import type { MikroORM } from '@mikro-orm/postgresql';
import { Agency } from '../src/modules/agencies/agency.entity';
import { Practitioner } from '../src/modules/agencies/practitioner.entity';
import { Team } from '../src/modules/agencies/team.entity';
import { PERSONAS } from '../src/server/personas';
import { DEMO_AGENCIES } from './demo-agencies';

/** Loads the demo partnership when the database holds no agency yet. Returns true when it loaded. */
export async function seedDemoIfEmpty(orm: MikroORM): Promise<boolean> {
  const em = orm.em.fork();
  if ((await em.count(Agency, {})) > 0) return false;
  await em.transactional(async (tx) => {
    await seedDemoPartnership(tx);
  });
  return true;
}

/** The deterministic demo partnership (agencies, teams, practitioners, children and their histories). */
export async function seedDemoPartnership(em: MikroORM['em']): Promise<void> {
  const agencies = new Map<string, Agency>();
  for (const a of DEMO_AGENCIES) {
    const agency = em.create(Agency, { ...a });
    agencies.set(a.code, agency);
  }
  const teams = new Map<string, Team>();
  for (const persona of PERSONAS) {
    const agency = agencies.get(persona.claims.agency)!;
    const teamCode = persona.claims.team;
    let team: Team | undefined;
    if (teamCode) {
      const key = `${persona.claims.agency}/${teamCode}`;
      team = teams.get(key);
      if (!team) {
        team = em.create(Team, { agency, code: teamCode, name: teamCode });
        teams.set(key, team);
      }
    }
    em.create(Practitioner, { agency, team: team ?? null, subject: persona.claims.sub, name: persona.title.split(',')[0]!, jobTitle: persona.title });
  }
  await em.flush();
}
