/**
 * Formats an amount in a currency's minor units (pence, yen, fils) for people: 4999 GBP is "£49.99",
 * 4999 JPY is "¥4,999", 4999 BHD is "BHD 4.999". The number of minor-unit digits comes from Intl (ISO 4217 via
 * CLDR), never a hand table, and the amount is handed over as a decimal string so no float rounding occurs.
 * Amounts are what `MinorUnitsSchema` accepts: a fractional or negative amount throws a `RangeError`.
 *
 * @example formatMinorUnits(123456, 'EUR', 'de-DE') // '1.234,56 €'
 */
export function formatMinorUnits(amount: number, currency: string, locale = 'en-GB'): string {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`);
  }
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const padded = String(amount).padStart(digits + 1, '0');
  const decimal = digits === 0 ? padded : `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return format.format(decimal as `${number}`);
}
