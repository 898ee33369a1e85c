import { describe, expect, it } from 'vitest';
import { comparableValue } from './numeric';

describe('comparableValue', () => {
  it.each([
    ['300', 300],
    ['3.0E2', 300],
    ['300.000', 300],
    ['-0', 0],
    ['0.1', 0.1],
    ['-122.42916360922355', -122.42916360922355],
    ['4999999683.520098', 4999999683.520098],
    ['5e9', 5e9],
    ['1e300', 1e300],
    ['123456789012', 123456789012],
  ])('compares %s as %d', (text, value) => {
    expect(comparableValue(text)).toBe(value);
  });

  it.each([
    ['0.30000000000000001', 'more digits than its double keeps'],
    ['9007199254740993', 'an integer a double cannot hold'],
    ['1e400', 'out of the double range'],
    ['1e-400', 'underflows to zero'],
    ['0.100000000000000000001', 'more than 17 significant digits'],
  ])('does not compare %s (%s)', (text) => {
    expect(comparableValue(text)).toBeUndefined();
  });
});
