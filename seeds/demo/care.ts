import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CareLeaverAccommodation as Acc,
  CareLeaverActivity as Act,
  CareLeaverEligibility,
  CareLeaverInTouch,
  CareReviewType,
  CategoryOfNeed,
  LegalStatus,
  PlacementChangeReason,
  PlacementProvider,
  PlacementType,
  ReasonEpisodeCeased,
  ReasonForNewEpisode,
  ReviewParticipation,
} from '../../src/modules/care/care.codes';
import { CareEpisode } from '../../src/modules/care/care-episode.entity';
import { CareLeaver } from '../../src/modules/care/care-leaver.entity';
import { CarePlacement } from '../../src/modules/care/care-placement.entity';
import { CareReview } from '../../src/modules/care/care-review.entity';
import { LookedAfterYear } from '../../src/modules/care/looked-after-year.entity';
import { lookedAfterYears } from '../looked-after-years';
import { addMonths, addWorkingDays, ageOn } from '../../src/modules/care/dates';
import type { Child } from '../../src/modules/people/child.entity';
import { ChildAddress } from '../../src/modules/people/child-address.entity';
import { AddressType } from '../../src/modules/people/codes';
import { type Area, areaOf, milesBetween, type Place, placeOf, placementSite, providerFor, type SeedPlacementType, type SeedProvider } from '../places';
import { addDays, type Rng } from '../random';
import type { DemoChild, DemoWorld } from '../world';

const LA = 'LA-NORTHSHIRE';
const SOURCE = 'LiquidLogic';

/**
 * Care records for the demo partnership. CHILD_IN_CARE children get one to three open episodes (each
 * change of legal status starts one), placements (about a third with 3+ placements starting in the last
 * year) at real postcodes with the Ofsted URN of the home or agency (seeds/places.ts), and statutory
 * reviews (some late). CARE_LEAVER young people get ended episodes and care leaver
 * records from 16 (some NEET, some in unsuitable accommodation). Everything is owned by Northshire
 * County Council and derived from world.rng and world.today, so every load is identical.
 */
export async function seedCare(world: DemoWorld): Promise<void> {
  const la = world.agencies.get(LA)!;
  const seededBy = world.seededBy(LA);
  const common = { owningAgency: la, createdBy: seededBy, updatedBy: seededBy, sourceSystem: SOURCE };
  let seq = 0;
  const sourceRecordId = (prefix: string) => `${prefix}-${String(++seq).padStart(5, '0')}`;
  const ctx: SeedCtx = { em: world.em, rng: world.rng, today: world.today, common, sourceRecordId, inCareCount: 0 };
  const inCare = world.children.filter((c) => c.pathway === 'CHILD_IN_CARE' || c.pathway === 'CARE_LEAVER');
  if (!inCare.length) return;
  // The people seed gave each looked-after child a (confidential) placement address: the period of care
  // starts (and for care leavers ends) on its dates, so the histories agree across modules, and its
  // postcode is the last placement's. The family home (HOME) gives the distance placed from home.
  const placementAddresses = await world.em.find(ChildAddress, { child: { $in: inCare.map((c) => c.child.id) }, addressType: AddressType.PLACEMENT }, { orderBy: { fromDate: 'asc' } });
  const homeAddresses = await world.em.find(ChildAddress, { child: { $in: inCare.map((c) => c.child.id) }, addressType: AddressType.HOME, confidential: false }, { orderBy: { fromDate: 'asc' } });
  const anchorOf = (child: Child): Anchor | undefined => {
    const a = placementAddresses.find((x) => x.child.id === child.id && x.fromDate);
    const home = placeOf(homeAddresses.find((x) => x.child.id === child.id)?.postcode) ?? null;
    return a ? { from: a.fromDate!, to: a.toDate ?? null, postcode: a.postcode ?? null, address: a, home } : undefined;
  };

  for (const dc of inCare) {
    const dob = dc.child.dateOfBirth;
    if (!dob) continue;
    if (dc.pathway === 'CHILD_IN_CARE') seedChildInCare(ctx, dc, dob, anchorOf(dc.child));
    if (dc.pathway === 'CARE_LEAVER') seedCareLeaver(ctx, dc, dob, anchorOf(dc.child));
  }
  await world.em.flush();
}

/** Dates (and postcode) of the placement address the people seed recorded. */
interface Anchor {
  from: string;
  to: string | null;
  postcode: string | null;
  /** The placement address itself: its postcode follows the last placement's (a children's home's registered address). */
  address: ChildAddress;
  /** The family home the child came from, when recorded (the 903's home postcode). */
  home: Place | null;
}

interface SeedCtx {
  em: EntityManager;
  rng: Rng;
  today: string;
  common: Record<string, unknown>;
  sourceRecordId(prefix: string): string;
  /** Children in care seeded so far (every third gets an unstable year, whatever the random stream does). */
  inCareCount: number;
}

const FOSTER: PlacementType[] = [PlacementType.U4, PlacementType.U6, PlacementType.U6, PlacementType.U3, PlacementType.U1, PlacementType.U5];
const FOSTER_TYPES: string[] = [PlacementType.U1, PlacementType.U2, PlacementType.U3, PlacementType.U4, PlacementType.U5, PlacementType.U6];
/** Where carers and homes are: near the child's home (null) or elsewhere in the county mostly, some over its border, a few further away (seeds/places.ts). */
const PLACEMENT_AREAS: (Area | null)[] = [null, null, null, 'Northby', 'Castlegate', 'Brookside', 'Easterholme', 'Ashfield', 'Swindon', 'Birmingham', 'Leeds'];
const CHANGE_REASONS = [PlacementChangeReason.CARPL, PlacementChangeReason.CREQB, PlacementChangeReason.CREQO, PlacementChangeReason.LAREQ, PlacementChangeReason.CHILD, PlacementChangeReason.ALLEG, PlacementChangeReason.OTHER];

/**
 * A placement type for the child's age: supported accommodation (K3; H5 was withdrawn in 2025/26, rule
 * 146) or a children's home for some 16- and 17-year-olds, a children's home for some from 11, now and then
 * home to parents (only under a care order: not s20, rule 378), otherwise foster care.
 */
function placementTypeFor(rng: Rng, age: number, parentsAllowed: boolean): PlacementType {
  if (age >= 16 && rng.chance(0.4)) return rng.pick([PlacementType.K3, PlacementType.K2]);
  if (age >= 11 && rng.chance(0.3)) return PlacementType.K2;
  if (rng.chance(0.06)) return parentsAllowed ? PlacementType.P1 : PlacementType.U6;
  return rng.pick(FOSTER);
}

/** Distinct sorted dates strictly between `from` and `to` (exclusive), `n` of them when the range allows. */
function datesBetween(rng: Rng, from: string, to: string, n: number): string[] {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const picked = new Set<number>();
  for (let tries = 0; picked.size < Math.min(n, span - 1) && tries < 100; tries++) picked.add(rng.int(1, span - 1));
  return [...picked].sort((a, b) => a - b).map((d) => addDays(from, d));
}

interface Period {
  enteredCare: string;
  /** Placement start dates; the first is the day the child entered care. */
  placementStarts: string[];
  /** End of the period of care (null while looked after). */
  end: string | null;
  /** Postcode of the current (last) placement, when known. */
  lastPostcode?: string | null;
  /** The recorded placement address, whose postcode follows the last placement. */
  anchorAddress?: ChildAddress;
  /** The family home's postcode, when known. */
  home: Place | null;
  endReason: ReasonEpisodeCeased | null;
}

/**
 * Writes episodes, placements and reviews for one period of care; returns the episodes. An emergency
 * order comes first for some (police protection up to 72 hours, an EPO up to 8 days: rules 361, 362), then
 * an interim care order; for some the legal status changes again with a move, and an interim care order
 * becomes a full care order when the proceedings end. A placement that carries on across a change of legal
 * status is written as one record per episode with the same details (the 903 reads it as a change of legal
 * status only); the reason for a change is on the record that ends with a move.
 */
function writePeriod(ctx: SeedCtx, child: Child, dob: string, p: Period): CareEpisode[] {
  const { em, rng } = ctx;
  const need = rng.pick([CategoryOfNeed.N1, CategoryOfNeed.N1, CategoryOfNeed.N1, CategoryOfNeed.N4, CategoryOfNeed.N5, CategoryOfNeed.N8, CategoryOfNeed.N2, CategoryOfNeed.N6]);
  // A second episode (legal status change with a placement move) for some children with a placement move.
  const split = p.placementStarts.length > 1 && rng.chance(0.45) ? p.placementStarts[1]! : null;
  const firstStatus = split ? rng.pick([LegalStatus.L1, LegalStatus.L2, LegalStatus.V2, LegalStatus.C1]) : rng.pick([LegalStatus.C2, LegalStatus.C2, LegalStatus.C1, LegalStatus.V2, LegalStatus.V2, LegalStatus.C1]);
  const spans: [string, LegalStatus][] = [[p.enteredCare, firstStatus]];
  if (firstStatus === LegalStatus.L1 || firstStatus === LegalStatus.L2) {
    const emergencyEnd = addDays(p.enteredCare, firstStatus === LegalStatus.L1 ? rng.int(1, 3) : rng.int(1, 8));
    if (emergencyEnd < (split ?? p.end ?? ctx.today)) spans.push([emergencyEnd, LegalStatus.C1]);
  }
  if (split && split > spans.at(-1)![0]) {
    const now = spans.at(-1)![1];
    spans.push([split, now === LegalStatus.C1 ? LegalStatus.C2 : rng.pick([LegalStatus.C1, LegalStatus.C2])]);
  }
  // An interim care order gives way to a full care order when the proceedings end (26 weeks to a year).
  const [lastStart, lastStatus] = spans.at(-1)!;
  if (lastStatus === LegalStatus.C1) {
    const finalOrder = addDays(lastStart, rng.int(180, 360));
    if (finalOrder < (p.end ?? ctx.today)) spans.push([finalOrder, LegalStatus.C2]);
  }
  const episodes = spans.map(([startDate, legalStatus], i) =>
    em.create(CareEpisode, {
      ...ctx.common,
      sourceRecordId: ctx.sourceRecordId('EP'),
      child,
      startDate,
      endDate: spans[i + 1]?.[0] ?? p.end,
      enteredCareDate: p.enteredCare,
      legalStatus,
      categoryOfNeed: need,
      reasonForNewEpisode: i === 0 ? ReasonForNewEpisode.S : startDate === split ? ReasonForNewEpisode.B : ReasonForNewEpisode.L,
      reasonEpisodeCeased: i < spans.length - 1 ? ReasonEpisodeCeased.X1 : p.endReason,
    } as never),
  );
  const episodeOn = (date: string) => episodes.filter((e) => e.startDate <= date).at(-1)!;
  const statusesBetween = (from: string, to: string | null) => episodes.filter((e) => e.startDate < (to ?? '9999-12-31') && (e.endDate ?? '9999-12-31') > from).map((e) => e.legalStatus);

  let lastType: PlacementType | null = null;
  for (const [i, start] of p.placementStarts.entries()) {
    const end = p.placementStarts[i + 1] ?? p.end;
    const last = i === p.placementStarts.length - 1;
    const parentsAllowed = statusesBetween(start, end).every((ls) => ls === LegalStatus.C1 || ls === LegalStatus.C2);
    const type = placementTypeFor(rng, ageOn(dob, start), parentsAllowed);
    const provider = providerFor(rng, type as SeedPlacementType) as PlacementProvider;
    const area = rng.pick(PLACEMENT_AREAS) ?? areaOf(p.home) ?? 'Northby';
    let site = placementSite(rng, type as SeedPlacementType, provider as SeedProvider, area, p.home);
    // The current placement is at the placement address the people seed recorded: a family's there; a
    // registered home's address is its own, and the recorded address follows it.
    const anchored = last ? placeOf(p.lastPostcode) : undefined;
    if (anchored && FOSTER_TYPES.includes(type) && anchored[0] !== p.home?.[0]) site = { ...site, postcode: anchored[0], place: anchored };
    if (last && p.anchorAddress) p.anchorAddress.postcode = site.postcode;
    const randomMiles = rng.chance(0.2) ? rng.int(21, 140) + rng.int(0, 9) / 10 : rng.int(1, 19) + rng.int(0, 9) / 10;
    const changeReason = p.placementStarts[i + 1] ? rng.pick(CHANGE_REASONS) : null;
    for (const episode of episodes) {
      const from = start > episode.startDate ? start : episode.startDate;
      const episodeEnd = episode.endDate ?? null;
      const to = end === null ? episodeEnd : episodeEnd === null || end < episodeEnd ? end : episodeEnd;
      if (!(from < (to ?? '9999-12-31'))) continue;
      em.create(CarePlacement, {
        ...ctx.common,
        sourceRecordId: ctx.sourceRecordId('PL'),
        episode,
        child,
        startDate: from,
        endDate: to,
        placementType: type,
        provider,
        postcode: site.postcode,
        urn: site.urn,
        distanceFromHomeMiles: p.home ? milesBetween(p.home, site.place) : randomMiles,
        changeReason: to === end ? changeReason : null,
      } as never);
    }
    lastType = type;
  }
  // Staying put (E17) is with foster carers; from a home or supported accommodation, independent living with support.
  if (p.endReason === ReasonEpisodeCeased.E17 && lastType && !FOSTER_TYPES.includes(lastType)) episodes.at(-1)!.reasonEpisodeCeased = ReasonEpisodeCeased.E6;

  // Reviews: first within 20 working days, second within 3 months, then 6-monthly; some held late.
  const stop = p.end ?? ctx.today;
  let due = addWorkingDays(p.enteredCare, 20);
  for (let n = 0; due <= stop; n++) {
    const late = rng.chance(0.25);
    const held = late ? addDays(due, rng.int(3, 35)) : addDays(due, -rng.int(0, 10));
    if (held > stop) break;
    const reviewDate = held < p.enteredCare ? p.enteredCare : held;
    const age = ageOn(dob, reviewDate);
    em.create(CareReview, {
      ...ctx.common,
      sourceRecordId: ctx.sourceRecordId('RV'),
      child,
      episode: episodeOn(reviewDate),
      type: n === 0 ? CareReviewType.FIRST : n === 1 ? CareReviewType.SECOND : CareReviewType.SUBSEQUENT,
      reviewDate,
      dueDate: due,
      participation: age < 4 ? ReviewParticipation.PN0 : rng.pick([ReviewParticipation.PN1, ReviewParticipation.PN1, ReviewParticipation.PN2, ReviewParticipation.PN5, ReviewParticipation.PN6, ReviewParticipation.PN7]),
    } as never);
    due = n === 0 ? addMonths(reviewDate, 3) : addMonths(reviewDate, 6);
  }
  // Each collection year in care as the SSDA903 asks it; its own draw and ids, so nothing else seeded moves.
  for (const y of lookedAfterYears(`${dob}|${p.enteredCare}`, dob, child.sex, p.enteredCare, stop)) {
    em.create(LookedAfterYear, { ...ctx.common, sourceRecordId: `LY-${dob}-${p.enteredCare}-${y.collectionYear}`, child, ...y } as never);
  }
  return episodes;
}

function seedChildInCare(ctx: SeedCtx, dc: DemoChild, dob: string, anchor?: Anchor): void {
  const { rng, today } = ctx;
  const earliest = addDays(dob, 1);
  let enteredCare = anchor?.from ?? addDays(today, -rng.int(25, 1100));
  if (enteredCare < earliest) enteredCare = addDays(earliest, rng.int(0, 20));
  if (enteredCare >= today) return;
  const unstable = ctx.inCareCount++ % 3 === 0;
  const yearAgo = addDays(today, -360);
  const extra = unstable ? datesBetween(rng, enteredCare > yearAgo ? enteredCare : yearAgo, addDays(today, -2), rng.int(3, 4)) : datesBetween(rng, enteredCare, today, rng.int(0, 1));
  writePeriod(ctx, dc.child, dob, { enteredCare, placementStarts: [enteredCare, ...extra], end: null, endReason: null, lastPostcode: anchor?.postcode, anchorAddress: anchor?.address, home: anchor?.home ?? null });
}

const SUITABLE: Acc[] = [Acc.D, Acc.E, Acc.U, Acc.Z, Acc.Z, Acc.K, Acc.B, Acc.T];
const UNSUITABLE: Acc[] = [Acc.S, Acc.W, Acc.V, Acc.X];
const IN_EET: Act[] = [Act.F2, Act.F2, Act.F5, Act.P5, Act.F1, Act.F4, Act.P2];
const NEET: Act[] = [Act.G5, Act.G5, Act.G6, Act.G4];

function seedCareLeaver(ctx: SeedCtx, dc: DemoChild, dob: string, anchor?: Anchor): void {
  const { em, rng, today } = ctx;
  if (ageOn(dob, today) < 16) return;
  const eighteenth = addMonths(dob, 18 * 12);
  const fromAnchor = anchor && (!anchor.to || anchor.from < anchor.to) ? anchor.from : undefined;
  const enteredCare = fromAnchor ?? addDays(addMonths(dob, rng.int(12, 15) * 12), rng.int(0, 300));
  // Left care at 18 (staying put or independent living), or earlier at 16-17 for a relevant child.
  const leftAt18 = anchor?.to ? anchor.to >= eighteenth : eighteenth < today && rng.chance(0.75);
  const left = anchor?.to ?? (leftAt18 ? eighteenth : addDays(addMonths(dob, 16 * 12), rng.int(30, 500)));
  if (left >= today || enteredCare >= left) return;
  const endReason = leftAt18 ? rng.pick([ReasonEpisodeCeased.E17, ReasonEpisodeCeased.E6, ReasonEpisodeCeased.E6, ReasonEpisodeCeased.E5]) : rng.pick([ReasonEpisodeCeased.E6, ReasonEpisodeCeased.E4A, ReasonEpisodeCeased.E13]);
  const extra = datesBetween(rng, enteredCare, left, rng.int(0, 3));
  writePeriod(ctx, dc.child, dob, { enteredCare, placementStarts: [enteredCare, ...extra], end: left, endReason, lastPostcode: anchor?.postcode, anchorAddress: anchor?.address, home: anchor?.home ?? null });

  // A record around each birthday from the one after leaving (16+), up to today.
  for (let age = Math.max(17, ageOn(dob, left) + 1); ; age++) {
    const contactDate = addDays(addMonths(dob, age * 12), rng.int(-25, 25));
    if (contactDate > today) break;
    if (ageOn(dob, contactDate) < 16) continue;
    const inTouch = rng.chance(0.82) ? CareLeaverInTouch.YES : rng.pick([CareLeaverInTouch.NO, CareLeaverInTouch.REFU, CareLeaverInTouch.NREQ]);
    const known = inTouch === CareLeaverInTouch.YES;
    const unsuitable = known && rng.chance(0.18);
    const accommodation = known ? (unsuitable ? rng.pick(UNSUITABLE) : rng.pick(SUITABLE)) : rng.chance(0.5) ? Acc.R : null;
    em.create(CareLeaver, {
      ...ctx.common,
      sourceRecordId: ctx.sourceRecordId('CL'),
      child: dc.child,
      contactDate,
      eligibility: age >= 18 ? CareLeaverEligibility.FORMER_RELEVANT : CareLeaverEligibility.RELEVANT,
      inTouch,
      accommodation,
      accommodationSuitable: known ? !unsuitable : null,
      activity: known ? (rng.chance(0.38) ? rng.pick(NEET) : rng.pick(IN_EET)) : null,
      pathwayPlanReviewDate: known ? addDays(contactDate, -rng.int(0, 150)) : null,
    } as never);
  }
}
