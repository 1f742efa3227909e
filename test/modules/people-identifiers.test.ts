import 'reflect-metadata';
import { isTemporaryUpn, nhsCheckDigit, normalisePostcode, upnCheckLetter, validateForceCode, validateLaCode, validateNhsNumber, validateUln, validateUpn } from '../../src/modules/people/identifiers';
import { compareDate, compareName, scoreCandidate } from '../../src/modules/people/matching';
import { IdentifierType, MatchKind } from '../../src/modules/people/codes';
import { addMonths, checkChildDates, checkIdentifier } from '../../src/modules/people/validation';
import { ErrorCollector } from '../../src/server/graphql/user-errors';

describe('NHS number (modulus 11)', () => {
  it.each(['9434765919', '4010232137', '943 476 5919', '401-023-2137', '9990000018'])('accepts %s', (n) => {
    expect(validateNhsNumber(n)).toEqual({ ok: true, value: n.replace(/[\s-]/g, '') });
  });
  it.each([
    ['9434765918', 'check digit'],
    ['943476591', '10 digits'],
    ['94347659190', '10 digits'],
    ['94347A5919', '10 digits'],
    ['', '10 digits'],
  ])('refuses %s (%s)', (n, why) => {
    const r = validateNhsNumber(n);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });
  it('computes the check digit; 11 becomes 0 and 10 is never valid', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(nhsCheckDigit('401023213')).toBe(7);
    // 000000000 -> sum 0 -> 11 - 0 = 11 -> 0
    expect(nhsCheckDigit('000000000')).toBe(0);
    // 000000006: 6 x 2 = 12 -> 12 mod 11 = 1 -> 11 - 1 = 10: no valid number starts like this
    expect(nhsCheckDigit('000000006')).toBeNull();
    expect(validateNhsNumber('0000000060').ok).toBe(false);
  });
});

describe('UPN (DfE check letter, mod 23)', () => {
  it.each(['H801200001001', 'B801200005001', 'A950000178301', 'H243278544154', 'G80120000101A'])('accepts %s', (u) => {
    expect(validateUpn(u)).toEqual({ ok: true, value: u });
  });
  it('normalises case and spaces, and recognises temporary UPNs', () => {
    expect(validateUpn(' g80120000101a ')).toEqual({ ok: true, value: 'G80120000101A' });
    expect(isTemporaryUpn('G80120000101A')).toBe(true);
    expect(isTemporaryUpn('H801200001001')).toBe(false);
  });
  it('values a temporary UPN letter by its place in the check alphabet (A=0 ... Z=22)', () => {
    // Same body with serial letter B (=1) at weight 13 adds 13 to the sum: G (6) -> 19 -> W.
    expect(upnCheckLetter('80120000101B')).toBe('W');
    expect(validateUpn('W80120000101B').ok).toBe(true);
  });
  it.each([
    ['Z801200001001', 'check letter'],
    ['R247962919251', 'check letter'],
    ['H80120000100', '13 characters'],
    ['I801200001001', 'check letter (A-Z without I, O or S)'],
    ['X80120000A001', 'characters 2-12'],
    ['G80120000101I', 'character 13'],
    ['A000000000000', 'LA number'],
  ])('refuses %s (%s)', (u, why) => {
    const r = validateUpn(u);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });
});

describe('other identifiers and postcodes', () => {
  it('ULN check digit', () => {
    // 1 x 10 + 4 x 2 = 18 -> 18 mod 11 = 7 -> check 10 - 7 = 3
    expect(validateUln('1000000043').ok).toBe(true);
    expect(validateUln('1000000042').ok).toBe(false);
    expect(validateUln('0123456789').ok).toBe(false);
  });
  it('namespaces', () => {
    expect(validateLaCode('931')).toEqual({ ok: true, value: '931' });
    expect(validateLaCode('93').ok).toBe(false);
    expect(validateForceCode('ns')).toEqual({ ok: true, value: 'NS' });
    expect(validateForceCode('N').ok).toBe(false);
  });
  it('postcodes are format-checked and normalised', () => {
    expect(normalisePostcode('ns14ab')).toBe('NS1 4AB');
    expect(normalisePostcode('SW1A 1AA')).toBe('SW1A 1AA');
    expect(normalisePostcode('m1 1ae')).toBe('M1 1AE');
    expect(normalisePostcode('NS1 4AB')).toBe('NS1 4AB');
    expect(normalisePostcode('12345')).toBeNull();
    expect(normalisePostcode('NS1 4CB')).toBeNull(); // C is not used in the inward code
  });
});

describe('identifier input rules', () => {
  const check = (input: Parameters<typeof checkIdentifier>[1]) => {
    const errors = new ErrorCollector();
    const out = checkIdentifier(errors, input, ['input', 'identifiers', '1']);
    return { out, errors: errors.errors.map((e) => ({ field: e.field, code: e.code })) };
  };
  it('normalises a valid NHS number', () => {
    expect(check({ type: IdentifierType.NHS_NUMBER, value: '943 476 5919' }).out).toMatchObject({ value: '9434765919', namespace: null });
  });
  it('names the field path and code', () => {
    expect(check({ type: IdentifierType.NHS_NUMBER, value: '9434765918' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'value'], code: 'INVALID_NHS_NUMBER' }]);
    expect(check({ type: IdentifierType.UPN, value: 'Z801200001001' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'value'], code: 'INVALID_UPN' }]);
    expect(check({ type: IdentifierType.LA_CHILD_ID, value: 'NC1' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'namespace'], code: 'INVALID_IDENTIFIER' }]);
    expect(check({ type: IdentifierType.POLICE_PERSON_ID, value: 'NS123' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'namespace'], code: 'INVALID_IDENTIFIER' }]);
    expect(check({ type: IdentifierType.NHS_NUMBER, value: '9434765919', namespace: '931' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'namespace'], code: 'INVALID_IDENTIFIER' }]);
    expect(check({ type: IdentifierType.NHS_NUMBER, value: '9434765919', validFrom: '2020-01-02', validTo: '2020-01-01' }).errors).toEqual([{ field: ['input', 'identifiers', '1', 'validTo'], code: 'DATE_ORDER' }]);
  });
  it('accepts namespaced local identifiers', () => {
    expect(check({ type: IdentifierType.LA_CHILD_ID, value: 'NC104300', namespace: '931' }).out).toMatchObject({ namespace: '931' });
    expect(check({ type: IdentifierType.POLICE_PERSON_ID, value: 'ns1234', namespace: 'ns' }).out).toMatchObject({ namespace: 'NS', value: 'NS1234' });
  });
});

describe('child date rules', () => {
  const today = '2026-11-22';
  const run = (d: Parameters<typeof checkChildDates>[1]) => {
    const errors = new ErrorCollector();
    checkChildDates(errors, d, d, today);
    return errors.errors.map((e) => `${e.field.join('.')}:${e.code}`);
  };
  it('needs a date of birth or an expected one, not both', () => {
    expect(run({})).toEqual(['input.dateOfBirth:REQUIRED']);
    expect(run({ dateOfBirth: '2020-01-01', expectedDateOfBirth: '2027-01-01' })).toEqual(['input.expectedDateOfBirth:IMPOSSIBLE_DATE']);
  });
  it('refuses future births, far expected dates and deaths before birth', () => {
    expect(run({ dateOfBirth: '2026-11-23' })).toEqual(['input.dateOfBirth:DATE_IN_FUTURE']);
    expect(run({ expectedDateOfBirth: addMonths(today, 10) })).toEqual([]);
    expect(run({ expectedDateOfBirth: '2027-09-23' })).toEqual(['input.expectedDateOfBirth:IMPOSSIBLE_DATE']);
    expect(run({ dateOfBirth: '2020-05-05', dateOfDeath: '2020-05-04' })).toEqual(['input.dateOfDeath:DATE_ORDER']);
    expect(run({ dateOfBirth: '2020-05-05', dateOfDeath: '2026-12-01' })).toEqual(['input.dateOfDeath:DATE_IN_FUTURE']);
    expect(run({ expectedDateOfBirth: '2027-01-01', dateOfDeath: '2026-01-01' })).toEqual(['input.dateOfDeath:IMPOSSIBLE_DATE']);
  });
});

describe('match scoring (deterministic)', () => {
  const facts = { givenName: 'Amelia', familyName: 'Khan', dateOfBirth: '2019-03-07', postcodes: ['NS1 4AB'], nhsNumbers: [], upns: [] };
  it('compares names and dates', () => {
    expect(compareName('KHAN', 'khan').kind).toBe(MatchKind.EXACT);
    expect(compareName('Kahn', 'Khan').kind).toBe(MatchKind.FUZZY);
    expect(compareName('Smith', 'Smith-Jones').kind).toBe(MatchKind.FUZZY);
    expect(compareName('Jones', 'Okafor').kind).toBe(MatchKind.DIFFERENT);
    expect(compareDate('2019-07-03', { ...facts })!.kind).toBe(MatchKind.FUZZY);
    expect(compareDate('2018-03-07', { ...facts })!.kind).toBe(MatchKind.FUZZY);
    expect(compareDate('2012-11-30', { ...facts })!.kind).toBe(MatchKind.DIFFERENT);
  });
  it('scores an identifier match 1.0 and demographic matches at most 0.95', () => {
    expect(scoreCandidate({ nhsNumber: '9434765919' }, facts, 'nhsNumber').score).toBe(1);
    expect(scoreCandidate({ familyName: 'Khan', givenName: 'Amelia', dateOfBirth: '2019-03-07', postcode: 'NS1 4AB' }, facts, null).score).toBe(0.95);
    const fuzzy = scoreCandidate({ familyName: 'Kahn', givenName: 'Amelia', dateOfBirth: '2019-03-07' }, facts, null);
    expect(fuzzy.score).toBeCloseTo((0.95 * (0.3 * 0.6 + 0.2 + 0.35)) / 0.85, 3);
    expect(fuzzy.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'familyName', kind: 'FUZZY' }), expect.objectContaining({ field: 'dateOfBirth', kind: 'EXACT' })]));
  });
});
