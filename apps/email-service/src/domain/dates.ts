/** A calendar date for people, in UTC so every reader of the same email sees the same day. */
export function formatDate(instant: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(instant));
}

/** A date and time for people, in UTC and saying so. */
export function formatDateTime(instant: string | Date, locale: string): string {
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(instant));
  return `${formatted} UTC`;
}
