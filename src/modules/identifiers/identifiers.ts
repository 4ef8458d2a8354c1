import { BIRTH_PROVINCE_CODES } from './province-codes.ts';

/**
 * Checks of Vietnamese identifiers (reference §5.1, §5.2). Pure functions: the same rules serve the API, the forms
 * and the account services. Hard failures are `errors`; plausibility doubts that a real, valid number can still
 * raise are `warnings` (the personal-id structure tables lapsed with the 2023 Law on Identification).
 */
export type IdentifierIssue = { code: string; params?: Record<string, string | number> };

export type IdentifierCheck = {
  valid: boolean;
  /** The identifier in its canonical written form, when it could be read. */
  normalized: string | null;
  errors: IdentifierIssue[];
  warnings: IdentifierIssue[];
};

export const IDENTIFIER_KINDS = ['personal-id', 'tax-code'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * Checks a 12-digit personal identification number `PPP G YY NNNNNN`.
 * Hard rule: exactly 12 digits (spaces are ignored). Soft: known province, plausible century and birth year.
 */
export function checkPersonalId(value: string, today: Date = new Date()): IdentifierCheck {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{12}$/.test(digits)) {
    return { valid: false, normalized: null, errors: [{ code: 'personalId.notTwelveDigits' }], warnings: [] };
  }
  const warnings: IdentifierIssue[] = [];
  const province = digits.slice(0, 3);
  if (!(province in BIRTH_PROVINCE_CODES)) {
    warnings.push({ code: 'personalId.unknownProvince', params: { code: province } });
  }
  const genderCentury = Number(digits[3]);
  const century = 1900 + Math.floor(genderCentury / 2) * 100;
  const birthYear = century + Number(digits.slice(4, 6));
  if (century > 2000) {
    warnings.push({ code: 'personalId.centuryUnlikely', params: { century: century / 100 + 1 } });
  } else if (birthYear > today.getFullYear()) {
    warnings.push({ code: 'personalId.birthYearInFuture', params: { year: birthYear } });
  }
  return { valid: true, normalized: digits, errors: [], warnings };
}

/** Weights of the tax-code check digit over N1..N9 (reference §5.2). */
const TAX_CODE_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * The check digit N10 of a 10-digit tax code: 10 − (Σ Ni·Wi mod 11).
 * @returns 0–9, or 10 when no digit can satisfy the check (such a code is never valid).
 */
export function taxCodeCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += Number(firstNine[i]) * (TAX_CODE_WEIGHTS[i] ?? 0);
  }
  return 10 - (sum % 11);
}

/**
 * Checks an enterprise/tax code: 10 digits with a check digit, optionally a 3-digit branch suffix
 * (`0100109106-001`, also accepted without the hyphen). The suffix is not check-summed.
 */
export function checkTaxCode(value: string): IdentifierCheck {
  const compact = value.replace(/\s+/g, '');
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(compact);
  if (!match) {
    return { valid: false, normalized: null, errors: [{ code: 'taxCode.badFormat' }], warnings: [] };
  }
  const main = match[1] ?? '';
  const branch = match[2];
  const normalized = branch ? `${main}-${branch}` : main;
  const errors: IdentifierIssue[] = [];
  const expected = taxCodeCheckDigit(main.slice(0, 9));
  if (expected === 10) {
    errors.push({ code: 'taxCode.remainderTen' });
  } else if (expected !== Number(main[9])) {
    errors.push({ code: 'taxCode.badCheckDigit' });
  }
  if (branch === '000') {
    errors.push({ code: 'taxCode.branchZero' });
  }
  return { valid: errors.length === 0, normalized, errors, warnings: [] };
}

/** Checks an identifier of the given kind. */
export function checkIdentifier(kind: IdentifierKind, value: string, today?: Date): IdentifierCheck {
  return kind === 'personal-id' ? checkPersonalId(value, today) : checkTaxCode(value);
}
