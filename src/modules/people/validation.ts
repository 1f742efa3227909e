import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { DisabilityCode, IdentifierType } from './codes';
import {
  normalisePostcode,
  validateForceCode,
  validateHomeOfficeRef,
  validateLaChildId,
  validateLaCode,
  validateNhsNumber,
  validatePolicePersonId,
  validateUln,
  validateUpn,
  type IdentifierCheck,
} from './identifiers';

/**
 * Input rules of the people module (issue: date logic, identifiers, addresses), as functions that add
 * precise userErrors to an ErrorCollector under a field path such as ["input", "identifiers", "1", "value"].
 */

export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** `iso` plus whole calendar months (clamped to the month's last day). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** An expected date of birth may be at most this many months ahead (a pregnancy is ~9 months; allow for late booking). */
export const MAX_MONTHS_TO_EXPECTED_BIRTH = 10;

export interface ChildDates {
  dateOfBirth?: string | null;
  expectedDateOfBirth?: string | null;
  dateOfDeath?: string | null;
  uascStatusStartDate?: string | null;
  uascStatusEndDate?: string | null;
}

/**
 * Date rules of a child record (the state after the change): a date of birth or, for an unborn child,
 * an expected date of birth; not both given together; date of birth not in the future; expected date of
 * birth at most ~10 months ahead; date of death not in the future, not before the date of birth, and not
 * for an unborn child; UASC status end not before its start. `given` names the fields the caller sent
 * (errors point at them).
 */
export function checkChildDates(errors: ErrorCollector, after: ChildDates, given: ChildDates, today = todayIso()): void {
  if (!after.dateOfBirth && !after.expectedDateOfBirth) {
    errors.add('dateOfBirth', UserErrorCode.REQUIRED, 'Give a date of birth, or an expected date of birth for an unborn child.');
  }
  if (given.dateOfBirth && given.expectedDateOfBirth) {
    errors.add('expectedDateOfBirth', UserErrorCode.IMPOSSIBLE_DATE, 'A child with a date of birth has no expected date of birth: give one or the other.');
  } else if (given.expectedDateOfBirth && after.dateOfBirth) {
    errors.add('expectedDateOfBirth', UserErrorCode.IMPOSSIBLE_DATE, 'This child is already born (a date of birth is recorded): an expected date of birth cannot be set.');
  }
  if (given.dateOfBirth && given.dateOfBirth > today) errors.add('dateOfBirth', UserErrorCode.DATE_IN_FUTURE, 'The date of birth is in the future; for an unborn child give expectedDateOfBirth instead.');
  if (given.expectedDateOfBirth && given.expectedDateOfBirth > addMonths(today, MAX_MONTHS_TO_EXPECTED_BIRTH)) {
    errors.add('expectedDateOfBirth', UserErrorCode.IMPOSSIBLE_DATE, `The expected date of birth is more than ${MAX_MONTHS_TO_EXPECTED_BIRTH} months ahead.`);
  }
  if (given.dateOfDeath) {
    if (given.dateOfDeath > today) errors.add('dateOfDeath', UserErrorCode.DATE_IN_FUTURE, 'The date of death is in the future.');
    if (!after.dateOfBirth) errors.add('dateOfDeath', UserErrorCode.IMPOSSIBLE_DATE, 'Record the date of birth before a date of death.');
    else if (given.dateOfDeath < after.dateOfBirth) errors.add('dateOfDeath', UserErrorCode.DATE_ORDER, 'The date of death is before the date of birth.');
  }
  if (after.uascStatusStartDate && after.uascStatusEndDate && after.uascStatusEndDate < after.uascStatusStartDate) {
    errors.add(given.uascStatusEndDate ? 'uascStatusEndDate' : 'uascStatusStartDate', UserErrorCode.DATE_ORDER, 'The UASC status ends before it starts.');
  }
}

export interface IdentifierInputShape {
  type: IdentifierType;
  value: string;
  namespace?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface NormalisedIdentifier {
  type: IdentifierType;
  value: string;
  namespace: string | null;
  validFrom: string | null;
  validTo: string | null;
}

const NAMESPACED: Partial<Record<IdentifierType, (s: string) => IdentifierCheck>> = {
  [IdentifierType.LA_CHILD_ID]: validateLaCode,
  [IdentifierType.POLICE_PERSON_ID]: validateForceCode,
};

const VALUE_RULES: Record<IdentifierType, { check: (s: string) => IdentifierCheck; code: UserErrorCode }> = {
  [IdentifierType.NHS_NUMBER]: { check: validateNhsNumber, code: UserErrorCode.INVALID_NHS_NUMBER },
  [IdentifierType.UPN]: { check: validateUpn, code: UserErrorCode.INVALID_UPN },
  [IdentifierType.FORMER_UPN]: { check: validateUpn, code: UserErrorCode.INVALID_UPN },
  [IdentifierType.LA_CHILD_ID]: { check: validateLaChildId, code: UserErrorCode.INVALID_IDENTIFIER },
  [IdentifierType.POLICE_PERSON_ID]: { check: validatePolicePersonId, code: UserErrorCode.INVALID_IDENTIFIER },
  [IdentifierType.HOME_OFFICE_REF]: { check: validateHomeOfficeRef, code: UserErrorCode.INVALID_IDENTIFIER },
  [IdentifierType.ULN]: { check: validateUln, code: UserErrorCode.INVALID_IDENTIFIER },
};

/** Validates and normalises one identifier input; returns null (and adds errors under `path`) when refused. */
export function checkIdentifier(errors: ErrorCollector, input: IdentifierInputShape, path: string[]): NormalisedIdentifier | null {
  const before = errors.errors.length;
  const rule = VALUE_RULES[input.type];
  const checked = rule.check(input.value ?? '');
  if (!checked.ok) errors.add([...path, 'value'], rule.code, checked.reason);
  let namespace: string | null = null;
  const nsRule = NAMESPACED[input.type];
  const givenNs = input.namespace?.trim() || null;
  if (nsRule) {
    if (!givenNs) errors.add([...path, 'namespace'], UserErrorCode.INVALID_IDENTIFIER, input.type === IdentifierType.LA_CHILD_ID ? 'An LA child id is unique only within its authority: give the DfE LA code as namespace (e.g. 931).' : 'A police person id is unique only within its force: give the force code as namespace (e.g. NS).');
    else {
      const ns = nsRule(givenNs);
      if (!ns.ok) errors.add([...path, 'namespace'], UserErrorCode.INVALID_IDENTIFIER, ns.reason);
      else namespace = ns.value;
    }
  } else if (givenNs) {
    errors.add([...path, 'namespace'], UserErrorCode.INVALID_IDENTIFIER, `A ${input.type} is national: leave namespace empty.`);
  }
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) errors.add([...path, 'validTo'], UserErrorCode.DATE_ORDER, 'validTo is before validFrom.');
  if (errors.errors.length > before || !checked.ok) return null;
  return { type: input.type, value: checked.value, namespace, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null };
}

/** Key of an identifier for duplicate detection. */
export const identifierKey = (i: { type: string; namespace?: string | null; value: string }): string => `${i.type}|${i.namespace ?? ''}|${i.value}`;

/** Whether an identifier is active on `today` (no end, or ends today or later). */
export const identifierActive = (i: { validTo?: string | null }, today = todayIso()): boolean => !i.validTo || i.validTo >= today;

export interface AddressInputShape {
  postcode?: string | null;
  fromDate?: string | null;
  toDate?: string | null;
  line1: string;
}

/** Postcode format (normalised) and from/to order; returns the normalised postcode. */
export function checkAddress(errors: ErrorCollector, input: AddressInputShape, path: string[]): { postcode: string | null } {
  if (!input.line1?.trim()) errors.add([...path, 'line1'], UserErrorCode.REQUIRED, 'Give the first line of the address.');
  let postcode: string | null = null;
  if (input.postcode?.trim()) {
    postcode = normalisePostcode(input.postcode);
    if (!postcode) errors.add([...path, 'postcode'], UserErrorCode.INVALID_FORMAT, 'Not a UK postcode (e.g. "NS1 4AB").');
  }
  if (input.fromDate && input.toDate && input.toDate < input.fromDate) errors.add([...path, 'toDate'], UserErrorCode.DATE_ORDER, 'The address end date is before its start date.');
  return { postcode };
}

/** DfE rule: NONE stands alone; no code twice. */
export function checkDisabilities(errors: ErrorCollector, codes: DisabilityCode[], path: string[]): DisabilityCode[] {
  const unique = [...new Set(codes)];
  if (unique.length !== codes.length) errors.add(path, UserErrorCode.DUPLICATE, 'A disability code is listed twice.');
  if (unique.includes(DisabilityCode.NONE) && unique.length > 1) errors.add(path, UserErrorCode.INVALID_CODE, 'NONE cannot be combined with other disability codes.');
  return unique;
}
