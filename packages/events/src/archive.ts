/**
 * How long the platform bus's archive keeps events for replay, by kind of stage: the one source of that
 * retention. Infra's archive and claim-check bucket lifecycle read it (`stageConfig`), the local runtime's
 * archive defaults to the non-production one, and consumers remember the events they handled for longer than
 * the longest of them (`DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS` in `@sfe/consumer-toolkit`), so replaying the
 * archive never repeats a side effect.
 */
export const EVENT_ARCHIVE_RETENTION_DAYS = { production: 90, other: 14 } as const;

/** The archive's retention for a production stage or another one. */
export function eventArchiveRetentionDays(production: boolean): number {
  return production ? EVENT_ARCHIVE_RETENTION_DAYS.production : EVENT_ARCHIVE_RETENTION_DAYS.other;
}

/** The longest archive retention of any stage: what an event id must be remembered for, at least. */
export const MAX_EVENT_ARCHIVE_RETENTION_DAYS = Math.max(...Object.values(EVENT_ARCHIVE_RETENTION_DAYS));
