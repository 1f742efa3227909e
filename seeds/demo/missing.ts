import { MissingEpisode, MissingEpisodeType, MissingRiskGrading, ReturnHomeInterview } from '../../src/modules/missing/missing-episode.entity';
import { addDays, at } from '../random';
import type { DemoChild, DemoWorld } from '../world';

const LA = 'LA-NORTHSHIRE';
const POLICE = 'POLICE-NORTHSHIRE';
const SCHEME = 'College of Policing APP missing persons (2017 continuum)';
const HOUR = 3600_000;

const FOUND = ['Bus station, Northtown', 'Address in Southport (out of area)', "Friend's house, Castle Estate", 'Railway station, Leeds', 'Town centre car park', 'Returned home of own accord'];
const PUSH = ['Conflict with carers', 'Boundaries at placement', 'Bereavement', 'Arguments about school'];
const PULL = ['Older peers', 'Boyfriend/girlfriend', 'Paid to carry drugs', 'Parties', 'Family members'];
const FINDINGS = [
  'Stayed with older friends; says an adult gave them money and a phone. Shared with MACE lead.',
  'Left after an argument at home; slept at a friend\'s. Agreed a safety plan with carer.',
  'Travelled by train to another city with two older males; would not name them. Exploitation indicators noted.',
];
const DECLINE = ['Young person said they did not want to talk to anyone.', 'Declined; said they had already spoken to the police.', 'Refused at the door; carer present.'];

/**
 * Missing episodes: EXPLOITATION children go missing repeatedly (the first one five times or more),
 * reported by the police with a risk grading and its scheme; some children in care are recorded absent
 * from placement by the local authority. Each ended episode gets a return home interview from the local
 * authority: some offered within 72 hours, some late, some declined (recorded as declined, never as
 * held), a few held. One child is currently missing.
 */
export async function seedMissing(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const la = world.agencies.get(LA)!;
  const police = world.agencies.get(POLICE)!;
  const exploitation = world.children.filter((c) => c.pathway === 'EXPLOITATION');
  const inCare = world.children.filter((c) => c.pathway === 'CHILD_IN_CARE').slice(0, 3);
  let episodeSeq = 0;
  let rhiSeq = 0;
  const now = at(today, 0, 12).getTime();

  const episode = (dc: DemoChild, startAt: Date, hours: number | null, byPolice: boolean) => {
    const owner = byPolice ? police : la;
    const endAt = hours == null ? null : new Date(Math.min(startAt.getTime() + hours * HOUR, now - 2 * HOUR));
    const grading = byPolice ? rng.pick([MissingRiskGrading.LOW, MissingRiskGrading.MEDIUM, MissingRiskGrading.MEDIUM, MissingRiskGrading.HIGH]) : null;
    const e = em.create(MissingEpisode, {
      owningAgency: owner,
      createdBy: world.seededBy(owner.code),
      updatedBy: world.seededBy(owner.code),
      sourceSystem: byPolice ? 'Compact' : 'LiquidLogic',
      sourceRecordId: `${byPolice ? 'MFH' : 'LL-MISS'}-${String(++episodeSeq).padStart(4, '0')}`,
      child: dc.child,
      episodeType: byPolice ? MissingEpisodeType.MISSING : MissingEpisodeType.ABSENT,
      startAt,
      endAt,
      riskGrading: grading,
      riskGradingScheme: grading ? SCHEME : null,
      foundLocation: endAt ? rng.pick(FOUND) : null,
    } as never);
    return e;
  };

  /**
   * Pattern of the return home interview, cycling so every kind appears: 0 offered in time and held,
   * 1 offered late and held, 2-3 offered in time and declined, 4 offered late with no outcome yet,
   * 5 never offered (the gap the 72-hour measure must show).
   */
  const interview = (e: MissingEpisode, kind: number) => {
    if (!e.endAt || kind === 5) return;
    const offerHours = kind === 1 || kind === 4 ? rng.int(80, 140) : rng.int(4, 60); // 1 and 4: offered late
    const offeredAt = new Date(e.endAt.getTime() + offerHours * HOUR);
    if (offeredAt.getTime() > now) return; // not offered yet
    const outcomeAt = new Date(offeredAt.getTime() + rng.int(20, 72) * HOUR);
    const done = outcomeAt.getTime() <= now;
    const declined = done && (kind === 2 || kind === 3);
    const held = done && (kind === 0 || kind === 1);
    em.create(ReturnHomeInterview, {
      owningAgency: la,
      createdBy: world.seededBy(LA),
      updatedBy: world.seededBy(LA),
      sourceSystem: 'LiquidLogic',
      sourceRecordId: `LL-RHI-${String(++rhiSeq).padStart(4, '0')}`,
      episode: e,
      offeredAt,
      heldAt: held ? outcomeAt : null,
      declinedAt: declined ? outcomeAt : null,
      conductedByRole: 'Independent return interview worker (commissioned service)',
      findings: held ? rng.pick(FINDINGS) : null,
      declineReason: declined ? rng.pick(DECLINE) : null,
      pushFactors: held ? [rng.pick(PUSH)] : [],
      pullFactors: held ? [rng.pick(PULL), rng.pick(PULL)].filter((v, k, all) => all.indexOf(v) === k) : [],
    } as never);
  };

  let kind = 0;
  for (const [i, dc] of exploitation.entries()) {
    if (!dc.child.dateOfBirth) continue;
    const count = i === 0 ? 6 : rng.int(1, 4);
    let day = -rng.int(200, 330);
    for (let n = 0; n < count; n++) {
      day += rng.int(15, Math.max(16, Math.floor(-day / (count - n))));
      const start = at(today, Math.min(day, -3), rng.int(16, 23));
      const current = i === 1 && n === count - 1; // the second child is missing now
      const e = episode(dc, current ? at(today, -1, 21) : start, current ? null : rng.int(6, 70), true);
      interview(e, kind++ % 6);
    }
  }
  for (const dc of inCare) {
    if (!dc.child.dateOfBirth) continue;
    const e = episode(dc, at(today, -rng.int(20, 200), rng.int(18, 23)), rng.int(3, 20), false);
    interview(e, kind++ % 6);
  }
}
