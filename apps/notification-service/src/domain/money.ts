/**
 * An amount in a currency's minor units for people: 4999 GBP is "£49.99", 4999 JPY "¥4,999". Digits come from
 * Intl (ISO 4217 via CLDR), and the value is passed as a decimal string, so there is no float rounding.
 * (The email service formats receipts the same way; apps do not share code, and this is a few lines.)
 */
export function formatMinorUnits(amount: number, currency: string, locale: string): string {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`);
  }
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const whole = String(amount).padStart(digits + 1, '0');
  return format.format(
    (digits === 0 ? whole : `${whole.slice(0, -digits)}.${whole.slice(-digits)}`) as `${number}`,
  );
}
