import { describe, expect, it } from 'vitest';
import { checkPersonalId, checkTaxCode, taxCodeCheckDigit } from './identifiers.ts';

describe('checkPersonalId', () => {
  it('accepts a Lào Cai-registered number of a man born in 1995 with no warnings', () => {
    expect(checkPersonalId('010095001234', new Date('2026-01-01'))).toEqual({
      valid: true,
      normalized: '010095001234',
      errors: [],
      warnings: [],
    });
  });

  it('ignores spaces people type in groups', () => {
    expect(checkPersonalId('010 0 95 001234').normalized).toBe('010095001234');
  });

  it.each(['01009500123', '0100950012345', '01009500123a', '', '０１００９５００１２３４'])('refuses %j (not 12 ASCII digits)', (value) => {
    const check = checkPersonalId(value);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([{ code: 'personalId.notTwelveDigits' }]);
  });

  it('warns, without refusing, on a province code that is not in the list', () => {
    const check = checkPersonalId('099095001234', new Date('2026-01-01'));
    expect(check.valid).toBe(true);
    expect(check.warnings).toEqual([{ code: 'personalId.unknownProvince', params: { code: '099' } }]);
  });

  it('warns on a birth year in the future', () => {
    const check = checkPersonalId('015399001234', new Date('2026-01-01'));
    expect(check.warnings).toEqual([{ code: 'personalId.birthYearInFuture', params: { year: 2099 } }]);
  });

  it('reads a woman born in 2003 (century digit 3) as plausible', () => {
    expect(checkPersonalId('015303001234', new Date('2026-01-01')).warnings).toEqual([]);
  });

  it('warns on a 22nd-century birth (century digit 4 or 5)', () => {
    expect(checkPersonalId('010401001234', new Date('2026-01-01')).warnings).toEqual([
      { code: 'personalId.centuryUnlikely', params: { century: 22 } },
    ]);
  });
});

describe('checkTaxCode', () => {
  it('computes the documented worked example 0100109106 → check digit 6', () => {
    expect(taxCodeCheckDigit('010010910')).toBe(6);
  });

  it('accepts a 10-digit code with the right check digit', () => {
    expect(checkTaxCode('0100109106')).toEqual({ valid: true, normalized: '0100109106', errors: [], warnings: [] });
  });

  it('accepts a branch code with or without the hyphen and normalises it', () => {
    expect(checkTaxCode('0100109106-001').normalized).toBe('0100109106-001');
    expect(checkTaxCode('0100109106001')).toMatchObject({ valid: true, normalized: '0100109106-001' });
  });

  it('refuses a wrong check digit', () => {
    expect(checkTaxCode('0100109107')).toMatchObject({ valid: false, errors: [{ code: 'taxCode.badCheckDigit' }] });
  });

  it('refuses a code whose check remainder is 0 (the digit would have to be 10)', () => {
    // 000000000x: the weighted sum is 0, so 10 − 0 = 10 cannot be written as one digit.
    expect(checkTaxCode('0000000000')).toMatchObject({ valid: false, errors: [{ code: 'taxCode.remainderTen' }] });
  });

  it('refuses branch 000', () => {
    expect(checkTaxCode('0100109106-000')).toMatchObject({ valid: false, errors: [{ code: 'taxCode.branchZero' }] });
  });

  it.each(['010010910', '01001091066', '0100109106-01', 'abcdefghij', '0100109106/001'])('refuses the malformed %j', (value) => {
    expect(checkTaxCode(value)).toMatchObject({ valid: false, normalized: null, errors: [{ code: 'taxCode.badFormat' }] });
  });
});
