import type { Agency } from '../../src/modules/agencies/agency.entity';
import type { Practitioner } from '../../src/modules/agencies/practitioner.entity';
import { Team } from '../../src/modules/agencies/team.entity';
import { Child } from '../../src/modules/people/child.entity';
import { ChildAddress } from '../../src/modules/people/child-address.entity';
import { ChildDisability } from '../../src/modules/people/child-disability.entity';
import { ChildIdentifier } from '../../src/modules/people/child-identifier.entity';
import { ChildLink } from '../../src/modules/people/child-link.entity';
import { Involvement } from '../../src/modules/people/involvement.entity';
import { AddressType, DisabilityCode, Ethnicity, Gender, IdentifierType, InvolvementEndReason, InvolvementRole, InvolvementStatus, Sex } from '../../src/modules/people/codes';
import { nhsCheckDigit, upnCheckLetter } from '../../src/modules/people/identifiers';
import { type Area, placeIn, PLACES } from '../places';
import { addDays, type Rng } from '../random';
import type { DemoWorld, Pathway } from '../world';

const LA = 'LA-NORTHSHIRE';
const CHT = 'NHS-NORTHSHIRE-CHT';
const POLICE = 'POLICE-NORTHSHIRE';
const CASTLEGATE = 'SCH-CASTLEGATE-HIGH';
const ASHFIELD = 'SCH-ASHFIELD-PRIMARY';
const BROOKSIDE = 'SCH-BROOKSIDE-ACADEMY';
/** DfE establishment numbers of the demo schools (characters 5-8 of their pupils' UPNs). */
const ESTABLISHMENT: Record<string, string> = { [ASHFIELD]: '2041', [BROOKSIDE]: '4102', [CASTLEGATE]: '4027' };

/** How many children follow each pathway, and their age range (years; -1 = unborn). */
const PLAN: [Pathway, number, number, number][] = [
  ['CONTACT_ONLY', 6, 0, 16],
  ['EARLY_HELP', 6, 2, 14],
  ['CHILD_IN_NEED', 8, 1, 16],
  ['CHILD_PROTECTION', 12, 0, 15],
  ['CHILD_IN_CARE', 12, 1, 17],
  ['CARE_LEAVER', 4, 18, 21],
  ['EXPLOITATION', 6, 12, 17],
  ['UNBORN', 2, -1, -1],
  ['EDUCATION_CONCERN', 4, 6, 15],
];

/** Given names (female, male) and family names by DfE ethnicity: a varied, realistic English county. */
const NAMES: { eth: Ethnicity; weight: number; f: string[]; m: string[]; fam: string[] }[] = [
  { eth: Ethnicity.WBRI, weight: 22, f: ['Amelia', 'Isla', 'Ava', 'Mia', 'Lily', 'Freya', 'Poppy', 'Evie', 'Ruby', 'Grace', 'Ellie', 'Sophie'], m: ['Oliver', 'Jack', 'Harry', 'George', 'Noah', 'Alfie', 'Charlie', 'Jacob', 'Leo', 'Archie', 'Riley', 'Kian'], fam: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'Hughes', 'Clarke', 'Jackson', 'Harrison', 'Turner', 'Cooper', 'Barker', 'Marsh', 'Fletcher'] },
  { eth: Ethnicity.APKN, weight: 5, f: ['Ayesha', 'Zainab', 'Maryam', 'Zara', 'Hafsa'], m: ['Muhammad', 'Ibrahim', 'Hamza', 'Yusuf', 'Bilal'], fam: ['Khan', 'Hussain', 'Iqbal', 'Malik', 'Akhtar', 'Butt'] },
  { eth: Ethnicity.ABAN, weight: 3, f: ['Nusrat', 'Sumaiya', 'Tasnim'], m: ['Rahim', 'Tahmid', 'Ayaan'], fam: ['Rahman', 'Miah', 'Uddin', 'Chowdhury'] },
  { eth: Ethnicity.AIND, weight: 3, f: ['Priya', 'Anaya', 'Diya'], m: ['Arjun', 'Aarav', 'Rohan'], fam: ['Patel', 'Sharma', 'Gill', 'Mistry'] },
  { eth: Ethnicity.BAFR, weight: 4, f: ['Adaeze', 'Amara', 'Ife', 'Esi'], m: ['Tobi', 'Kwame', 'Chidi', 'Kofi'], fam: ['Okafor', 'Mensah', 'Owusu', 'Eze', 'Balogun'] },
  { eth: Ethnicity.BCRB, weight: 3, f: ['Tiana', 'Nia', 'Shanice'], m: ['Jayden', 'Malachi', 'Kai'], fam: ['Campbell', 'Francis', 'Grant', 'Reid'] },
  { eth: Ethnicity.MWBC, weight: 4, f: ['Keira', 'Amari', 'Leah'], m: ['Tyler', 'Jordan', 'Mason'], fam: ['Campbell', 'Walker', 'Brown', 'Edwards'] },
  { eth: Ethnicity.MWAS, weight: 2, f: ['Layla', 'Maya'], m: ['Zac', 'Sami'], fam: ['Hussain', 'Taylor', 'Patel'] },
  { eth: Ethnicity.WOTH, weight: 4, f: ['Zuzanna', 'Maja', 'Ioana', 'Oliwia'], m: ['Jakub', 'Oskar', 'Andrei', 'Filip'], fam: ['Kowalski', 'Nowak', 'Popescu', 'Ionescu', 'Wojcik'] },
  { eth: Ethnicity.WIRT, weight: 2, f: ['Bridget', 'Kathleen'], m: ['Johnny', 'Patrick'], fam: ['McDonagh', 'Ward', 'Connors'] },
  { eth: Ethnicity.WROM, weight: 1, f: ['Esmeralda'], m: ['Luca'], fam: ['Lakatos', 'Balog'] },
  { eth: Ethnicity.CHNE, weight: 1, f: ['Mei', 'Lin'], m: ['Wei', 'Jun'], fam: ['Chen', 'Wang', 'Zhang'] },
  { eth: Ethnicity.NOBT, weight: 1, f: ['Chloe', 'Jessica'], m: ['Liam', 'Ethan'], fam: ['Dawson', 'Pearce'] },
];

/** Unaccompanied asylum-seeking young people (one in care, one care leaver). */
const UASC = [
  { givenName: 'Dawit', familyName: 'Tesfay', eth: Ethnicity.BAFR, sex: Sex.M },
  { givenName: 'Farid', familyName: 'Noori', eth: Ethnicity.AOTH, sex: Sex.M },
];

const STREETS = ['Church Lane', 'Victoria Road', 'Mill Street', 'Station Road', 'Park Avenue', 'Queens Drive', 'Elm Grove', 'Castle View', 'Brook Close', 'Orchard Way', 'Ashfield Road', 'Windmill Hill'];
/** Towns and the area of seeds/places.ts whose real postcodes they use (Northby twice: the county town). */
const TOWNS: [string, Area][] = [
  ['Northby', 'Northby'],
  ['Northby', 'Northby'],
  ['Castlegate', 'Castlegate'],
  ['Brookside', 'Brookside'],
  ['Easterholme', 'Easterholme'],
];

/** A real postcode in the town's area (three draws, as the made-up ones took). */
function postcode(rng: Rng, area: Area): string {
  return placeIn(rng, area)[0];
}

/** A valid NHS number (demo range starting 9, as test numbers do). */
export function demoNhsNumber(rng: Rng): string {
  for (;;) {
    const first9 = `9${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const check = nhsCheckDigit(first9);
    if (check !== null) return `${first9}${check}`;
  }
}

function demoUpn(school: string, entryYear: number, serial: number): string {
  const body = `931${ESTABLISHMENT[school]}${String(entryYear % 100).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  return `${upnCheckLetter(body)}${body}`;
}

const ageOn = (dob: string, on: string): number => {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = on.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
};

/**
 * The demo children (about 60 known to Northshire County Council, each on a pathway other modules
 * read), their identifiers, addresses, disabilities and the involvements of every partner; plus five
 * records owned by health and police, three of them the same child as an LA record spelled or dated
 * slightly differently (for findChildren and ChildLink demos). Deterministic: world.rng, world.today.
 */
export async function seedPeople(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const make = <T extends object>(entity: new () => T, data: Record<string, unknown>): T => em.create(entity, data as never);
  const agency = (code: string): Agency => world.agencies.get(code)!;
  const by = (code: string) => ({ owningAgency: agency(code), createdBy: world.seededBy(code), updatedBy: world.seededBy(code) });
  const person = (subject: string): Practitioner => world.practitioners.get(subject)!;
  const teams = new Map<string, Team>();
  const team = async (code: string, teamCode: string, name: string): Promise<Team> => {
    const key = `${code}/${teamCode}`;
    let t = teams.get(key) ?? (await em.findOne(Team, { agency: agency(code), code: teamCode })) ?? undefined;
    if (!t) t = em.create(Team, { agency: agency(code), code: teamCode, name });
    teams.set(key, t);
    return t;
  };
  const assess = await team(LA, 'ASSESS-1', 'ASSESS-1');
  const longTerm = await team(LA, 'LONGTERM-2', 'Long-term social work team 2');
  const leaving = await team(LA, 'LEAVING-CARE', 'Leaving care service');
  const iro = await team(LA, 'IRO', 'IRO');
  const vschool = await team(LA, 'VSCHOOL', 'VSCHOOL');
  const zeroNineteen = await team(CHT, '0-19', '0-19');
  const lacHealth = await team(CHT, 'LAC-HEALTH', 'Looked-after children health team');
  const ppu = await team(POLICE, 'PPU', 'PPU');

  const amy = person('la.sw.amy.khan');
  const chair = person('la.chair.dev.patel');
  const vsh = person('la.vsh.femi.adeyemi');
  const grace = person('cht.hv.grace.lee');
  const ian = person('pol.ppu.ian.ross');
  const kay = person('sch.dsl.kay.wood');

  let laSeq = 104_300;
  let upnSerial = 0;
  let uascIndex = 0;
  let hvPersonaCount = 0;
  // Every demo involvement is an allocation by the child's lead agency (the owner of the child record),
  // owned by the involved agency (src/access/involvement-policy.ts).
  const involve = (child: Child, code: string, role: InvolvementRole, startedAt: string, opts: { team?: Team | null; practitioner?: Practitioner | null; endedAt?: string | null; endReason?: InvolvementEndReason | null } = {}) => {
    const lead = child.owningAgency.getEntity();
    return make(Involvement, {
      ...by(code),
      createdBy: world.seededBy(lead.code),
      child,
      agency: agency(code),
      leadAgency: lead,
      status: InvolvementStatus.ALLOCATED,
      decidedAt: new Date(`${startedAt > today ? today : startedAt}T09:00:00Z`),
      decidedBy: world.seededBy(lead.code),
      role,
      startedAt: startedAt > today ? today : startedAt,
      team: opts.team ?? null,
      practitioner: opts.practitioner ?? null,
      endedAt: opts.endedAt ?? null,
      endReason: opts.endReason ?? null,
    });
  };
  const identify = (child: Child, code: string, type: IdentifierType, value: string, namespace: string | null = null, validFrom: string | null = null, validTo: string | null = null) =>
    make(ChildIdentifier, { ...by(code), child, type, value, namespace, validFrom, validTo });
  const live = (child: Child, code: string, addressType: AddressType, outward: [string, Area], fromDate: string | null, toDate: string | null, confidential = false) =>
    make(ChildAddress, {
      ...by(code),
      child,
      addressType,
      line1: `${rng.int(1, 140)} ${rng.pick(STREETS)}`,
      town: outward[0],
      postcode: postcode(rng, outward[1]),
      fromDate,
      toDate,
      confidential,
    });
  /** A start date between `minDaysAgo` and `maxDaysAgo` before today, never before `notBefore`. */
  const since = (notBefore: string, minDaysAgo: number, maxDaysAgo: number): string => {
    const d = addDays(today, -rng.int(minDaysAgo, maxDaysAgo));
    return d < notBefore ? notBefore : d;
  };

  let index = 0;
  const created: { child: Child; pathway: Pathway; nhs: string | null; home: [string, Area] }[] = [];
  for (const [pathway, count, minAge, maxAge] of PLAN) {
    for (let n = 0; n < count; n++) {
      const uasc = (pathway === 'CHILD_IN_CARE' && n === 0) || (pathway === 'CARE_LEAVER' && n === 0) ? UASC[uascIndex++]! : null;
      const group = uasc ? { eth: uasc.eth, weight: 0, f: [], m: [], fam: [] } : weighted(rng, NAMES);
      const sex = uasc ? uasc.sex : rng.chance(0.5) ? Sex.F : Sex.M;
      const unborn = minAge < 0;
      const age = unborn ? 0 : uasc && pathway === 'CHILD_IN_CARE' ? 16 : rng.int(minAge, maxAge);
      const dob = unborn ? null : addDays(today, -(age * 365 + rng.int(10, 355)));
      const expected = unborn ? addDays(today, rng.int(30, 140)) : null;
      const givenName = unborn ? null : uasc ? uasc.givenName : rng.pick(sex === Sex.F ? group.f : group.m);
      const familyName = uasc ? uasc.familyName : rng.pick(group.fam);
      const laId = `NC${laSeq++}`;
      const child = make(Child, {
        ...by(LA),
        sourceSystem: 'Mosaic',
        sourceRecordId: laId,
        givenName,
        familyName,
        preferredName: !unborn && rng.chance(0.08) ? givenName!.slice(0, 3) : null,
        dateOfBirth: dob,
        expectedDateOfBirth: expected,
        sex: unborn ? Sex.U : sex,
        gender: unborn ? null : rng.chance(0.95) ? (sex === Sex.F ? Gender.FEMALE : Gender.MALE) : Gender.SELF_DESCRIBED,
        ethnicity: unborn ? null : group.eth,
        isUasc: !!uasc,
        uascStatusStartDate: uasc && dob ? addDays(dob, 15 * 365 + 200) : null,
        uascStatusEndDate: uasc && pathway === 'CARE_LEAVER' && dob ? addDays(dob, 18 * 365) : null,
      });
      const schoolAge = dob !== null && age >= 4 && age <= 16;
      const schoolCode = schoolAge ? (age <= 10 ? (rng.chance(0.6) ? ASHFIELD : BROOKSIDE) : rng.chance(0.6) ? CASTLEGATE : BROOKSIDE) : undefined;
      world.children.push({ index: index++, child, pathway, schoolCode });

      // Identifiers.
      const nhs = !unborn && !uasc && rng.chance(0.88) ? demoNhsNumber(rng) : uasc ? demoNhsNumber(rng) : null;
      if (nhs) identify(child, LA, IdentifierType.NHS_NUMBER, nhs, null, dob);
      identify(child, LA, IdentifierType.LA_CHILD_ID, laId, '931', dob ?? addDays(today, -rng.int(20, 60)));
      if (schoolCode && !uasc) {
        const entryYear = Number(dob!.slice(0, 4)) + 4;
        const upn = demoUpn(schoolCode, entryYear, ++upnSerial);
        identify(child, LA, IdentifierType.UPN, upn, null, `${entryYear}-09-01`);
      }
      if (dob && age >= 14 && rng.chance(0.5)) identify(child, LA, IdentifierType.ULN, demoUln(rng));
      if (uasc) identify(child, LA, IdentifierType.HOME_OFFICE_REF, `HO-${rng.int(1_000_000, 9_999_999)}`, null, child.uascStatusStartDate);

      // Addresses.
      const home = rng.pick(TOWNS);
      const careStart = pathway === 'CHILD_IN_CARE' || pathway === 'CARE_LEAVER' ? since(dob ?? today, 200, 900) : null;
      if (pathway === 'CHILD_IN_CARE') {
        if (!uasc) live(child, LA, AddressType.HOME, home, dob, careStart);
        live(child, LA, AddressType.PLACEMENT, rng.pick(TOWNS), careStart, null, true);
      } else if (pathway === 'CARE_LEAVER') {
        live(child, LA, AddressType.PLACEMENT, rng.pick(TOWNS), careStart, addDays(dob!, 18 * 365 + 30), true);
        live(child, LA, AddressType.HOME, home, addDays(dob!, 18 * 365 + 30), null);
      } else if (pathway === 'CHILD_PROTECTION' && n === 3) {
        const moved = since(dob!, 20, 120);
        live(child, LA, AddressType.HOME, home, dob, moved);
        live(child, LA, AddressType.REFUGE, rng.pick(TOWNS), moved, null, true);
      } else {
        live(child, LA, AddressType.HOME, home, dob ?? addDays(today, -rng.int(200, 1500)), null);
      }

      // Disabilities (DfE codes, recorded after assessment).
      if (dob && !['CONTACT_ONLY'].includes(pathway)) {
        const r = rng.next();
        if (r < 0.18) {
          const codes = new Set([rng.pick([DisabilityCode.AUT, DisabilityCode.LD, DisabilityCode.COMM, DisabilityCode.BEH, DisabilityCode.HEAR, DisabilityCode.MOB, DisabilityCode.VIS, DisabilityCode.CON])]);
          if (rng.chance(0.4)) codes.add(rng.pick([DisabilityCode.LD, DisabilityCode.COMM, DisabilityCode.PC, DisabilityCode.INC]));
          for (const code of codes) make(ChildDisability, { ...by(LA), child, code, recordedOn: since(dob, 60, 900) });
        } else if (r < 0.7) {
          make(ChildDisability, { ...by(LA), child, code: DisabilityCode.NONE, recordedOn: since(dob, 60, 900) });
        }
      }

      // Involvements.
      const born = dob ?? addDays(today, -rng.int(20, 60));
      const swStart = careStart ?? since(born, 30, 700);
      if (['CHILD_IN_NEED', 'CHILD_PROTECTION', 'CHILD_IN_CARE', 'UNBORN', 'EXPLOITATION'].includes(pathway)) {
        const isAmy = pathway === 'UNBORN' || rng.chance(0.75);
        if (!isAmy && rng.chance(0.5)) {
          // Transferred from the assessment team to a long-term team: an ended involvement and a current one.
          const transfer = since(swStart, 5, 60);
          involve(child, LA, InvolvementRole.ALLOCATED_SOCIAL_WORKER, swStart, { team: assess, practitioner: amy, endedAt: transfer, endReason: InvolvementEndReason.TSPROC });
          involve(child, LA, InvolvementRole.ALLOCATED_SOCIAL_WORKER, transfer, { team: longTerm });
        } else {
          involve(child, LA, InvolvementRole.ALLOCATED_SOCIAL_WORKER, swStart, isAmy ? { team: assess, practitioner: amy } : { team: longTerm });
        }
      } else if (pathway === 'EARLY_HELP') {
        const start = since(born, 200, 700);
        involve(child, LA, InvolvementRole.ALLOCATED_SOCIAL_WORKER, start, { team: assess, practitioner: amy, endedAt: since(start, 20, 150), endReason: InvolvementEndReason.CASECL });
      } else if (pathway === 'CARE_LEAVER') {
        involve(child, LA, InvolvementRole.OTHER, addDays(dob!, 16 * 365 + 10), { team: leaving });
      }
      if (pathway === 'CHILD_PROTECTION') involve(child, LA, InvolvementRole.CP_CHAIR, since(swStart, 0, 30), { team: iro, practitioner: chair });
      if (pathway === 'CHILD_IN_CARE') {
        involve(child, LA, InvolvementRole.IRO, careStart!, { team: iro, practitioner: chair });
        involve(child, CHT, InvolvementRole.LAC_NURSE, addDays(careStart!, rng.int(5, 28)), { team: lacHealth });
        if (schoolCode) involve(child, LA, InvolvementRole.VIRTUAL_SCHOOL, careStart!, { team: vschool, practitioner: vsh });
      }
      if (!dob || age < 5) {
        // Health visiting from birth (antenatal contact for the unborn); the HV persona holds a few.
        const mine = hvPersonaCount < 5 && ['UNBORN', 'CHILD_PROTECTION', 'CHILD_IN_NEED', 'CONTACT_ONLY', 'EARLY_HELP'].includes(pathway);
        if (mine) hvPersonaCount++;
        involve(child, CHT, InvolvementRole.HEALTH_VISITOR, dob ? addDays(dob, rng.int(10, 14)) : addDays(today, -rng.int(10, 40)), { team: zeroNineteen, practitioner: mine ? grace : null });
      } else if (schoolAge && ['CHILD_PROTECTION', 'CHILD_IN_NEED', 'EXPLOITATION', 'EDUCATION_CONCERN'].includes(pathway) && rng.chance(0.7)) {
        involve(child, CHT, InvolvementRole.SCHOOL_NURSE, since(dob!, 30, 500), { team: zeroNineteen });
      }
      if (['CHILD_PROTECTION', 'EXPLOITATION'].includes(pathway) && (pathway === 'EXPLOITATION' || rng.chance(0.6))) {
        involve(child, POLICE, InvolvementRole.POLICE_OIC, since(born, 15, 400), { team: ppu, practitioner: ian });
        identify(child, POLICE, IdentifierType.POLICE_PERSON_ID, `NS${rng.int(10_000_000, 99_999_999)}`, 'NS', since(born, 15, 400));
      }
      if (schoolCode) {
        const entry = `${Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1) - (age >= 11 ? age - 11 : age - 4)}-09-01`;
        const started = entry < dob! ? addDays(dob!, 4 * 365) : entry;
        involve(child, schoolCode, InvolvementRole.SCHOOL_DSL, started > today ? addDays(today, -30) : started, { practitioner: schoolCode === CASTLEGATE ? kay : null });
      }
      created.push({ child, pathway, nhs, home });
    }
  }

  // Records other partners made of children they knew first: three duplicates of LA children (slightly
  // different spelling or date), a baby known only to health visiting, a child known only to the police.
  const infantCp = created.find((c) => c.pathway === 'CHILD_PROTECTION' && c.child.dateOfBirth && ageOn(c.child.dateOfBirth, today) <= 3 && c.nhs)!;
  const exploited = created.find((c) => c.pathway === 'EXPLOITATION')!;
  const cin = created.find((c) => c.pathway === 'CHILD_IN_NEED' && c.nhs && Number(c.child.dateOfBirth!.slice(8, 10)) <= 12 && c.child.dateOfBirth!.slice(5, 7) !== c.child.dateOfBirth!.slice(8, 10))
    ?? created.find((c) => c.pathway === 'CHILD_IN_NEED' && c.nhs)!;
  const dup = (code: string, source: string, of: { child: Child }, changes: Partial<Child>) =>
    make(Child, {
      ...by(code),
      sourceSystem: source,
      sourceRecordId: `${source}-${of.child.sourceRecordId}`,
      givenName: of.child.givenName,
      familyName: of.child.familyName,
      dateOfBirth: of.child.dateOfBirth,
      sex: of.child.sex,
      ...changes,
    });
  const g = infantCp.child.givenName!;
  const healthDup = dup(CHT, 'SystmOne', infantCp, { givenName: g.endsWith('a') ? `${g}h` : `${g}e` });
  identify(healthDup, CHT, IdentifierType.NHS_NUMBER, infantCp.nhs!, null, infantCp.child.dateOfBirth);
  make(ChildAddress, { ...by(CHT), child: healthDup, addressType: AddressType.HOME, line1: `${rng.int(1, 90)} ${rng.pick(STREETS)}`, town: infantCp.home[0], postcode: postcode(rng, infantCp.home[1]), fromDate: infantCp.child.dateOfBirth });
  involve(healthDup, CHT, InvolvementRole.HEALTH_VISITOR, addDays(infantCp.child.dateOfBirth!, 11), { team: zeroNineteen, practitioner: grace });

  const fam = exploited.child.familyName;
  const policeDup = dup(POLICE, 'Niche', exploited, { familyName: fam.length > 3 ? `${fam.slice(0, 1)}${fam[2]}${fam[1]}${fam.slice(3)}` : `${fam}e` });
  identify(policeDup, POLICE, IdentifierType.POLICE_PERSON_ID, `NS${rng.int(10_000_000, 99_999_999)}`, 'NS', addDays(today, -rng.int(30, 300)));
  involve(policeDup, POLICE, InvolvementRole.POLICE_OIC, addDays(today, -rng.int(10, 200)), { team: ppu, practitioner: ian });

  const dob = cin.child.dateOfBirth!;
  const transposedDob = Number(dob.slice(8, 10)) <= 12 ? `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}` : addDays(dob, 1);
  const gpDup = dup(CHT, 'SystmOne', cin, { dateOfBirth: transposedDob });
  identify(gpDup, CHT, IdentifierType.NHS_NUMBER, cin.nhs!, null, null);
  involve(gpDup, CHT, InvolvementRole.SCHOOL_NURSE, addDays(today, -rng.int(30, 300)), { team: zeroNineteen });

  const babyDob = addDays(today, -rng.int(40, 120));
  const baby = make(Child, { ...by(CHT), sourceSystem: 'SystmOne', sourceRecordId: 'SystmOne-HV-0001', givenName: 'Hollie', familyName: 'Pritchard', dateOfBirth: babyDob, sex: Sex.F, ethnicity: Ethnicity.WBRI });
  identify(baby, CHT, IdentifierType.NHS_NUMBER, demoNhsNumber(rng), null, babyDob);
  make(ChildAddress, { ...by(CHT), child: baby, addressType: AddressType.HOME, line1: '7 Windmill Hill', town: 'Easterholme', postcode: PLACES.Easterholme[17][0], fromDate: babyDob });
  involve(baby, CHT, InvolvementRole.HEALTH_VISITOR, addDays(babyDob, 12), { team: zeroNineteen, practitioner: grace });

  const witnessDob = addDays(today, -(9 * 365 + rng.int(10, 300)));
  const witness = make(Child, { ...by(POLICE), sourceSystem: 'Niche', sourceRecordId: 'Niche-N-0001', givenName: 'Kayden', familyName: 'Doyle', dateOfBirth: witnessDob, sex: Sex.M });
  identify(witness, POLICE, IdentifierType.POLICE_PERSON_ID, `NS${rng.int(10_000_000, 99_999_999)}`, 'NS', addDays(today, -45));
  involve(witness, POLICE, InvolvementRole.POLICE_OIC, addDays(today, -45), { team: ppu, practitioner: ian });

  // The MASH confirmed the health visiting record is the same baby as the LA record: linked, not merged.
  make(ChildLink, {
    ...by(LA),
    child: infantCp.child,
    otherChild: healthDup,
    reason: 'Same NHS number, date of birth and address; given name spelled differently by health. Confirmed with the health visitor.',
    linkedAt: new Date(`${addDays(today, -20)}T11:00:00Z`),
    linkedBy: 'la.mash.cara.doyle',
  });
  await em.flush();
}

function weighted<T extends { weight: number }>(rng: Rng, items: T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const i of items) {
    r -= i.weight;
    if (r < 0) return i;
  }
  return items[items.length - 1]!;
}

/** A valid unique learner number (check digit per the DfE/LRS rule). */
function demoUln(rng: Rng): string {
  for (;;) {
    const first9 = `${rng.int(1, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
    const remainder = sum % 11;
    if (remainder !== 0) return `${first9}${10 - remainder}`;
  }
}
