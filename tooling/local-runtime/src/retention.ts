/**
 * The dev stage's archive retention (`eventRetention` in infra's stage config, 14 days outside production):
 * what the local archive keeps unless `SFE_ARCHIVE_RETENTION_DAYS` says otherwise. A test reads the stage
 * config so the two cannot drift.
 */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = 14;
