import { describe, expect, it } from 'vitest';
import { formatMinorUnits } from './money';

describe('formatMinorUnits', () => {
  it('reads GBP minor units as pence (2 digits)', () => {
    expect(formatMinorUnits(4999, 'GBP', 'en-GB')).toBe('£49.99');
  });

  it('reads JPY minor units as whole yen (0 digits)', () => {
    expect(formatMinorUnits(4999, 'JPY', 'en-GB')).toBe('JP¥4,999');
  });

  it('reads BHD minor units as fils (3 digits)', () => {
    expect(formatMinorUnits(4999, 'BHD', 'en-GB')).toBe('BHD\u00a04.999');
  });

  it('pads amounts smaller than one major unit', () => {
    expect(formatMinorUnits(5, 'GBP', 'en-GB')).toBe('£0.05');
    expect(formatMinorUnits(0, 'BHD', 'en-GB')).toBe('BHD\u00a00.000');
  });

  it('keeps large amounts exact (no float rounding)', () => {
    expect(formatMinorUnits(9007199254740991, 'GBP', 'en-GB')).toBe('£90,071,992,547,409.91');
  });

  it('follows the locale for symbols and separators', () => {
    expect(formatMinorUnits(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('rejects fractional or negative minor units', () => {
    expect(() => formatMinorUnits(49.5, 'GBP', 'en-GB')).toThrow(
      /non-negative integer of minor units, got 49.5/,
    );
    expect(() => formatMinorUnits(-1, 'GBP', 'en-GB')).toThrow(RangeError);
  });

  it('formats for en-GB when no locale is given', () => {
    expect(formatMinorUnits(4999, 'GBP')).toBe('£49.99');
    expect(formatMinorUnits(500, 'JPY')).toBe('JP¥500');
    expect(formatMinorUnits(1234567, 'USD')).toBe('US$12,345.67');
  });
});
