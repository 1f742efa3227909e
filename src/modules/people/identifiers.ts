/**
 * Pure validation and normalisation of the identifiers a child record carries (uk-safeguarding-standards §6).
 * No database access: unit-tested in test/modules/people-identifiers.test.ts.
 */

export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: string };

const ok = (value: string): IdentifierCheck => ({ ok: true, value });
const bad = (reason: string): IdentifierCheck => ({ ok: false, reason });

/**
 * NHS number: 10 digits; the 10th is a modulus-11 check digit over the first nine with weights 10..2:
 * check = 11 - (sum mod 11); 11 becomes 0; 10 means the number is invalid. Spaces and hyphens are
 * accepted ("943 476 5919") and removed.
 */
export function nhsCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function validateNhsNumber(input: string): IdentifierCheck {
  const value = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(value)) return bad('An NHS number has exactly 10 digits (spaces allowed).');
  const check = nhsCheckDigit(value.slice(0, 9));
  if (check === null) return bad('This NHS number can never be valid (its check digit would be 10).');
  if (check !== Number(value[9])) return bad('The NHS number check digit does not match: check for a mistyped digit.');
  return ok(value);
}

/** The 23 letters a UPN check letter (and a temporary UPN's last character) is drawn from: no I, O or S. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * DfE UPN check letter over characters 2-13: each character times its position (weights 2..13);
 * digits count as their value, and the letter of a temporary UPN (character 13) counts as its index
 * in UPN_LETTERS (A=0, B=1, ... Z=22), as the DfE guidance and its validators do. The sum mod 23
 * indexes UPN_LETTERS.
 */
export function upnCheckLetter(last12: string): string | null {
  if (!/^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(last12)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = last12[i]!;
    const v = /\d/.test(c) ? Number(c) : UPN_LETTERS.indexOf(c);
    sum += v * (i + 2);
  }
  return UPN_LETTERS[sum % 23]!;
}

/**
 * Unique pupil number: 13 characters = check letter + LA number (3 digits) + establishment number
 * (4 digits) + year of allocation (2 digits) + serial (3 characters; a temporary UPN's last character is
 * a letter). Case and spaces are normalised. The LA number is checked for form only (the DfE list of
 * authority numbers changes with reorganisations).
 */
export function validateUpn(input: string): IdentifierCheck {
  const value = input.replace(/\s/g, '').toUpperCase();
  if (value.length !== 13) return bad('A UPN has exactly 13 characters.');
  if (!UPN_LETTERS.includes(value[0]!)) return bad('A UPN starts with its check letter (A-Z without I, O or S).');
  if (!/^\d{11}$/.test(value.slice(1, 12))) return bad('UPN characters 2-12 must be digits (LA number, establishment number, year, serial).');
  if (!/^[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(value[12]!)) return bad('UPN character 13 must be a digit, or a letter (not I, O or S) for a temporary UPN.');
  if (value.slice(1, 4) === '000') return bad('UPN characters 2-4 must be an LA number.');
  if (upnCheckLetter(value.slice(1)) !== value[0]) return bad('The UPN check letter (character 1) does not match: check for a mistyped character.');
  return ok(value);
}

/** Whether a valid UPN is a temporary one (last character a letter). */
export function isTemporaryUpn(upn: string): boolean {
  return /[A-Z]$/.test(upn);
}

/** Unique learner number: 10 digits, first not 0; check = 10 - (sum of digits 1-9 x weights 10..2 mod 11); remainder 0 is invalid. */
export function validateUln(input: string): IdentifierCheck {
  const value = input.replace(/\s/g, '');
  if (!/^[1-9]\d{9}$/.test(value)) return bad('A ULN has exactly 10 digits and does not start with 0.');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const remainder = sum % 11;
  if (remainder === 0 || 10 - remainder !== Number(value[9])) return bad('The ULN check digit does not match.');
  return ok(value);
}

/** LAchildID (CIN census / SSDA903): up to 20 letters or digits, unique only within its authority. */
export function validateLaChildId(input: string): IdentifierCheck {
  const value = input.trim();
  if (!/^[A-Za-z0-9]{1,20}$/.test(value)) return bad('An LA child id is 1-20 letters or digits.');
  return ok(value);
}

/** DfE LA code (the namespace of an LA child id): three digits, e.g. 931. */
export function validateLaCode(input: string): IdentifierCheck {
  const value = input.trim();
  return /^\d{3}$/.test(value) ? ok(value) : bad('The namespace of an LA child id is the three-digit DfE LA code of the authority, e.g. 931.');
}

/** Police force code (the namespace of a police person id): 2-8 letters or digits, e.g. NS. */
export function validateForceCode(input: string): IdentifierCheck {
  const value = input.trim().toUpperCase();
  return /^[A-Z0-9]{2,8}$/.test(value) ? ok(value) : bad('The namespace of a police person id is the force code (2-8 letters or digits), e.g. NS.');
}

/** Police person id (nominal id, PNC id): opaque within its force, 1-40 letters, digits, '/' or '-'. */
export function validatePolicePersonId(input: string): IdentifierCheck {
  const value = input.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9/-]{0,39}$/.test(value) ? ok(value) : bad('A police person id is 1-40 letters, digits, "/" or "-".');
}

/** Home Office reference (e.g. UASC case or person id): 4-30 letters, digits, '/' or '-'. */
export function validateHomeOfficeRef(input: string): IdentifierCheck {
  const value = input.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9/-]{3,29}$/.test(value) ? ok(value) : bad('A Home Office reference is 4-30 letters, digits, "/" or "-".');
}

/**
 * UK postcode (format only; not whether it exists), normalised to upper case with one space before the
 * inward code: "ns14ab" -> "NS1 4AB". GIR 0AA is accepted.
 */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s/g, '').toUpperCase();
  const re = /^(GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;
  if (!re.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** The outward code of a normalised postcode ("NS1 4AB" -> "NS1"). */
export function outwardCode(postcode: string): string {
  return postcode.split(' ')[0]!;
}
